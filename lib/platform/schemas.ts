/**
 * The boundary: raw Platform JSON -> the domain types of lib/model.ts. Lenient on
 * fields we do not use (zod objects drop unknown keys), strict on the ones we do.
 * Every `parse*` returns a value or throws a `PlatformError` of kind `malformed`.
 *
 * Over 400 lines on purpose: one short schema per Platform answer, side by side with the field
 * helpers they share, so the whole boundary reads in one place.
 */
import { z } from 'zod';
import type { AudienceRecord, Dataflow, MappedAudience, MergePolicyRecord, Run, RunStatus, Schedule } from '@/lib/model';
import { PlatformError } from './errors';
import { toMillis } from './time';

// Before the first z.object below: each classic object schema asks, once, whether it may compile a
// parser with `new Function`. An extension's CSP forbids it, so the answer is no either way, but
// the asking throws and files a CSP violation in the worker's DevTools on every start.
z.config({ jitless: true });

const epoch = z.union([z.number(), z.string()]);
const text = z.string();

// ---- Dataflows ----

const scheduleSchema = z.object({
  frequency: text,
  triggerType: text.optional(),
  startDate: text.optional(),
  endDate: text.optional().nullable(),
  startTime: text.optional().nullable(),
});

const selectorSchema = z.object({
  type: text.optional(),
  value: z.object({
    id: text.min(1),
    name: text.optional(),
    exportMode: text.optional().nullable(),
    schedule: scheduleSchema.optional().nullable(),
    createTime: epoch.optional().nullable(),
    updateTime: epoch.optional().nullable(),
  }),
});

const transformationSchema = z.object({
  name: text.optional(),
  params: z
    .object({
      segmentSelectors: z
        .object({ selectors: z.array(selectorSchema).optional().nullable() })
        .optional()
        .nullable(),
    })
    .optional()
    .nullable(),
});

// Fields only shown or used as hints `.catch(undefined)`: one dataflow whose `flowSpec` is a
// string, or whose `lastRunDetails` is partial, must not fail the whole Browse list.
const dataflowSchema = z.object({
  id: text.min(1),
  name: text,
  state: text,
  sandboxName: text.optional().catch(undefined),
  flowSpec: z.object({ id: text.optional() }).optional().nullable().catch(undefined),
  inheritedAttributes: z
    .object({
      properties: z.object({ isDestinationFlow: z.boolean().optional().nullable() }).optional().nullable(),
    })
    .optional()
    .nullable()
    .catch(undefined),
  transformations: z.array(transformationSchema).optional().nullable(),
  lastRunDetails: z.object({ id: text, state: text, startedAtUTC: epoch.optional().nullable() }).optional().nullable().catch(undefined),
});

/** Flow Service paging: `_links.next.href` and / or a continuation token. */
const pagingSchema = {
  _links: z
    .object({ next: z.object({ href: text }).optional().nullable() })
    .optional()
    .nullable(),
  _page: z.object({ next: text.optional().nullable() }).optional().nullable(),
  continuationToken: text.optional().nullable(),
};

const pagingOnlySchema = z.object(pagingSchema);

/** Items are parsed one by one (`itemsOf`): an item whose needed fields are bad is skipped, not the list. */
const dataflowListSchema = z.object({ items: z.array(z.unknown()), ...pagingSchema });

// ---- Runs ----

/** `recordSummary.targetSummaries` / `sourceSummaries`: the entities (audiences) a run covers. */
const summariesSchema = z
  .array(
    z.object({
      entitySummaries: z
        .array(z.object({ id: text.optional().nullable() }))
        .optional()
        .nullable(),
    }),
  )
  .optional()
  .nullable()
  .catch(undefined);

const runSchema = z.object({
  id: text.min(1),
  flowId: text.min(1),
  createdAt: epoch.optional().nullable(),
  metrics: z
    .object({
      durationSummary: z.object({ startedAtUTC: epoch.optional().nullable(), completedAtUTC: epoch.optional().nullable() }).optional().nullable(),
      statusSummary: z
        .object({
          status: text.optional().nullable(),
          errors: z
            .array(z.object({ code: z.union([text, z.number()]).optional().nullable(), message: text.optional().nullable() }))
            .optional()
            .nullable(),
        })
        .optional()
        .nullable(),
      recordSummary: z
        .object({
          outputRecordCount: z.number().optional().nullable(),
          targetSummaries: summariesSchema,
          // Adobe's documented failed-run example names its audience here only.
          sourceSummaries: summariesSchema,
        })
        .optional()
        .nullable(),
      fileSummary: z.object({ outputFileCount: z.number().optional().nullable() }).optional().nullable(),
    })
    .optional()
    .nullable(),
});

