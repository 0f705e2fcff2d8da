/**
 * The one Platform API client: headers, origin checks, timeouts, retries, size cap
 * and error typing live here; endpoints are thin functions on top. Nothing here logs:
 * a header value must never reach a console, a record or an error message.
 *
 * Over 400 lines on purpose: every endpoint goes through the one request path here (origin
 * check, timeout, retry, size cap, error typing), and keeping them in one closure keeps that path
 * the only one; parsing is lib/platform/schemas.ts.
 */
import { isPlatformOrigin, isTestBuild } from '@/lib/origins';
import type { AudienceRecord, Credentials, Dataflow, MergePolicyRecord, Run } from '@/lib/model';
import { errorFromResponse, isPlatformError, PlatformError } from './errors';
import type { ServerClock } from './server-clock';
import type { SkippedList } from './skip-tally';
import {
  pageLinks,
  parseAdhocResponse,
  parseAudiencesBulk,
  parseDataflow,
  parseDataflowPage,
  parseMergePoliciesBulk,
  parseRunPage,
  type AdhocOrder,
  type BulkResult,
  type Page,
} from './schemas';

export const ADHOC_V2_ACCEPT = 'application/vnd.adobe.adhoc.activation+json; version=2';
const FLOW_SERVICE = '/data/foundation/flowservice';
export const ADHOC_PATH = '/data/core/activation/disflowprovider/adhocrun';
const AUDIENCES_BULK_PATH = '/data/core/ups/audiences/bulk-get';
const MERGE_POLICIES_BULK_PATH = '/data/core/ups/config/mergePolicies/bulk-get';
const DESTINATION_FLOWS_PROPERTY = 'inheritedAttributes.properties.isDestinationFlow==true';

/** Ids per `property=id==a,b` query, keeping the URL well under gateway limits. */
export const IDS_PER_QUERY = 40;
/**
 * Ids per bulk-get body. No maximum is documented; 1,000 ids (~50 kB) keep an enterprise
 * sandbox's 10,000 audiences at 10 calls: over HTTP/1.1 a browser sends 6 at once, and each
 * round of 6 is a round trip (issue 17: 20 calls of 500 were 4 rounds, the view's longest
 * wait). A body the gateway refuses as too large is sent again in halves, down to
 * SAFE_IDS_PER_BULK, and the client keeps to the size that passed from then on.
 */
export const IDS_PER_BULK = 1000;
/** The size every bulk-get used before: known to be accepted. */
export const SAFE_IDS_PER_BULK = 100;
const PAGE_LIMIT = 100;
const MAX_PAGES = 200;
const MAX_REDIRECTS = 3;

export interface PlatformClientOptions {
  /** The configured Platform origin (see `platformOrigin`). Credentials go nowhere else. */
  baseUrl: string;
  /** A getter lets a refreshed console token be picked up between calls. */
  credentials: Credentials | (() => Credentials | Promise<Credentials>);
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Extra attempts after the first. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for here: the error goes to the caller. */
  maxRetryAfterMs?: number;
  maxBodyBytes?: number;
  /** Told each answer's `Date` header (see server-clock). */
  clock?: Pick<ServerClock, 'observe'>;
  /** Told of list items left out for a bad needed field (see skip-tally). */
  onSkipped?: (list: SkippedList, count: number) => void;
}

/**
 * `idempotent`: a repeat cannot do harm, so network errors and timeouts are retried too.
 * `answered`: only retry what the server answered with "not done" (5xx); a 429 is the
 * caller's to wait out; after a network error or timeout the outcome is unknown and the
 * caller must reconcile.
 */
type RetryPolicy = 'idempotent' | 'answered';

interface RequestSpec {
  method: 'GET' | 'POST';
  url: URL;
  body?: unknown;
  accept?: string;
  retry: RetryPolicy;
}

export interface ListRunsOptions {
  /**
   * Only runs created at or after this server time (filtered here: the API filter is not
   * documented). A function is read once the runs are listed: a server clock corrected by
   * this very answer (a worker just restarted) already applies.
   */
  since?: number | (() => number);
}

function createdSince(runs: Run[], since: ListRunsOptions['since']): Run[] {
  if (since === undefined) return runs;
  const from = typeof since === 'function' ? since() : since;
  return runs.filter((run) => run.createdAt >= from);
}

