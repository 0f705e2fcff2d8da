/**
 * The one protocol between the content script, popup, options and the background:
 * every command's request and response, and every broadcast event, as zod/mini
 * schemas (zod/mini so the content script can validate without full zod).
 */
import * as z from 'zod/mini';
import { errorInfoSchema, JOB_STATUSES, jobCountsSchema, jobSummarySchema, pairSchema, ruleIdSchema, scopeSchema, unreadableSchema } from '@/lib/store/schemas';
import { presentedDataflowSchema } from './view-schemas';
import { queueEntrySchema } from '@/lib/queue/entry';
import { REPORT_COLUMNS } from '@/lib/present/report-columns';

import { CHANNEL } from './channel';

export { CHANNEL };

/** Upper bound of one exports.start: an enterprise sandbox's 10,000 pairs in one click (issue 17), low enough to bound the work. */
export const MAX_PAIRS_PER_START = 10_000;

export type SenderKind = 'extension' | 'console';

export interface CommandDef<Req extends z.ZodMiniType = z.ZodMiniType, Res extends z.ZodMiniType = z.ZodMiniType> {
  request: Req;
  response: Res;
  /** Who may send it; defaults to both this extension's pages and console frames. */
  from?: readonly SenderKind[];
}

export function defineCommands<T extends Record<string, CommandDef>>(table: T): T {
  return table;
}

const empty = z.object({});
const localeSchema = z.enum(['en', 'pt_BR']);
const text = z.string().check(z.minLength(1));
/** The console route's sandbox: the page's own session is the one for it, not the latest. */
const sandboxName = text.check(z.maxLength(500));

/** What may leave the background of a session: no token, no api key. */
export const publicSessionSchema = z.object({
  orgId: z.string(),
  sandbox: z.string(),
  seenAt: z.number(),
  stale: z.boolean(),
  source: z.enum(['console', 'manual']),
});

export const routeSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('browse') }), z.object({ kind: z.literal('dataflow'), flowId: text })]);

