// Over 400 lines: one local HTTP server drives every case of the client's one request path (origin, retries, timeouts, caps, each endpoint).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Credentials } from '@/lib/model';
import { ADHOC_V2_ACCEPT, createPlatformClient, parseRetryAfter, type PlatformClientOptions } from './client';
import { PlatformError } from './errors';

const fixtureText = (name: string) => readFileSync(new URL(`../../test/fixtures/platform/${name}`, import.meta.url), 'utf8');

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A real HTTP server on 127.0.0.1, port chosen by the OS; records what it received. */
function startServer() {
  const seen: Seen[] = [];
  let handler: Handler = (_req, res) => res.writeHead(500).end();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return {
    seen,
    server,
    origin: '',
    handle(next: Handler) {
      handler = next;
    },
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const platform = startServer();
const other = startServer();

beforeAll(async () => {
  await platform.listen();
  await other.listen();
});
afterAll(async () => {
  await platform.close();
  await other.close();
});
beforeEach(() => {
  platform.seen.length = 0;
  other.seen.length = 0;
});

const credentials: Credentials = {
  authorization: 'Bearer secret-token',
  apiKey: 'exc_app',
  orgId: 'ORG@AdobeOrg',
  sandbox: 'prod',
  seenAt: 0,
  source: 'console',
};

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
  };

function client(overrides: Partial<PlatformClientOptions> = {}) {
  const sleeps: number[] = [];
  const api = createPlatformClient({
    baseUrl: platform.origin,
    credentials,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    now: () => Date.parse('2026-11-28T12:00:00Z'),
    timeoutMs: 5_000,
    ...overrides,
  });
  return { api, sleeps };
}

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformError);
    return error as PlatformError;
  }
  throw new Error('expected a rejection');
}