export interface PlatformClient {
  readonly origin: string;
  /**
   * Every destination dataflow, page after page; `onPage` sees each page as soon as it is
   * read, after the next one is asked for (what a page needs can load while the rest lists).
   */
  listDestinationFlows(onPage?: (flows: Dataflow[]) => void): Promise<Dataflow[]>;
  getFlowsByIds(ids: readonly string[]): Promise<Dataflow[]>;
  getFlow(id: string): Promise<Dataflow>;
  listRuns(flowId: string, options?: ListRunsOptions): Promise<Run[]>;
  /**
   * Runs of several dataflows in one listing (`flowId==a,b`: Flow Service filters take
   * comma-separated values): fewer requests where a browser allows 6 per host at once.
   */
  listRunsOfFlows(flowIds: readonly string[], options?: ListRunsOptions): Promise<Run[]>;
  /** By run id, or by the `statusURL` an ad-hoc answer gave (same origin only). */
  /** `activationInfo`: dataflow id -> audience ids. */
  activate(activationInfo: Readonly<Record<string, readonly string[]>>): Promise<AdhocOrder[]>;
  getAudiences(ids: readonly string[]): Promise<BulkResult<AudienceRecord>>;
  getMergePolicies(ids: readonly string[]): Promise<BulkResult<MergePolicyRecord>>;
}

/**
 * The client's own guard on its base URL (settings choose it, lib/settings.ts), by the
 * same rule as the options page: an Adobe gateway over https; loopback (the console
 * simulator) in test builds only.
 */
function checkedOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PlatformError('refused', 'The Platform host is not a valid URL');
  }
  if (!isPlatformOrigin(url, isTestBuild())) throw new PlatformError('refused', `Not a Platform host: ${url.origin}`);
  return url.origin;
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (!Number.isFinite(date)) return undefined;
  return Math.max(0, date - now);
}

/** 413, or a 400 to a body bigger than the size known to pass: worth sending in halves. */
function refusedAsTooLarge(error: unknown, ids: number): boolean {
  if (ids <= SAFE_IDS_PER_BULK || !isPlatformError(error)) return false;
  return error.status === 413 || error.status === 400;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => id.length > 0))];
}

function merged<T>(answers: readonly BulkResult<T>[]): BulkResult<T> {
  return { records: answers.flatMap((a) => a.records), missing: answers.flatMap((a) => a.missing) };
}

