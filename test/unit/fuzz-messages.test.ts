/**
 * Hostile input at the message boundary: whatever arrives at the background's dispatcher
 * (arbitrary JSON, mutated envelopes, prototype-pollution keys) is answered with a typed
 * error or reaches a handler only as a payload its schema accepts; whatever a handler
 * returns or throws leaves as a valid reply; and the page client turns any answer into
 * data or a CommandError.
 */
import { REPORT_COLUMNS } from '@/lib/present/report-columns';
import { ruleSentences } from '@/lib/present/view';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  CHANNEL,
  CommandError,
  commands,
  dispatch,
  replySchema,
  type CommandType,
  type DispatcherOptions,
  type Handlers,
  type Reply,
  type SenderInfo,
} from '@/lib/messages';
import { sendCommand } from '@/lib/messages/client';
import { ERROR_KINDS } from '@/lib/store/schemas';

const self = { id: 'test-extension-id', origin: 'chrome-extension://test-extension-id' };
const options: DispatcherOptions = { self, policy: { allowLoopback: false } };
const popup: SenderInfo = { id: self.id, url: `${self.origin}/popup.html` };
const consoleFrame: SenderInfo = {
  id: self.id,
  url: 'https://experience.adobe.com/#/@t/sname:prod/platform/destination/browse',
  tab: { id: 7 },
  frameId: 3,
};
const stranger: SenderInfo = { id: 'other-extension', url: 'chrome-extension://other-extension/x.html' };

const NUM_RUNS = 300;
const TYPES = Object.keys(commands) as CommandType[];
const scope = { orgId: 'O@AdobeOrg', sandbox: 'prod' };
const session = { orgId: 'O@AdobeOrg', sandbox: 'prod', seenAt: 1, stale: false, source: 'console' };
const verdict = { kind: 'eligible', warnings: [] };
const badge = { tone: 'eligible', text: 'Eligible', tip: ['Can be exported now.'], aria: 'A: Eligible.', selectable: true };

/** One valid request and one valid response per command: the seeds the mutations start from. */
const samples: { [T in CommandType]: { request: unknown; response: unknown } } = {
  ping: { request: {}, response: { pong: true, version: '1.0.0' } },
  'strings.get': { request: { locale: 'pt_BR' }, response: { strings: { 'console.verdict.eligible': 'Elegível' } } },
  'styles.get': { request: {}, response: { badge: ':host{display:inline-flex}', ui: '', tip: '.tip{}' } },
  'view.get': {
    request: { route: { kind: 'dataflow', flowId: 'f1' }, scope, frames: ['https://exc-unifiedcontent.experience.adobe.net/app'] },
    response: {
      dataflows: [{ id: 'f1', name: 'Flow', state: 'enabled', verdict, audiences: [{ id: 'a1', name: 'A', verdict, badge }], processing: false, badge }],
      reasons: ruleSentences('en'),
      scope,
      sessionSeen: true,
    },
  },
  'exports.start': {
    request: { pairs: [{ flowId: 'f1', audienceId: 'a1' }], origin: 'page', scope },
    response: { jobId: 'j1', sent: 1, skipped: [{ pair: { flowId: 'f1', audienceId: 'a2' }, rule: 'scheduleEnded' }] },
  },
  'exports.cancel': { request: { jobId: 'j1' }, response: { cancelled: true } },
  'exports.retry': { request: { jobId: 'j1', runIds: ['r1'] }, response: { jobId: 'j2' } },
  'history.list': {
    request: { limit: 20, cursor: 'c', filter: { status: ['done'], flowId: 'f1', search: 'x', scope } },
    response: { items: [{ unreadable: true, id: 'j0', reason: 'bad' }], nextCursor: 'n' },
  },
  'jobs.get': {
    request: { jobId: 'j1' },
    response: { job: { status: 'tracking', pairCount: 3, counts: { pending: 0, running: 2, success: 1, failed: 0, skipped: 0, cancelled: 0 } } },
  },
  'history.open': { request: { jobId: 'j1' }, response: { opened: true } },
  'queue.list': {
    request: {},
    response: {
      entries: [
        {
          id: 'q1|f1|a1',
          queueId: 'q1',
          scope: { orgId: 'o@AdobeOrg', sandbox: 'prod' },
          flowId: 'f1',
          audienceId: 'a1',
          dataflowName: 'S3',
          audienceName: 'Gold',
          createdAt: 1,
          updatedAt: 2,
          rule: 'activatedUnderOneHour',
          until: 3,
          status: 'queued',
        },
      ],
    },
  },
  'queue.cancel': { request: { queueId: 'q1' }, response: { cancelled: 1 } },
  'diagnostics.tables': { request: {}, response: { lines: ['table 1: browse, grid, 2 columns: Name | State'] } },
  'session.list': { request: {}, response: { sessions: [session] } },
  'session.setManual': { request: { token: 't', apiKey: 'k', orgId: 'o', sandbox: 's' }, response: { session } },
  'session.clearManual': { request: {}, response: { cleared: true } },
  'diagnostics.get': {
    request: {},
    response: {
      version: '1',
      environment: 'test',
      platformOrigin: 'https://platform.adobe.io',
      sessions: [],
      store: null,
      skipped: { dataflows: 0, runs: 1, lastAt: 5 },
      frames: { noticed: ['https://a.adobe.net'], granted: [] },
    },
  },
  'report.open': { request: { route: { kind: 'browse' }, sandbox: 'prod', locale: 'pt_BR' }, response: { opened: true } },
  'report.get': {
    request: { route: { kind: 'dataflow', flowId: 'f1' }, scope, locale: 'en' },
    response: {
      rows: [Object.fromEntries(REPORT_COLUMNS.map((c) => [c, `${c} value`]))],
      csv: 'dataflowName\r\n',
      json: '{}',
      at: 5,
    },
  },
  'frames.list': { request: {}, response: { noticed: [{ origin: 'https://a.adobe.net', via: 'frame', at: 1 }], granted: ['https://b.adobe.com'] } },
  'frames.grant': { request: { origin: 'https://a.adobe.net' }, response: { granted: ['https://a.adobe.net'] } },
  'frames.revoke': { request: { origin: 'https://a.adobe.net' }, response: { granted: [] } },
};