describe('requests', () => {
  it('sends the common headers and the v2 Accept with the ad-hoc body', async () => {
    platform.handle(json(200, JSON.parse(fixtureText('adhocrun-200.json'))));
    const { api } = client();
    const orders = await api.activate({ 'flow-1': ['a', 'b'] });
    expect(orders[0]?.runId).toBe('4e5f6a7b-0000-4000-8000-0000000000b1');
    const [request] = platform.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/data/core/activation/disflowprovider/adhocrun' });
    expect(request!.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'x-api-key': 'exc_app',
      'x-gw-ims-org-id': 'ORG@AdobeOrg',
      'x-sandbox-name': 'prod',
      accept: ADHOC_V2_ACCEPT,
      'content-type': 'application/json',
    });
    expect(JSON.parse(request!.body)).toEqual({ activationInfo: { 'flow-1': ['a', 'b'] } });
  });

  it('lists destination flows across pages, by next link and by continuation token', async () => {
    const flows = JSON.parse(fixtureText('flows.json')) as { items: unknown[] };
    platform.handle((req, res) => {
      const url = new URL(req.url!, platform.origin);
      const token = url.searchParams.get('continuationToken');
      if (!token)
        return json(200, { items: [flows.items[0]], _links: { next: { href: `${platform.origin}/data/foundation/flowservice/flows?continuationToken=p2` } } })(
          req,
          res,
          '',
        );
      if (token === 'p2') return json(200, { items: [flows.items[1]], continuationToken: 'p3' })(req, res, '');
      return json(200, { items: [flows.items[2]], _links: {} })(req, res, '');
    });
    const { api } = client();
    const result = await api.listDestinationFlows();
    expect(result.map((f) => f.name)).toEqual(['Amazon S3 – Loyalty exports', 'SFTP – Campanhas Brasil', 'Streaming – Ads platform']);
    const first = new URL(platform.seen[0]!.url, platform.origin);
    expect(first.pathname).toBe('/data/foundation/flowservice/flows');
    expect(first.searchParams.get('property')).toBe('inheritedAttributes.properties.isDestinationFlow==true');
    expect(platform.seen).toHaveLength(3);
  });

  it("asks for the next page of dataflows before what a page's handler asks for, each page handed out as it comes", async () => {
    const flows = JSON.parse(fixtureText('flows.json')) as { items: unknown[] };
    platform.handle((req, res) => {
      if (req.method === 'POST') return json(207, { results: {} })(req, res, '');
      const token = new URL(req.url!, platform.origin).searchParams.get('continuationToken');
      if (!token) return json(200, { items: flows.items.slice(0, 2), continuationToken: 'p2' })(req, res, '');
      return json(200, { items: flows.items.slice(2) })(req, res, '');
    });
    const fetched: string[] = [];
    const { api } = client({ fetch: (input, init) => (fetched.push(new URL(String(input)).search || 'bulk-get'), globalThis.fetch(input, init)) });
    const pages: string[][] = [];
    const asked: Promise<unknown>[] = [];
    const result = await api.listDestinationFlows((page) => {
      pages.push(page.map((f) => f.name));
      // What the view builder does with a page: ask for its audiences.
      asked.push(api.getAudiences(page.map((f) => f.id)));
    });
    await Promise.all(asked);
    expect(pages).toEqual([['Amazon S3 – Loyalty exports', 'SFTP – Campanhas Brasil'], ['Streaming – Ads platform']]);
    expect(result.map((f) => f.name)).toEqual(pages.flat());
    expect(fetched.map((f) => (f.includes('continuationToken=p2') ? 'page 2' : f.startsWith('?') ? 'page 1' : f))).toEqual([
      'page 1',
      'page 2',
      'bulk-get',
      'bulk-get',
    ]);
  });

  it('a malformed page of dataflows fails the listing with its own error, whatever the next page would say', async () => {
    platform.handle((req, res) => {
      const token = new URL(req.url!, platform.origin).searchParams.get('continuationToken');
      if (!token) return json(200, { items: 'not a list', continuationToken: 'p2' })(req, res, '');
      return json(500, { message: 'busy' })(req, res, '');
    });
    const error = await rejection(client({ retries: 0 }).api.listDestinationFlows());
    expect(error.kind).toBe('malformed');
  });

  it('never follows a next link to another origin', async () => {
    platform.handle(json(200, { items: [], _links: { next: { href: `${other.origin}/data/foundation/flowservice/flows?continuationToken=x` } } }));
    const error = await rejection(client().api.listDestinationFlows());
    expect(error.kind).toBe('refused');
    expect(other.seen).toHaveLength(0);
  });

  it('asks for flows by ids in chunks, and filters runs by time here', async () => {
    platform.handle(json(200, { items: [] }));
    const ids = Array.from({ length: 45 }, (_, i) => `id-${i}`);
    await client().api.getFlowsByIds([...ids, 'id-0']);
    const properties = platform.seen.map((s) => new URL(s.url, platform.origin).searchParams.get('property'));
    expect(properties).toEqual([`id==${ids.slice(0, 40).join(',')}`, `id==${ids.slice(40).join(',')}`]);

    platform.seen.length = 0;
    platform.handle(json(200, JSON.parse(fixtureText('runs.json'))));
    const runs = await client().api.listRuns('0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01', { since: 1795860000000 });
    expect(runs.map((r) => r.id)).toEqual(['9d8c7b6a-0000-4000-8000-0000000000a1']);
    expect(new URL(platform.seen[0]!.url, platform.origin).searchParams.get('property')).toBe('flowId==0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01');
  });

  it('gets audiences and merge policies in bulk', async () => {
    platform.handle((req, res, body) => {
      const file = req.url!.includes('mergePolicies') ? 'merge-policies-bulk-get.json' : 'audiences-bulk-get.json';
      expect(JSON.parse(body).ids[0]).toHaveProperty('id');
      res.writeHead(207, { 'content-type': 'application/json' }).end(fixtureText(file));
    });
    const { api } = client();
    const audiences = await api.getAudiences(['6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a01', 'gone']);
    expect(audiences.records).toHaveLength(3);
    expect(audiences.missing).toEqual(['gone']);
    const policies = await api.getMergePolicies(['7c8d9e0f-0000-4000-8000-0000000000c2']);
    expect(policies.records.map((p) => p.version)).toEqual([3, 2]);
    expect(platform.seen.map((s) => s.url)).toEqual(['/data/core/ups/audiences/bulk-get', '/data/core/ups/config/mergePolicies/bulk-get']);
  });

  it('sends bulk-get bodies side by side; one refused as too large goes again in halves, and later calls keep to the size that passed', async () => {
    const sizes: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    platform.handle((_req, res, body) => {
      const ids = JSON.parse(body).ids as { id: string }[];
      sizes.push(ids.length);
      if (ids.length > 100) return void res.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res
          .writeHead(207, { 'content-type': 'application/json' })
          .end(JSON.stringify({ results: Object.fromEntries(ids.map(({ id }) => [id, { id, name: id }])) }));
      }, 5);
    });
    const api = client().api;
    const ids = Array.from({ length: 1200 }, (_, i) => `a-${i}`);
    const audiences = await api.getAudiences(ids);
    expect(audiences.records.map((r) => r.id)).toEqual(ids);
    expect(audiences.missing).toEqual([]);
    // 1,000 + 200 at once; 1,000 -> 500 -> 250 -> 125 -> 63 + 62, and 200 -> 100 + 100.
    expect(sizes.slice(0, 2).sort()).toEqual([1000, 200]);
    expect(sizes.filter((n) => n <= 100).sort((x, y) => x - y)).toEqual([...Array<number>(8).fill(62), ...Array<number>(8).fill(63), 100, 100]);
    expect(mostInFlight).toBeGreaterThan(1);

    sizes.length = 0;
    await api.getAudiences(ids.slice(0, 300));
    expect(sizes).toEqual([100, 100, 100]);
  });
});