export const commands = defineCommands({
  ping: {
    request: empty,
    response: z.object({ pong: z.literal(true), version: z.string() }),
  },
  'strings.get': {
    // The console page's strings for its locale: they are not in the content script's bundle.
    request: z.object({ locale: localeSchema }),
    response: z.object({ strings: z.record(z.string(), z.string()) }),
  },
  'styles.get': {
    // Our shadow roots' CSS for the console page: not in the content script's bundle either.
    request: empty,
    response: z.object({ badge: z.string(), ui: z.string(), tip: z.string() }),
  },
  'view.get': {
    // `locale`: the page's language, for the badges' words (the content script bundles none).
    request: z.object({
      route: routeSchema,
      scope: z.optional(scopeSchema),
      sandbox: z.optional(sandboxName),
      locale: z.optional(localeSchema),
      /** The shell page's app frame (its `src`), for the background to tell whether we can read it. */
      frames: z.optional(z.array(z.string().check(z.maxLength(2048))).check(z.maxLength(5))),
    }),
    response: z.object({
      dataflows: z.array(presentedDataflowSchema),
      /** Each eligibility rule in plain words, in the page's language. */
      reasons: z.record(ruleIdSchema, z.string()),
      /** null when no session has been seen yet, so no org is known. */
      scope: z.nullable(scopeSchema),
      sessionSeen: z.boolean(),
      error: z.optional(errorInfoSchema),
      /** Why this page cannot be read and what to do, in the page's language (an unreadable app frame). */
      notice: z.optional(z.string()),
    }),
  },
  'exports.start': {
    request: z.object({
      pairs: z.array(pairSchema).check(z.minLength(1), z.maxLength(MAX_PAIRS_PER_START)),
      origin: z.enum(['page', 'panel', 'popup']),
      scope: z.optional(scopeSchema),
      sandbox: z.optional(sandboxName),
      /** Export when ready: the pairs that only have to wait are queued, not skipped. */
      queue: z.optional(z.boolean()),
      /** With `queue`: pairs that would send our last export's data wait for their next scheduled export. */
      holdSameData: z.optional(z.boolean()),
    }),
    response: z.object({
      /** Empty when every pair was queued (no job now). */
      jobId: z.string(),
      sent: z.number(),
      skipped: z.array(z.object({ pair: pairSchema, rule: ruleIdSchema })),
      queued: z.optional(z.number()),
    }),
  },
  'queue.list': {
    // The popup's "Queued" list: what waits, for what, until when.
    request: empty,
    response: z.object({ entries: z.array(queueEntrySchema) }),
    from: ['extension'],
  },
  'queue.cancel': {
    request: z.union([z.object({ queueId: text }), z.object({ entryId: text })]),
    response: z.object({ cancelled: z.number() }),
    from: ['extension'],
  },
  'exports.cancel': {
    request: z.object({ jobId: text }),
    response: z.object({ cancelled: z.boolean() }),
    // The popup's: a console frame may send only the commands the content script uses.
    from: ['extension'],
  },
  'exports.retry': {
    request: z.object({ jobId: text, runIds: z.optional(z.array(text).check(z.maxLength(MAX_PAIRS_PER_START))) }),
    response: z.object({ jobId: z.string() }),
  },
  'history.list': {
    request: z.object({
      cursor: z.optional(z.string()),
      limit: z.number().check(z.int(), z.minimum(1), z.maximum(200)),
      filter: z.optional(
        z.object({
          status: z.optional(z.union([z.enum(JOB_STATUSES), z.array(z.enum(JOB_STATUSES))])),
          flowId: z.optional(z.string()),
          scope: z.optional(scopeSchema),
        }),
      ),
    }),
    response: z.object({
      items: z.array(z.union([unreadableSchema, jobSummarySchema])),
      nextCursor: z.optional(z.string()),
    }),
    from: ['extension'],
  },
  'jobs.get': {
    // A job's progress for the page's bulk control: counts kept on the job by the store.
    request: z.object({ jobId: text, locale: z.optional(localeSchema) }),
    response: z.object({
      job: z.nullable(
        z.object({
          status: z.enum(JOB_STATUSES),
          pairCount: z.number(),
          counts: jobCountsSchema,
          /** Why it is not moving and until when, in the page's language (paused, Retry-After, no answer). */
          wait: z.optional(z.string()),
        }),
      ),
    }),
  },
  'history.open': {
    // The page's "see history" link: content scripts cannot open extension pages themselves.
    request: z.object({ jobId: z.optional(text) }),
    response: z.object({ opened: z.boolean() }),
  },
  'session.list': {
    request: empty,
    response: z.object({ sessions: z.array(publicSessionSchema) }),
    from: ['extension'],
  },
  'session.setManual': {
    request: z.object({
      /** With or without the `Bearer ` prefix. */
      token: text.check(z.maxLength(20_000)),
      apiKey: text.check(z.maxLength(500)),
      orgId: text.check(z.maxLength(500)),
      sandbox: text.check(z.maxLength(500)),
    }),
    response: z.object({ session: publicSessionSchema }),
    // Typing credentials is for the options page only: a console page must never set them.
    from: ['extension'],
  },
  'session.clearManual': {
    request: empty,
    response: z.object({ cleared: z.boolean() }),
    from: ['extension'],
  },
  'report.open': {
    // The panel's "Eligibility report…": opens the report page for this tab's org and sandbox.
    request: z.object({ route: routeSchema, sandbox: z.optional(sandboxName), locale: z.optional(localeSchema) }),
    response: z.object({ opened: z.boolean() }),
  },
  'report.get': {
    // Every dataflow × audience of a view, in words and as CSV and JSON (lib/present/report).
    request: z.object({ route: routeSchema, scope: scopeSchema, locale: z.optional(localeSchema) }),
    response: z.object({
      rows: z.array(z.record(z.enum(REPORT_COLUMNS), z.string())),
      csv: z.string(),
      json: z.string(),
      at: z.number(),
      error: z.optional(errorInfoSchema),
    }),
    from: ['extension'],
  },
  'frames.list': {
    // Console frame origins seen but not readable, and those the user allowed (lib/frame-origins).
    request: empty,
    response: z.object({
      noticed: z.array(z.object({ origin: z.string(), via: z.enum(['frame', 'request']), at: z.number() })),
      granted: z.array(z.string()),
    }),
    from: ['extension'],
  },
  'frames.grant': {
    // After the page's own permissions.request: the background checks the browser granted it.
    request: z.object({ origin: text.check(z.maxLength(2048)) }),
    response: z.object({ granted: z.array(z.string()) }),
    from: ['extension'],
  },
  'frames.revoke': {
    request: z.object({ origin: text.check(z.maxLength(2048)) }),
    response: z.object({ granted: z.array(z.string()) }),
    from: ['extension'],
  },
  'diagnostics.tables': {
    // The page's "Diagnostics": each recognised table's fingerprint, computed in the asking frame (entrypoints/diagnostics.ts).
    request: empty,
    response: z.object({ lines: z.array(z.string().check(z.maxLength(5000))).check(z.maxLength(200)) }),
  },
  'diagnostics.get': {
    request: empty,
    response: z.object({
      version: z.string(),
      environment: z.string(),
      platformOrigin: z.string(),
      sessions: z.array(publicSessionSchema),
      store: z.nullable(z.object({ jobs: z.number(), runs: z.number(), requests: z.number(), inFlight: z.number() })),
      storeError: z.optional(errorInfoSchema),
      /** Platform list items left out since the worker started (lib/platform/skip-tally). */
      skipped: z.object({ dataflows: z.number(), runs: z.number(), lastAt: z.optional(z.number()) }),
      /** Console frame origins seen but not readable, and those allowed (lib/frame-origins). */
      frames: z.object({ noticed: z.array(z.string()), granted: z.array(z.string()) }),
    }),
    from: ['extension'],
  },
});