const envelope = (type: string, payload: unknown) => ({ channel: CHANNEL, kind: 'command', type, payload });

/** Handlers that record what they were given and answer with the command's valid sample. */
function recordingHandlers() {
  const calls: { type: CommandType; payload: unknown }[] = [];
  const handlers = Object.fromEntries(
    TYPES.map((type) => [
      type,
      (payload: unknown) => {
        calls.push({ type, payload });
        return samples[type].response;
      },
    ]),
  ) as Handlers;
  return { handlers, calls };
}

// ---- Mutations of a valid sample ----

type Json = unknown;

const hugeString = fc.constantFrom('x'.repeat(100_000), '\u202E'.repeat(5_000), '<script>'.repeat(10_000));

function deepNest(depth: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** A path to every node of a JSON value (objects and arrays) down to a few levels, the root included. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (prefix.length >= 6) return out;
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function clone(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function getAt(root: Json, path: (string | number)[]): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], root);
}

type Mutation = { op: 'drop' } | { op: 'replace'; value: Json } | { op: 'add'; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ op: 'drop' }),
  fc.record({ op: fc.constant('replace' as const), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), hugeString, fc.constant(deepNest(2_000))) }),
  fc.record({
    op: fc.constant('add' as const),
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'then', 'authorization'), fc.string()),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), hugeString, fc.constant({ polluted: 'yes' })),
  }),
);