describe('retries', () => {
  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    let calls = 0;
    platform.handle((req, res) => (++calls <= 2 ? json(503, { message: 'busy' }) : json(200, { items: [] }))(req, res, ''));
    const { api, sleeps } = client({ baseDelayMs: 100, random: () => 0.5 });
    await expect(api.listRuns('f')).resolves.toEqual([]);
    expect(platform.seen).toHaveLength(3);
    // ceiling/2 + random * ceiling/2 with ceilings 100, 200.
    expect(sleeps).toEqual([75, 150]);
  });

  it('gives up after the retries with a server error', async () => {
    platform.handle(json(500, { message: 'Internal error' }));
    const error = await rejection(client({ retries: 2 }).api.getFlow('f'));
    expect(error).toMatchObject({ kind: 'server', status: 500, message: 'Internal error' });
    expect(platform.seen).toHaveLength(3);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    let calls = 0;
    platform.handle((req, res) => {
      calls += 1;
      if (calls === 1) return json(429, {}, { 'retry-after': '7' })(req, res, '');
      if (calls === 2) return json(503, {}, { 'retry-after': 'Sat, 28 Nov 2026 12:00:05 GMT' })(req, res, '');
      return json(200, { items: [] })(req, res, '');
    });
    const { api, sleeps } = client();
    await api.listRuns('f');
    expect(sleeps).toEqual([7000, 5000]);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it("tells the server clock every answer's Date header, refusals too", async () => {
    let calls = 0;
    platform.handle((req, res) => {
      calls += 1;
      const date = calls === 1 ? 'Sat, 28 Nov 2026 12:10:00 GMT' : 'Sat, 28 Nov 2026 11:50:00 GMT';
      return json(calls === 1 ? 200 : 404, calls === 1 ? { items: [] } : { message: 'no' }, { date })(req, res, '');
    });
    const seen: [string | null, number][] = [];
    const { api } = client({ clock: { observe: (header, at) => void seen.push([header, at]) } });
    await api.listRuns('f');
    await rejection(api.getFlow('f'));
    const at = Date.parse('2026-11-28T12:00:00Z');
    expect(seen).toEqual([
      ['Sat, 28 Nov 2026 12:10:00 GMT', at],
      ['Sat, 28 Nov 2026 11:50:00 GMT', at],
    ]);
  });

  it('tells of list items it left out, page by page, and returns the rest', async () => {
    let calls = 0;
    platform.handle((req, res) => {
      calls += 1;
      const next = calls === 1 ? { _links: { next: { href: `${platform.origin}/data/foundation/flowservice/runs?page=2` } } } : {};
      return json(200, { items: [{ id: `r${calls}`, flowId: 'f' }, { id: `bad${calls}` }], ...next })(req, res, '');
    });
    const seen: [string, number][] = [];
    const { api } = client({ onSkipped: (list, count) => void seen.push([list, count]) });
    expect((await api.listRuns('f')).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(seen).toEqual([
      ['runs', 1],
      ['runs', 1],
    ]);
  });

  it('hands a 429 on the ad-hoc POST to the caller at once, even a short one, so its wait can be stored first', async () => {
    platform.handle(json(429, { message: 'slow down' }, { 'retry-after': '5' }));
    const { api, sleeps } = client();
    const error = await rejection(api.activate({ f: ['a'] }));
    expect(error).toMatchObject({ kind: 'quota', retryAfterMs: 5000 });
    expect(sleeps).toEqual([]);
    expect(platform.seen).toHaveLength(1);
  });

  it('does not wait for a Retry-After beyond the cap: the caller gets the error', async () => {
    platform.handle(json(429, { message: 'slow down' }, { 'retry-after': '3600' }));
    const { api, sleeps } = client();
    const error = await rejection(api.listRuns('f'));
    expect(error).toMatchObject({ kind: 'quota', retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
  });

  it.each([400, 401, 403, 404, 409])('never retries a %i', async (status) => {
    platform.handle(json(status, { message: 'no' }));
    const { api, sleeps } = client();
    await rejection(api.getFlow('f'));
    expect(platform.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries a dropped connection on reads, but not an activation whose outcome is unknown', async () => {
    let calls = 0;
    platform.handle((req, res) => (++calls === 1 ? req.socket.destroy() : json(200, { items: [] })(req, res, '')));
    await expect(client().api.listRuns('f')).resolves.toEqual([]);
    expect(calls).toBe(2);

    platform.handle((req) => req.socket.destroy());
    const error = await rejection(client().api.activate({ f: ['a'] }));
    expect(error.kind).toBe('network');
    expect(calls).toBe(2);
    expect(platform.seen.filter((s) => s.method === 'POST')).toHaveLength(1);
  });

  it('times out a request that gets no answer', async () => {
    platform.handle(() => undefined); // never answers
    const error = await rejection(client({ timeoutMs: 150, retries: 1 }).api.getFlow('f'));
    expect(error.kind).toBe('timeout');
    expect(platform.seen).toHaveLength(2);
  });
});

describe('origins', () => {
  it('refuses a redirect to another origin: credentials never reach it', async () => {
    other.handle(json(200, { items: [] }));
    platform.handle((_req, res) => res.writeHead(302, { location: `${other.origin}/data/foundation/flowservice/flows/f` }).end());
    const error = await rejection(client().api.getFlow('f'));
    expect(error.kind).toBe('refused');
    expect(other.seen.filter((s) => s.headers.authorization !== undefined)).toHaveLength(0);
    expect(other.seen).toHaveLength(0);
  });

  it('follows a same-origin redirect', async () => {
    const flow = (JSON.parse(fixtureText('flows.json')) as { items: { id: string }[] }).items[0]!;
    platform.handle((req, res) =>
      req.url === '/data/foundation/flowservice/flows/old'
        ? res.writeHead(307, { location: `/data/foundation/flowservice/flows/${flow.id}` }).end()
        : json(200, { items: [flow] })(req, res, ''),
    );
    expect((await client().api.getFlow('old')).id).toBe(flow.id);
    expect(platform.seen.map((s) => s.url)).toEqual(['/data/foundation/flowservice/flows/old', `/data/foundation/flowservice/flows/${flow.id}`]);
  });

  it('only accepts Adobe gateways over https or loopback as the Platform host', () => {
    for (const good of ['https://platform.adobe.io', 'https://platform-stage.adobe.io', 'https://platform-nld2.adobe.io/']) {
      expect(() => createPlatformClient({ baseUrl: good, credentials }), good).not.toThrow();
    }
    for (const bad of ['https://evil.example', 'http://platform.adobe.io', 'https://adobe.io.evil.example', 'nonsense']) {
      expect(() => createPlatformClient({ baseUrl: bad, credentials }), bad).toThrow(PlatformError);
    }
  });

  it('sends nothing without complete credentials', async () => {
    const error = await rejection(client({ credentials: { ...credentials, authorization: '' } }).api.getFlow('f'));
    expect(error).toMatchObject({ kind: 'auth', authReason: 'expired' });
    expect(platform.seen).toHaveLength(0);
  });

  it('picks up refreshed credentials from a getter', async () => {
    platform.handle(json(200, { items: [] }));
    let token = 'Bearer one';
    const { api } = client({ credentials: () => ({ ...credentials, authorization: token }) });
    await api.listRuns('f');
    token = 'Bearer two';
    await api.listRuns('f');
    expect(platform.seen.map((s) => s.headers.authorization)).toEqual(['Bearer one', 'Bearer two']);
  });
});

describe('answers', () => {
  it('refuses a 50 MB body without reading it all', async () => {
    let written = 0;
    platform.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (written = Number.POSITIVE_INFINITY));
      pump();
    });
    const error = await rejection(client({ maxBodyBytes: 1024 * 1024 }).api.listRuns('f'));
    expect(error.kind).toBe('refused');
    expect(platform.seen).toHaveLength(1);
  });

  it('refuses a declared oversized body up front', async () => {
    platform.handle((_req, res) => res.writeHead(200, { 'content-length': String(2 * 1024 * 1024) }).end(Buffer.alloc(2 * 1024 * 1024)));
    expect((await rejection(client({ maxBodyBytes: 1024 * 1024 }).api.listRuns('f'))).kind).toBe('refused');
  });

  it.each<[string, number, string, string, Record<string, unknown>]>([
    ['gateway', 401, fixtureText('gateway-401.json'), 'auth', { message: 'Oauth token is not valid', authReason: 'expired' }],
    [
      'problem details',
      404,
      JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Flow f not found' }),
      'notFound',
      { message: 'Flow f not found' },
    ],
    [
      'Flow Service report',
      400,
      JSON.stringify({ type: 'x', title: 'Bad Request', status: 400, report: { 'detailed-message': 'Invalid flow id' } }),
      'badRequest',
      { message: 'Invalid flow id' },
    ],
    [
      'ad-hoc message (running)',
      400,
      fixtureText('adhocrun-400-running.json'),
      'alreadyRunning',
      {
        alreadyRunning: {
          audienceId: '6b1f7a3e-2c4d-4e5f-8a9b-0c1d2e3f4a01',
          flowId: '0f8c9a52-1d7e-4d6b-9a1e-3c2b7f5e8a01',
          runId: '4e5f6a7b-0000-4000-8000-0000000000b1',
        },
      },
    ],
    ['ad-hoc message (schedule)', 400, fixtureText('adhocrun-400-schedule.json'), 'outOfSchedule', { outOfScheduleNames: ['Black Friday 2026'] }],
    ['ad-hoc errorMessage', 400, JSON.stringify({ errorMessage: 'exportIds must not be empty' }), 'badRequest', { message: 'exportIds must not be empty' }],
    ['forbidden', 403, JSON.stringify({ error_code: '403003', message: 'Api Key is invalid' }), 'forbidden', {}],
    ['plain text', 502, 'Bad gateway', 'server', { message: 'Bad gateway' }],
  ])('types a %s error body', async (_name, status, body, kind, fields) => {
    platform.handle((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
    const error = await rejection(client({ retries: 0 }).api.activate({ f: ['a'] }));
    expect(error).toMatchObject({ kind, status, ...fields });
    expect(JSON.stringify(error.toInfo())).not.toContain('secret-token');
  });

  it('reads again after a cut-off body on a GET, never after one on a POST (the server may have acted)', async () => {
    let calls = 0;
    platform.handle((_req, res) => {
      calls += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(calls === 1 ? '{"items": [{"id": "trunc' : JSON.stringify({ items: [] }));
    });
    expect(await client().api.listRuns('f')).toEqual([]);
    expect(calls).toBe(2);
    calls = 0;
    platform.handle((_req, res) => {
      calls += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"order": [');
    });
    expect((await rejection(client().api.activate({ f: ['a'] }))).kind).toBe('malformed');
    expect(calls).toBe(1);
  });

  it('reports a 200 that is not JSON, or not the documented shape, as malformed', async () => {
    platform.handle((_req, res) => res.writeHead(200).end('<html>'));
    expect((await rejection(client().api.listRuns('f'))).kind).toBe('malformed');
    platform.handle(json(200, { order: [{ segment: 'a' }] }));
    const error = await rejection(client().api.activate({ f: ['a'] }));
    expect(error.kind).toBe('malformed');
    expect(error.issues).toContain('order.0.order');
  });
});