export type Commands = typeof commands;
export type CommandType = keyof Commands & string;
export type CommandRequest<T extends CommandType> = z.infer<Commands[T]['request']>;
export type CommandResponse<T extends CommandType> = z.infer<Commands[T]['response']>;

export const commandEnvelopeSchema = z.object({
  channel: z.literal(CHANNEL),
  kind: z.literal('command'),
  type: z.string(),
  payload: z.unknown(),
});

export const replySchema = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: errorInfoSchema })]);

export type Reply<T = unknown> = { ok: true; data: T } | { ok: false; error: z.infer<typeof errorInfoSchema> };

// ---- Events: background -> pages, fire and forget ----

export const events = {
  /** Runs of a job changed state (the popup refreshes that job). */
  'runs.changed': z.object({ jobId: z.string(), runIds: z.optional(z.array(z.string())) }),
  /** A job was created, paused, resumed, finished or cancelled. */
  'jobs.changed': z.object({ jobId: z.string() }),
  /** The view of a scope changed (eligibility or running flags): the page redraws. */
  'view.changed': z.object({ scope: z.optional(scopeSchema), flowIds: z.optional(z.array(z.string())) }),
  /** Pairs were queued, sent from the queue, cancelled or dropped (the popup's Queued list). */
  'queue.changed': z.object({}),
  'session.changed': z.object({ scope: scopeSchema, reason: z.enum(['captured', 'manual', 'stale', 'resumed', 'cleared']) }),
} as const;

export type Events = typeof events;
export type EventType = keyof Events & string;
export type EventPayload<T extends EventType> = z.infer<Events[T]>;

export const eventEnvelopeSchema = z.object({
  channel: z.literal(CHANNEL),
  kind: z.literal('event'),
  type: z.string(),
  payload: z.unknown(),
});