async function readCapped(response: Response, cap: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel().catch(() => undefined);
    throw new PlatformError('refused', `Response too large (over ${cap} bytes)`, { status: response.status });
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      // Stop reading: a huge body never sits in memory.
      await reader.cancel().catch(() => undefined);
      throw new PlatformError('refused', `Response too large (over ${cap} bytes)`, { status: response.status });
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  const origin = checkedOrigin(options.baseUrl);
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;

  function url(path: string, query?: Record<string, string>): URL {
    const result = new URL(path, origin);
    for (const [key, value] of Object.entries(query ?? {})) result.searchParams.set(key, value);
    return result;
  }

  /** Resolves a server-given link; anything off the Platform origin is refused, never fetched. */
  function sameOrigin(href: string, base: URL | string, what: string): URL {
    let resolved: URL;
    try {
      resolved = new URL(href, base);
    } catch {
      throw new PlatformError('malformed', `Invalid ${what}`);
    }
    if (resolved.origin !== origin) {
      throw new PlatformError('refused', `Refused ${what} on another origin (${resolved.origin})`);
    }
    return resolved;
  }

  async function headersFor(spec: RequestSpec): Promise<Record<string, string>> {
    const credentials = typeof options.credentials === 'function' ? await options.credentials() : options.credentials;
    if (!credentials.authorization || !credentials.apiKey || !credentials.orgId || !credentials.sandbox) {
      throw new PlatformError('auth', 'No Platform credentials for this org and sandbox', { authReason: 'expired' });
    }
    const headers: Record<string, string> = {
      Authorization: credentials.authorization,
      'x-api-key': credentials.apiKey,
      'x-gw-ims-org-id': credentials.orgId,
      'x-sandbox-name': credentials.sandbox,
      Accept: spec.accept ?? 'application/json',
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  interface Answer {
    status: number;
    ok: boolean;
    text: string;
    retryAfterMs?: number;
  }

  async function attempt(spec: RequestSpec): Promise<Answer> {
    // Checked before the headers exist: credentials are only ever built for this origin.
    if (spec.url.origin !== origin) throw new PlatformError('refused', `Refused request to ${spec.url.origin}`);
    const headers = await headersFor(spec);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let target = spec.url;
      let method: string = spec.method;
      let body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      for (let hop = 0; ; hop++) {
        const response = await doFetch(target, { method, headers, body, redirect: 'manual', signal: controller.signal });
        options.clock?.observe(response.headers.get('date'), now());
        if (response.type === 'opaqueredirect') {
          throw new PlatformError('refused', 'Refused a redirect whose target cannot be checked', { status: response.status });
        }
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel().catch(() => undefined);
          const location = response.headers.get('location');
          if (!location || hop >= MAX_REDIRECTS) {
            throw new PlatformError('refused', 'Refused a redirect', { status: response.status });
          }
          target = sameOrigin(location, target, 'redirect');
          if (response.status !== 307 && response.status !== 308) {
            method = 'GET';
            body = undefined;
          }
          continue;
        }
        if (response.url && new URL(response.url).origin !== origin) {
          await response.body?.cancel().catch(() => undefined);
          throw new PlatformError('refused', 'Refused an answer from another origin', { status: response.status });
        }
        const text = await readCapped(response, maxBodyBytes);
        const answer: Answer = { status: response.status, ok: response.ok, text };
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
        if (retryAfterMs !== undefined) answer.retryAfterMs = retryAfterMs;
        return answer;
      }
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      if (controller.signal.aborted) {
        throw new PlatformError('timeout', `No answer within ${Math.round(timeoutMs / 1000)} s`);
      }
      const reason = error instanceof Error ? error.message : 'fetch failed';
      throw new PlatformError('network', `Network error: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }

  function backoff(attemptIndex: number): number {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attemptIndex);
    // Half fixed, half jitter: clients retrying together spread out but never retry at once.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  function parseJson(answer: Answer): unknown {
    if (!answer.text.trim()) return undefined;
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      if (answer.ok) throw new PlatformError('malformed', 'The answer is not JSON', { status: answer.status });
      return answer.text;
    }
  }

  async function request(spec: RequestSpec): Promise<unknown> {
    for (let attemptIndex = 0; ; attemptIndex++) {
      const left = attemptIndex < retries;
      let answer: Answer;
      try {
        answer = await attempt(spec);
      } catch (error) {
        const transient = error instanceof PlatformError && (error.kind === 'network' || error.kind === 'timeout');
        if (transient && left && spec.retry === 'idempotent') {
          await sleep(backoff(attemptIndex));
          continue;
        }
        throw error;
      }
      if (answer.ok) {
        try {
          return parseJson(answer);
        } catch (error) {
          // A cut-off body on a read is a transport fault like a dropped connection: read again.
          if (left && spec.retry === 'idempotent') {
            await sleep(backoff(attemptIndex));
            continue;
          }
          throw error;
        }
      }
      // A 429 on a POST goes to the caller at once, however short its wait: the engine stores
      // the wait with the request before sleeping, so a worker killed meanwhile neither sends
      // it early nor leaves it "sending" with an outcome to reconcile.
      const retryable = answer.status >= 500 || (answer.status === 429 && spec.retry === 'idempotent');
      const tooLong = answer.retryAfterMs !== undefined && answer.retryAfterMs > maxRetryAfterMs;
      if (retryable && left && !tooLong) {
        await sleep(answer.retryAfterMs ?? backoff(attemptIndex));
        continue;
      }
      throw errorFromResponse(answer.status, parseJson(answer), answer.retryAfterMs);
    }
  }

  /** Flow Service links are absolute; a root-relative one without `/data/` is read against the service base. */
  function nextLink(href: string): string {
    if (href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/data/')) return `${FLOW_SERVICE}${href}`;
    return href;
  }

  async function collect<T>(list: SkippedList, first: URL, parsePage: (json: unknown) => Page<T>, onPage?: (items: T[]) => void): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>([first.href]);
    let current = first;
    let answer: Promise<unknown> | undefined = request({ method: 'GET', url: first, retry: 'idempotent' });
    for (let page = 1; answer; page++) {
      const json = await answer;
      // The next page is asked for first: this one's items take a while to parse.
      const links = pageLinks(json);
      let next: URL | undefined;
      if (links.nextHref) {
        next = sameOrigin(nextLink(links.nextHref), current, 'next page link');
      } else if (links.continuationToken) {
        next = new URL(current.href);
        next.searchParams.set('continuationToken', links.continuationToken);
      }
      answer = undefined;
      if (next && !seen.has(next.href) && page < MAX_PAGES) {
        seen.add(next.href);
        current = next;
        answer = request({ method: 'GET', url: next, retry: 'idempotent' });
        // Awaited next round, unless this page turns out malformed: its own error is the one to see.
        answer.catch(() => undefined);
      }
      const parsed = parsePage(json);
      items.push(...parsed.items);
      if (parsed.skipped) options.onSkipped?.(list, parsed.skipped);
      onPage?.(parsed.items);
    }
    return items;
  }

  const flowsUrl = (property: string) => url(`${FLOW_SERVICE}/flows`, { property, limit: String(PAGE_LIMIT) });

  /** Ids per bulk-get body: IDS_PER_BULK until the gateway refuses a body as too large. */
  let bulkSize = IDS_PER_BULK;

  /** Every chunk side by side (the browser queues what its connections cannot take yet). */
  async function bulk<T>(path: string, ids: readonly string[], parse: (json: unknown) => BulkResult<T>): Promise<BulkResult<T>> {
    const send = async (part: readonly string[]): Promise<BulkResult<T>> => {
      let json: unknown;
      try {
        json = await request({ method: 'POST', url: url(path), body: { ids: part.map((id) => ({ id })) }, retry: 'idempotent' });
      } catch (error) {
        if (!refusedAsTooLarge(error, part.length)) throw error;
        const half = Math.ceil(part.length / 2);
        bulkSize = Math.max(SAFE_IDS_PER_BULK, Math.min(bulkSize, half));
        return merged(await Promise.all([send(part.slice(0, half)), send(part.slice(half))]));
      }
      const parsed = parse(json);
      const found = new Set(parsed.records.map((record) => (record as { id: string }).id));
      return { records: parsed.records, missing: part.filter((id) => !found.has(id)) };
    };
    return merged(await Promise.all(chunk(unique(ids), bulkSize).map(send)));
  }

  return {
    origin,

    listDestinationFlows: (onPage) => collect('dataflows', flowsUrl(DESTINATION_FLOWS_PROPERTY), parseDataflowPage, onPage),

    async getFlowsByIds(ids) {
      // Side by side: 200 dataflows (a bulk export's re-check) were 5 calls one after the other.
      const parts = chunk(unique(ids), IDS_PER_QUERY);
      const pages = await Promise.all(parts.map((part) => collect('dataflows', flowsUrl(`id==${part.join(',')}`), parseDataflowPage)));
      return pages.flat();
    },

    async getFlow(id) {
      const json = await request({ method: 'GET', url: url(`${FLOW_SERVICE}/flows/${encodeURIComponent(id)}`), retry: 'idempotent' });
      const flow = parseDataflow(json);
      if (!flow) throw new PlatformError('notFound', `Dataflow ${id} not found`, { status: 404 });
      return flow;
    },

    async listRuns(flowId, runOptions = {}) {
      const runs = await collect('runs', url(`${FLOW_SERVICE}/runs`, { property: `flowId==${flowId}`, limit: String(PAGE_LIMIT) }), parseRunPage);
      return createdSince(runs, runOptions.since);
    },

    async listRunsOfFlows(flowIds, runOptions = {}) {
      const runs: Run[] = [];
      for (const part of chunk(unique(flowIds), IDS_PER_QUERY)) {
        runs.push(...(await collect('runs', url(`${FLOW_SERVICE}/runs`, { property: `flowId==${part.join(',')}`, limit: String(PAGE_LIMIT) }), parseRunPage)));
      }
      return createdSince(runs, runOptions.since);
    },

    async activate(activationInfo) {
      const body = { activationInfo: Object.fromEntries(Object.entries(activationInfo).map(([k, v]) => [k, [...v]])) };
      const json = await request({ method: 'POST', url: url(ADHOC_PATH), body, accept: ADHOC_V2_ACCEPT, retry: 'answered' });
      return parseAdhocResponse(json);
    },

    getAudiences: (ids) => bulk(AUDIENCES_BULK_PATH, ids, parseAudiencesBulk),
    getMergePolicies: (ids) => bulk(MERGE_POLICIES_BULK_PATH, ids, parseMergePoliciesBulk),
  };
}