const runListSchema = z.object({ items: z.array(z.unknown()), ...pagingSchema });

// ---- Ad-hoc activation ----

const adhocSchema = z.object({
  order: z.array(z.object({ segment: text.min(1), order: text.min(1), statusURL: text.min(1) })),
});

// ---- Segmentation / profile config ----

const audienceSchema = z.object({
  id: text.min(1),
  name: text.optional().nullable(),
  mergePolicyId: text.optional().nullable(),
  createEpoch: epoch.optional().nullable(),
  updateEpoch: epoch.optional().nullable(),
  originName: text.optional().nullable().catch(undefined),
});

const mergePolicySchema = z.object({
  id: text.min(1),
  name: text.optional().nullable(),
  updateEpoch: epoch.optional().nullable(),
  version: z.number().optional().nullable(),
});

const bulkSchema = z.object({ results: z.record(z.string(), z.unknown()) });

// ---- Helpers ----

function issuesSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = issuesSummary(result.error);
    throw new PlatformError('malformed', `Unexpected ${what} answer (${issues})`, { issues });
  }
  return result.data;
}

function definedMillis(value: unknown): { ms?: number } {
  const ms = toMillis(value);
  return ms === undefined ? {} : { ms };
}

function stripSegmentPrefix(id: string): string {
  return id.replace(/^segment:/i, '');
}

const STATUS_WORDS: Record<string, RunStatus> = {
  success: 'success',
  succeeded: 'success',
  completed: 'success',
  partialsuccess: 'success',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  processing: 'processing',
  inprogress: 'processing',
  running: 'processing',
  started: 'processing',
  waiting: 'waiting',
  pending: 'waiting',
  queued: 'waiting',
  scheduled: 'waiting',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  aborted: 'cancelled',
};

/** The API spells statuses `Success`, `success`, `inProgress`...: one lower-cased vocabulary. */
export function normaliseStatus(raw: string | null | undefined): RunStatus {
  if (!raw) return 'unknown';
  return STATUS_WORDS[raw.toLowerCase().replace(/[\s_-]/g, '')] ?? 'unknown';
}

// ---- Mapping to the domain ----

type RawDataflow = z.infer<typeof dataflowSchema>;
type RawRun = z.infer<typeof runSchema>;
type RawSelector = z.infer<typeof selectorSchema>;

function toSchedule(raw: NonNullable<RawSelector['value']['schedule']>): Schedule {
  const schedule: Schedule = { frequency: raw.frequency };
  if (raw.triggerType) schedule.triggerType = raw.triggerType;
  if (raw.startDate) schedule.startDate = raw.startDate;
  if (raw.endDate) schedule.endDate = raw.endDate;
  if (raw.startTime) schedule.startTime = raw.startTime;
  return schedule;
}

function toMappedAudience(selector: RawSelector): MappedAudience {
  const value = selector.value;
  const audience: MappedAudience = { id: stripSegmentPrefix(value.id), name: value.name || value.id };
  if (value.exportMode) audience.exportMode = value.exportMode;
  if (value.schedule) audience.schedule = toSchedule(value.schedule);
  const created = definedMillis(value.createTime).ms;
  if (created !== undefined) audience.createdAt = created;
  const updated = definedMillis(value.updateTime).ms;
  if (updated !== undefined) audience.updatedAt = updated;
  return audience;
}

