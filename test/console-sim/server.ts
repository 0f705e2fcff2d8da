/**
 * The console simulator's HTTP server: the shell page, the Platform app (static
 * files in ./app), the mock Platform API under /data/, a simulated IMS session for
 * the app, and the /__control/ endpoint for tests. Plain node:http, no framework.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GATEWAY_401, gatewayCheck, handleApi, type ApiResponse } from './api';
import { handleControl } from './control';
import { isScenarioName, type ScenarioName } from './scenarios';
import { SimState, type Fault } from './state';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  scenario?: ScenarioName;
  /** See SimState: `real` for anything a browser with the extension looks at. */
  clock?: 'fixture' | 'real';
}

export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /**
   * The same simulator on a second loopback address (`http://127.0.0.2:<port>`): the shell's
   * `?frameHost=127.0.0.2` serves the app frame from it, a console frame on a host the
   * extension does not read until the user allows it. Absent when that address is taken.
   */
  frameUrl?: string;
  state: SimState;
  close(): Promise<void>;
}

const SIM_DIR = fileURLToPath(new URL('./', import.meta.url));
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
/** Static files, relative to this folder. `spectrum/dist/` is built on first request (spectrum/build.ts). */
const STATIC: Record<string, [file: string, type: string]> = {
  '/': ['app/shell.html', HTML],
  '/shell.html': ['app/shell.html', HTML],
  '/app/': ['app/index.html', HTML],
  '/app/index.html': ['app/index.html', HTML],
  '/app/app.js': ['app/app.js', JS],
  '/app/common.js': ['app/common.js', JS],
  '/app/app.css': ['app/app.css', CSS],
  '/app/spectrum/app.js': ['spectrum/dist/app.js', JS],
  '/app/spectrum/app.css': ['spectrum/dist/app.css', CSS],
};

/** `?ui=spectrum`: the same app page, rendered by React Spectrum (same URL, so tests find the frame alike). */
function staticFile(url: URL): [file: string, type: string] | undefined {
  const file = STATIC[url.pathname];
  if (file?.[0] === 'app/index.html' && url.searchParams.get('ui') === 'spectrum') return ['spectrum/index.html', HTML];
  return file;
}

let spectrumBuild: Promise<void> | null = null;
/** Builds the Spectrum bundle once per process when it is missing or older than its sources. */
function ensureSpectrumBuilt(): Promise<void> {
  spectrumBuild ??= import('./spectrum/build').then((b) => (b.spectrumBuildStale() ? b.buildSpectrumApp() : undefined));
  return spectrumBuild;
}

// The app may be served from localhost and call the API on 127.0.0.1 (cross-origin, as the real console does).
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-api-key, x-gw-ims-org-id, x-sandbox-name, x-sandbox-id, content-type, accept',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-expose-headers': 'retry-after',
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimState(options.scenario ?? 'fixtures', options.clock ?? 'fixture');
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: `simulator error: ${String(error)}` } });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const frameServer = createServer(server.listeners('request')[0] as Parameters<typeof createServer>[0]);
  const frameUrl = await new Promise<string | undefined>((resolve) => {
    frameServer.once('error', () => resolve(undefined));
    frameServer.listen(port, '127.0.0.2', () => resolve(`http://127.0.0.2:${port}`));
  });
  const closeServer = (s: typeof server) =>
    new Promise<void>((resolve) => {
      if (!s.listening) return resolve();
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return {
    url: `http://${host}:${port}`,
    port,
    ...(frameUrl && { frameUrl }),
    state,
    close: async () => {
      await Promise.all([closeServer(server), closeServer(frameServer)]);
    },
  };
}

async function handle(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readBody(req);
  const body = parseBody(raw);

  if (url.pathname.startsWith('/__control/')) {
    return send(res, handleControl(state, method, url.pathname.slice('/__control/'.length), body));
  }

  const logged = state.record({
    method,
    path: url.pathname,
    query: queryObject(url.searchParams),
    headers: headerObject(req),
    body,
  });
  const reply = (response: ApiResponse) => {
    logged.status = response.status;
    send(res, response);
  };

  if (method === 'OPTIONS') return reply({ status: 204, body: undefined });
  const file = staticFile(url);
  if (file && method === 'GET') {
    if (file[0].startsWith('spectrum/')) await ensureSpectrumBuilt();
    logged.status = 200;
    res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' });
    res.end(await readFile(SIM_DIR + file[0]));
    return;
  }
  if (url.pathname === '/__sim/session') return reply(session(state, url.searchParams.get('scenario')));
  if (!url.pathname.startsWith('/data/')) return reply({ status: 404, body: { message: 'not found' } });
  // The Platform's clock is the simulator's: a test can set the browser's apart from it.
  res.setHeader('date', new Date(state.now()).toUTCString());

  if (state.config.latencyMs > 0) await new Promise((r) => setTimeout(r, state.config.latencyMs));
  const fault = state.takeFault(method, url.pathname);
  if (fault?.kind === 'drop') {
    logged.status = 0;
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'malformed') {
    logged.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', ...CORS });
    res.end('{"items": [{"id": "truncated');
    return;
  }
  if (fault) return reply(faultResponse(fault));
  const headers = headerObject(req);
  const rejected = gatewayCheck(state, headers);
  if (rejected) return reply(rejected);
  reply(handleApi(state, { method, path: url.pathname, query: url.searchParams, headers, body }));
}

function faultResponse(fault: Fault): ApiResponse {
  switch (fault.kind) {
    case '429':
      return { status: 429, body: { message: 'Too Many Requests' }, headers: { 'retry-after': String(fault.retryAfter ?? 1) } };
    case '401':
      return { status: 401, body: GATEWAY_401 };
    default:
      return { status: 500, body: { type: 'internal-error', title: 'Internal Server Error', status: 500, detail: 'Simulated failure' } };
  }
}

/**
 * Stands in for IMS: the app learns its token here and then calls the API with it,
 * so the extension can capture the session from the app's own requests.
 */
function session(state: SimState, scenario: string | null): ApiResponse {
  if (isScenarioName(scenario) && scenario !== state.scenario.name) state.seed(scenario);
  const { token, apiKey, orgId, sandbox, tenant, name } = state.scenario;
  return { status: 200, body: { accessToken: token, apiKey, orgId, sandbox, tenant, scenario: name, now: state.now() } };
}

function send(res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string> = { ...CORS, 'cache-control': 'no-store', ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  res.writeHead(response.status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(response.body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function headerObject(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}