/** An own key as JSON.parse makes it (so `__proto__` is one); an array's `length` is not a key JSON can give it. */
function addKey(target: object, key: string, value: Json): void {
  if (Array.isArray(target) && key === 'length') return;
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to copies of a sample; keys are set with defineProperty so `__proto__` is an own key, as JSON.parse makes it. */
function mutate(sample: Json, picks: { at: number; m: Mutation }[]): Json {
  let root: Json = clone(sample);
  for (const { at, m } of picks) {
    const all = paths(root);
    const path = all[at % all.length]!;
    if (path.length === 0) {
      if (m.op === 'replace') root = m.value;
      else if (m.op === 'add' && root && typeof root === 'object') addKey(root, m.key, m.value);
      continue;
    }
    const parent = getAt(root, path.slice(0, -1)) as Record<string | number, Json>;
    const key = path[path.length - 1]!;
    if (m.op === 'drop') {
      // Not splice: an earlier mutation may have given the array an own `constructor`, which splice consults.
      if (Array.isArray(parent)) {
        parent.copyWithin(Number(key), Number(key) + 1);
        parent.length -= 1;
      } else delete parent[key];
    } else if (m.op === 'replace') {
      parent[key] = m.value;
    } else {
      const target = parent[key];
      if (target && typeof target === 'object') addKey(target, m.key, m.value);
    }
  }
  return root;
}

const mutatedPayload = (type: CommandType) =>
  fc.array(fc.record({ at: fc.nat(), m: mutation }), { minLength: 1, maxLength: 4 }).map((picks) => mutate(samples[type].request, picks));

// ---- Checks ----

/** `data` holds nothing `source` did not: the same primitives, arrays of the same length, objects with a subset of its keys. */
function containedIn(data: unknown, source: unknown): boolean {
  if (data === null || typeof data !== 'object') return Object.is(data, source);
  if (source === null || typeof source !== 'object') return false;
  if (Array.isArray(data)) return Array.isArray(source) && data.length === source.length && data.every((v, i) => containedIn(v, source[i]));
  return Object.entries(data).every(([k, v]) => Object.hasOwn(source, k) && containedIn(v, (source as Record<string, unknown>)[k]));
}

function expectValidReply(reply: unknown): asserts reply is Reply {
  const parsed = replySchema.safeParse(reply);
  expect(parsed.success, `not a reply: ${JSON.stringify(reply)?.slice(0, 300)}`).toBe(true);
  if (parsed.success && !parsed.data.ok) expect(ERROR_KINDS).toContain(parsed.data.error.kind);
}

function expectPollutionFree(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
}

/** Dispatches and checks the contract: a valid reply; a handler only ever sees a schema-valid payload. */
async function dispatchChecked(message: unknown, sender: SenderInfo) {
  const { handlers, calls } = recordingHandlers();
  const reply = await dispatch(handlers, message, sender, options);
  expectValidReply(reply);
  expect(calls.length).toBeLessThanOrEqual(1);
  for (const call of calls) {
    expect(commands[call.type].request.safeParse(call.payload).success).toBe(true);
    expect(reply.ok).toBe(true);
  }
  if (reply.ok) expect(calls).toHaveLength(1);
  else expect(['badRequest', 'refused', 'unknown']).toContain(reply.error.kind);
  expectPollutionFree();
  return { reply, calls };
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('the mutator itself', () => {
  it("adds keys as own properties, and skips an array's length (fast-check's strings include 'length', which no JSON can set)", () => {
    const sample = { ids: ['a', 'b'] } as Json;
    const addLength = { at: 1, m: { op: 'add', key: 'length', value: 7 } as Mutation };
    expect(mutate(sample, [addLength])).toEqual({ ids: ['a', 'b'] });
    const proto = mutate(sample, [{ at: 0, m: { op: 'add', key: '__proto__', value: { polluted: 'yes' } } }]) as object;
    expect(Object.keys(proto)).toContain('__proto__');
  });
});

describe('dispatch under hostile input', () => {
  it('every valid sample is accepted (the seeds are right)', async () => {
    for (const type of TYPES) {
      const { reply, calls } = await dispatchChecked(envelope(type, samples[type].request), popup);
      expect(reply, type).toMatchObject({ ok: true });
      expect(calls[0]!.type).toBe(type);
    }
  });

  it('arbitrary values as the whole message: a badRequest, never a handler call', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.jsonValue()), async (message) => {
        const { reply, calls } = await dispatchChecked(message, popup);
        expect(reply).toMatchObject({ ok: false, error: { kind: 'badRequest' } });
        expect(calls).toHaveLength(0);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('arbitrary envelopes (any type string, any payload) from either sender', async () => {
    const type = fc.oneof(fc.constantFrom(...TYPES, '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'), fc.string());
    await fc.assert(
      fc.asyncProperty(
        type,
        fc.oneof(fc.anything(), fc.jsonValue()),
        fc.constantFrom(popup, consoleFrame),
        fc.constantFrom('command', 'event', 'COMMAND', undefined),
        async (t, payload, sender, kind) => {
          const { calls } = await dispatchChecked({ channel: CHANNEL, kind, type: t, payload }, sender);
          if (kind !== 'command') expect(calls).toHaveLength(0);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it.each(TYPES)('mutated %s requests: rejected as badRequest, or handled with a schema-valid payload', async (type) => {
    const seen = { handled: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(mutatedPayload(type), async (payload) => {
        const { reply } = await dispatchChecked(envelope(type, payload), popup);
        if (!reply.ok) expect(reply.error.kind).toBe('badRequest');
        seen[reply.ok ? 'handled' : 'refused']++;
      }),
      { numRuns: 200 },
    );
    // The mutations reach both sides of the schema (otherwise the property proves little).
    expect(seen.refused).toBeGreaterThan(0);
    if (type !== 'ping' && type !== 'session.list' && type !== 'diagnostics.get') expect(seen.handled).toBeGreaterThan(0);
  });

  it('a refused sender never reaches a handler, whatever it sends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES), fc.anything(), async (type, payload) => {
        const { reply, calls } = await dispatchChecked(envelope(type, payload), stranger);
        expect(reply).toMatchObject({ ok: false, error: { kind: 'refused' } });
        expect(calls).toHaveLength(0);
      }),
      { numRuns: 100 },
    );
  });

  it('prototype-pollution keys in JSON do nothing and are not passed on', async () => {
    const texts = [
      `{"channel":"${CHANNEL}","kind":"command","type":"exports.cancel","payload":{"jobId":"j1","__proto__":{"polluted":"yes"}}}`,
      `{"channel":"${CHANNEL}","kind":"command","type":"exports.cancel","payload":{"jobId":"j1","constructor":{"prototype":{"polluted":"yes"}}}}`,
      `{"channel":"${CHANNEL}","kind":"command","type":"history.list","payload":{"limit":5,"filter":{"__proto__":{"polluted":"yes"},"search":"x"}}}`,
      `{"channel":"${CHANNEL}","kind":"command","type":"exports.start","payload":{"pairs":[{"flowId":"f","audienceId":"a","__proto__":{"polluted":"yes"}}],"origin":"page"}}`,
      `{"__proto__":{"polluted":"yes"},"channel":"${CHANNEL}","kind":"command","type":"ping","payload":{}}`,
      `{"channel":"${CHANNEL}","kind":"command","type":"__proto__","payload":{"polluted":"yes"}}`,
      `{"channel":"${CHANNEL}","kind":"command","type":"constructor","payload":{}}`,
    ];
    for (const text of texts) {
      const { calls } = await dispatchChecked(JSON.parse(text), popup);
      for (const call of calls) {
        const payload = call.payload as Record<string, unknown>;
        // The parsed payload is a fresh object: no own __proto__/constructor key from the sender.
        expect(Object.hasOwn(payload, '__proto__')).toBe(false);
        expect(Object.hasOwn(payload, 'constructor')).toBe(false);
        expect(JSON.stringify(payload)).not.toContain('polluted');
      }
    }
  });

  it("a handler answering its command's valid sample: that data goes back as it is", async () => {
    for (const type of TYPES) {
      const answer = samples[type].response;
      const reply = await dispatch({ [type]: () => answer } as Handlers, envelope(type, samples[type].request), popup, options);
      expect(reply, type).toEqual({ ok: true, data: answer });
    }
  });

  it('a handler answering what no response can be, or its sample with a needed field gone: a malformed error, never the data', async () => {
    const needed: Partial<Record<CommandType, string>> = {
      ping: 'pong',
      'exports.start': 'jobId',
      'exports.retry': 'jobId',
      'history.list': 'items',
      'report.get': 'csv',
      'frames.list': 'granted',
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TYPES),
        fc.constantFrom<unknown>(undefined, null, 0, 'ok', true, [], ['x']),
        fc.boolean(),
        async (type, junk, dropField) => {
          const field = needed[type];
          const answer = dropField && field ? Object.fromEntries(Object.entries(samples[type].response as object).filter(([k]) => k !== field)) : junk;
          const reply = await dispatch({ [type]: () => answer } as Handlers, envelope(type, samples[type].request), popup, options);
          expect(reply).toEqual({ ok: false, error: { kind: 'malformed', message: `Invalid ${type} response` } });
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('a handler answering anything: a valid reply, whose data (if any) is only what the handler gave', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES), fc.oneof(fc.anything(), fc.jsonValue(), mutatedResponse()), async (type, answer) => {
        const handlers = { [type]: () => answer } as Handlers;
        const reply = await dispatch(handlers, envelope(type, samples[type].request), popup, options);
        expectValidReply(reply);
        if (reply.ok) expect(containedIn(reply.data, answer), JSON.stringify(reply.data)?.slice(0, 300)).toBe(true);
        else expect(reply).toEqual({ ok: false, error: { kind: 'malformed', message: `Invalid ${type} response` } });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a handler throwing or rejecting with anything: an error reply with a known kind', async () => {
    const thrown = fc.oneof(
      fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true }),
      fc.record({ kind: fc.oneof(fc.constantFrom(...ERROR_KINDS), fc.string()), message: fc.string(), status: fc.option(fc.integer(), { nil: undefined }) }),
      fc.string().map((m) => new Error(m)),
      fc.record({ name: fc.constant('StoreError'), kind: fc.anything(), message: fc.anything() }),
      fc.record({ info: fc.record({ kind: fc.string(), message: fc.string() }) }),
    );
    await fc.assert(
      fc.asyncProperty(thrown, fc.boolean(), async (error, async) => {
        const handlers: Handlers = {
          ping: async () => {
            if (async) await Promise.resolve();
            throw error;
          },
        };
        const reply = await dispatch(handlers, envelope('ping', {}), popup, options);
        expectValidReply(reply);
        expect(reply.ok).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

function mutatedResponse(): fc.Arbitrary<unknown> {
  return fc
    .constantFrom(...TYPES)
    .chain((type) => fc.array(fc.record({ at: fc.nat(), m: mutation }), { minLength: 1, maxLength: 3 }).map((picks) => mutate(samples[type].response, picks)));
}

describe('page client under hostile replies', () => {
  it('any reply: the data of an ok reply, otherwise a CommandError with a kind', async () => {
    const reply = fc.oneof(
      fc.anything({ withNullPrototype: true }),
      fc.jsonValue(),
      fc.record({ ok: fc.constantFrom(true, false, 'true', 1, null), data: fc.anything(), error: fc.anything() }, { requiredKeys: ['ok'] }),
      fc.record({ ok: fc.constant(false), error: fc.record({ kind: fc.oneof(fc.constantFrom(...ERROR_KINDS), fc.string()), message: fc.string() }) }),
    );
    await fc.assert(
      fc.asyncProperty(reply, async (answer) => {
        fakeBrowser.runtime.sendMessage = (async () => answer) as typeof fakeBrowser.runtime.sendMessage;
        let result: unknown;
        let failure: unknown;
        try {
          result = await sendCommand('ping', {});
        } catch (error) {
          failure = error;
        }
        const r = answer as { ok?: unknown; data?: unknown } | null;
        if (failure === undefined) {
          expect(r && typeof r === 'object' && r.ok === true && 'data' in r).toBe(true);
          expect(result).toBe(r!.data);
        } else {
          expect(failure).toBeInstanceOf(CommandError);
          // zod-free by design: it trusts the kind vocabulary the dispatcher already enforced.
          expect(typeof (failure as CommandError).kind).toBe('string');
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a rejected or throwing sendMessage, with any value: a CommandError of kind network', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withNullPrototype: true, withBoxedValues: true }), fc.boolean(), async (error, sync) => {
        fakeBrowser.runtime.sendMessage = (
          sync
            ? () => {
                throw error;
              }
            : async () => {
                throw error;
              }
        ) as typeof fakeBrowser.runtime.sendMessage;
        const failure = await sendCommand('ping', {}).then(
          () => null,
          (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(CommandError);
        expect((failure as CommandError).kind).toBe('network');
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