function toDataflow(raw: RawDataflow): Dataflow {
  const selectors = (raw.transformations ?? []).flatMap((t) => t.params?.segmentSelectors?.selectors ?? []);
  const seen = new Set<string>();
  const audiences: MappedAudience[] = [];
  for (const selector of selectors) {
    const audience = toMappedAudience(selector);
    if (seen.has(audience.id)) continue;
    seen.add(audience.id);
    audiences.push(audience);
  }
  const dataflow: Dataflow = {
    id: raw.id,
    name: raw.name,
    state: raw.state,
    isDestinationFlow: raw.inheritedAttributes?.properties?.isDestinationFlow === true,
    audiences,
  };
  if (raw.flowSpec?.id) dataflow.flowSpecId = raw.flowSpec.id;
  if (raw.sandboxName) dataflow.sandboxName = raw.sandboxName;
  if (raw.lastRunDetails) {
    const lastRun: NonNullable<Dataflow['lastRun']> = { id: raw.lastRunDetails.id, state: raw.lastRunDetails.state };
    const startedAt = definedMillis(raw.lastRunDetails.startedAtUTC).ms;
    if (startedAt !== undefined) lastRun.startedAt = startedAt;
    dataflow.lastRun = lastRun;
  }
  return dataflow;
}

function toRun(raw: RawRun): Run {
  const metrics = raw.metrics;
  const startedAt = definedMillis(metrics?.durationSummary?.startedAtUTC).ms;
  const completedAt = definedMillis(metrics?.durationSummary?.completedAtUTC).ms;
  const createdAt = definedMillis(raw.createdAt).ms ?? startedAt ?? 0;
  const summary = metrics?.recordSummary;
  const ids = [...(summary?.targetSummaries ?? []), ...(summary?.sourceSummaries ?? [])]
    .flatMap((target) => target.entitySummaries ?? [])
    .map((entity) => entity.id)
    .filter((id): id is string => typeof id === 'string' && id.length > 0)
    .map(stripSegmentPrefix);
  const run: Run = {
    id: raw.id,
    flowId: raw.flowId,
    createdAt,
    status: normaliseStatus(metrics?.statusSummary?.status),
    audienceIds: [...new Set(ids)],
    errors: (metrics?.statusSummary?.errors ?? []).map((e) => {
      const error: Run['errors'][number] = { message: e.message ?? '' };
      if (e.code !== undefined && e.code !== null) error.code = String(e.code);
      return error;
    }),
  };
  if (startedAt !== undefined) run.startedAt = startedAt;
  if (completedAt !== undefined) run.completedAt = completedAt;
  const records = metrics?.recordSummary?.outputRecordCount;
  if (typeof records === 'number') run.recordCount = records;
  const files = metrics?.fileSummary?.outputFileCount;
  if (typeof files === 'number') run.fileCount = files;
  return run;
}

// ---- Public parsers ----

/** A page of a list answer, plus where the next page is (raw: the client checks its origin). */
export interface Page<T> {
  items: T[];
  /** Items left out because a field we need was missing or of another shape (the rest still count). */
  skipped?: number;
  nextHref?: string;
  continuationToken?: string;
}

type PageLinks = Pick<Page<never>, 'nextHref' | 'continuationToken'>;

function linksOf(raw: z.infer<typeof pagingOnlySchema>): PageLinks {
  const links: PageLinks = {};
  const href = raw._links?.next?.href;
  if (href) links.nextHref = href;
  const token = raw.continuationToken ?? raw._page?.next;
  if (token) links.continuationToken = token;
  return links;
}

function pageOf<T>(raw: z.infer<typeof pagingOnlySchema>, items: T[]): Page<T> {
  return { items, ...linksOf(raw) };
}

/**
 * Where the next page of a list answer is, read without its items: the next page can be
 * asked for before this one's items are parsed (a page of 100 dataflows with 50 audiences
 * each is 1.5 MB, tens of ms to parse). Nothing when the envelope is not one: the page's
 * own parse says what is wrong with it.
 */
export function pageLinks(json: unknown): PageLinks {
  const raw = pagingOnlySchema.safeParse(json);
  return raw.success ? linksOf(raw.data) : {};
}

/** Each item that parses; the count of those that did not. */
function itemsOf<R, T>(items: unknown[], schema: z.ZodType<R>, map: (raw: R) => T): { items: T[]; skipped: number } {
  const out: T[] = [];
  let skipped = 0;
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(map(parsed.data));
    else skipped++;
  }
  return { items: out, skipped };
}

