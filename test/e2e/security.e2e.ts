import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { useHarness } from './harness';
import { allPairs, command, dumpPersisted, freshWorld, jobs, posts, startExport, waitJob } from './export-kit';

// Issue 8, security: web pages cannot reach the background, no command makes it fetch
// a URL it is given, and credentials go to the configured Platform host only.
const h = useHarness({ scenario: 'bulk' });

/**
 * Another web origin on loopback: 127.0.0.2 is neither a console origin (test builds
 * trust 127.0.0.1 and localhost only) nor the Platform host. It logs every request.
 */
interface Other {
  url: string;
  received: { method: string; path: string; headers: IncomingHttpHeaders }[];
}
let server: Server;
const other: Other = { url: '', received: [] };

beforeAll(async () => {
  server = createServer((req, res) => {
    other.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    if (req.url === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Another site</title><p>hello</p>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end('{"items":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  other.url = `http://127.0.0.2:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const envelope = (pairs: unknown) => ({ channel: 'bulk-export-now', kind: 'command', type: 'exports.start', payload: { pairs, origin: 'page' } });

/**
 * Runs in a page (not the extension): tries to message the background by id. The
 * extension declares no externally_connectable, so Chrome should give pages no way in.
 */
async function sendFromPage([extensionId, message]: readonly [string, unknown]): Promise<string> {
  const runtime = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: (id: string, m: unknown) => Promise<unknown> } } }).chrome?.runtime;
  if (!runtime?.sendMessage) return 'no runtime.sendMessage';
  try {
    return `delivered: ${JSON.stringify(await runtime.sendMessage(extensionId, message))}`;
  } catch (error) {
    return `refused: ${String(error)}`;
  }
}

test('a page of another site cannot reach the background, and gets no content script', async () => {
  await freshWorld(h, 'bulk');
  const before = (await jobs(h)).length;
  const page = await h.context.newPage();
  h.lastPage = page;
  await page.goto(`${other.url}/page.html`);
  const pair = allPairs(h)[0]!;
  const outcome = await page.evaluate(sendFromPage, [h.extensionId, envelope([pair])] as const);
  expect(outcome).not.toMatch(/^delivered/);
  await page.evaluate((message) => window.postMessage(message, '*'), envelope([pair]));
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => document.documentElement.dataset.bulkExportNowScript)).toBeUndefined();
  expect((await jobs(h)).length).toBe(before);
  expect(posts(h)).toHaveLength(0);
  await page.close();
});

test("the console page's own scripts cannot send commands either (only our content script can)", async () => {
  await freshWorld(h, 'bulk');
  const before = (await jobs(h)).length;
  const { page, frame } = await h.openConsole(h.route());
  await frame.waitForFunction(() => document.documentElement.dataset.bulkExportNowScript === 'ready');
  const pairs = allPairs(h).slice(0, 3);
  for (const context of [page.mainFrame(), frame]) {
    const outcome = await context.evaluate(sendFromPage, [h.extensionId, envelope(pairs)] as const);
    expect(outcome).not.toMatch(/^delivered/);
    // A command envelope posted to the window is not relayed by the content script.
    await context.evaluate((message) => {
      window.postMessage(message, '*');
      for (const f of Array.from(window.frames)) f.postMessage(message, '*');
    }, envelope(pairs));
  }
  await page.waitForTimeout(1_500);
  expect((await jobs(h)).length).toBe(before);
  expect(posts(h)).toHaveLength(0);
  await page.close();
});

test('no command makes the background fetch a URL it is given: URL-looking dataflow ids go nowhere', async () => {
  await freshWorld(h, 'bulk');
  other.received = [];
  // A marker the simulator's control endpoint would reset, were it reached by path tricks.
  h.state.config.failingAudiences = ['marker'];
  const hostile = [
    `${other.url}/steal`,
    `//127.0.0.2:${new URL(other.url).port}/steal`,
    '../../../../__control/seed',
    '..%2F..%2F__control%2Fseed',
    `javascript:fetch('${other.url}')`,
  ];
  const reply = await command<{ jobId: string; sent: number; skipped: { rule: string }[] }>(h, 'exports.start', {
    pairs: hostile.map((flowId, i) => ({ flowId, audienceId: `${other.url}/audience/${i}` })),
    origin: 'popup',
  });
  // Either refused outright or every pair skipped as not mapped: nothing is sent.
  if (reply.ok) {
    expect(reply.data?.sent).toBe(0);
    expect(reply.data?.skipped.every((s) => s.rule === 'notMapped')).toBe(true);
  } else {
    expect(reply.error?.kind).toBeTruthy();
  }
  await new Promise((r) => setTimeout(r, 1_000));
  expect(other.received).toEqual([]);
  expect(posts(h)).toHaveLength(0);
  expect(h.state.config.failingAudiences).toEqual(['marker']);
  // Every call the extension made stayed on the Platform API paths of the configured host.
  const extensionCalls = h.requests().filter((r) => r.headers['authorization']);
  expect(extensionCalls.every((r) => r.path.startsWith('/data/'))).toBe(true);
});

test('credentials never go to another host, even when the API names a statusURL there', async () => {
  await freshWorld(h, 'bulk');
  other.received = [];
  h.state.config.statusOrigin = other.url;
  const { jobId } = await startExport(h, allPairs(h).slice(0, 12));
  const done = await waitJob(h, jobId, ['done'], 30_000);
  expect(done.counts).toMatchObject({ success: 12 });
  // The foreign statusURLs were received and kept (the setup works)...
  expect(await dumpPersisted(h)).toContain(`${other.url}/data/foundation/flowservice/runs/`);
  // ...but nothing, with or without a token, was ever sent there.
  expect(other.received).toEqual([]);
  const withToken = h.requests().filter((r) => r.headers['authorization']);
  expect(withToken.length).toBeGreaterThan(0);
  expect(withToken.every((r) => r.path.startsWith('/data/'))).toBe(true);
});