function pageOfItems<R, T>(raw: z.infer<typeof dataflowListSchema>, schema: z.ZodType<R>, map: (raw: R) => T): Page<T> {
  const { items, skipped } = itemsOf(raw.items, schema, map);
  const page = pageOf(raw, items);
  if (skipped) page.skipped = skipped;
  return page;
}

export function parseDataflowPage(json: unknown): Page<Dataflow> {
  return pageOfItems(parseWith(dataflowListSchema, json, 'dataflow list'), dataflowSchema, toDataflow);
}

/** `GET /flows/{id}` answers `{items: [flow]}`; a bare flow is accepted too. */
export function parseDataflow(json: unknown): Dataflow | undefined {
  if (json !== null && typeof json === 'object' && 'items' in json) {
    return parseDataflowPage(json).items[0];
  }
  return toDataflow(parseWith(dataflowSchema, json, 'dataflow'));
}

export function parseRunPage(json: unknown): Page<Run> {
  return pageOfItems(parseWith(runListSchema, json, 'run list'), runSchema, toRun);
}

/** `GET /runs/{id}` answers `{items: [run]}`; a bare run is accepted too. */
export function parseRun(json: unknown): Run | undefined {
  if (json !== null && typeof json === 'object' && 'items' in json) {
    return parseRunPage(json).items[0];
  }
  return toRun(parseWith(runSchema, json, 'run'));
}

/** One (dataflow, audience) the ad-hoc service accepted, with where to follow its run. */
export interface AdhocOrder {
  flowId: string;
  audienceId: string;
  statusURL: string;
  /** The last path segment of `statusURL`, when it looks like `/runs/<id>`. */
  runId?: string;
}

export function runIdFromStatusUrl(statusURL: string): string | undefined {
  const match = /\/runs\/([^/?#]+)\/?(?:[?#].*)?$/.exec(statusURL);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

export function parseAdhocResponse(json: unknown): AdhocOrder[] {
  const raw = parseWith(adhocSchema, json, 'ad-hoc activation');
  return raw.order.map((item) => {
    const order: AdhocOrder = {
      flowId: item.order,
      audienceId: stripSegmentPrefix(item.segment),
      statusURL: item.statusURL,
    };
    let runId: string | undefined;
    try {
      runId = runIdFromStatusUrl(item.statusURL);
    } catch {
      runId = undefined; // a malformed percent-escape: keep the URL, no id
    }
    if (runId) order.runId = runId;
    return order;
  });
}

/** A bulk-get answer (207): the records that parsed, and the ids whose entry was an error or unusable. */
export interface BulkResult<T> {
  records: T[];
  missing: string[];
}

function parseBulk<R, T>(json: unknown, what: string, schema: z.ZodType<R>, map: (raw: R) => T): BulkResult<T> {
  const raw = parseWith(bulkSchema, json, what);
  const records: T[] = [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(raw.results)) {
    // A 207 carries per-id failures in the same map; an entry without the record shape is one of those.
    const parsed = schema.safeParse(value);
    if (parsed.success) records.push(map(parsed.data));
    else missing.push(key);
  }
  return { records, missing };
}

export function parseAudiencesBulk(json: unknown): BulkResult<AudienceRecord> {
  return parseBulk(json, 'audiences bulk-get', audienceSchema, (raw) => {
    const record: AudienceRecord = { id: raw.id };
    if (raw.name) record.name = raw.name;
    if (raw.mergePolicyId) record.mergePolicyId = raw.mergePolicyId;
    const created = toMillis(raw.createEpoch);
    if (created !== undefined) record.createdAt = created;
    const updated = toMillis(raw.updateEpoch);
    if (updated !== undefined) record.updatedAt = updated;
    if (raw.originName) record.originName = raw.originName;
    return record;
  });
}

export function parseMergePoliciesBulk(json: unknown): BulkResult<MergePolicyRecord> {
  return parseBulk(json, 'merge policies bulk-get', mergePolicySchema, (raw) => {
    const record: MergePolicyRecord = { id: raw.id };
    if (raw.name) record.name = raw.name;
    const updated = toMillis(raw.updateEpoch);
    if (updated !== undefined) record.updatedAt = updated;
    if (typeof raw.version === 'number') record.version = raw.version;
    return record;
  });
}
