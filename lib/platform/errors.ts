import type { ErrorInfo, ErrorKind } from '@/lib/model';

/** What a rejection said about the run that is already going on (for adopting it). */
export interface AlreadyRunningDetail {
  audienceId: string;
  flowId: string;
  runId: string;
}

export interface PlatformErrorOptions {
  status?: number;
  alreadyRunning?: AlreadyRunningDetail;
  /** Audience names from an "out of schedule range" rejection. */
  outOfScheduleNames?: string[];
  /** For `malformed`: a summary of the zod issue paths. */
  issues?: string;
  /** For `auth`: whether the token itself is the problem or a permission is missing. */
  authReason?: 'expired' | 'permission';
  /** Seconds the server asked us to wait (429 / 503), when it said so. */
  retryAfterMs?: number;
  cause?: unknown;
}

const MAX_MESSAGE = 500;

/** Server text is shown to users: trimmed, single-line, bounded, never markup. */
function safeMessage(text: string): string {
  // Control characters are what this strips.
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u001f\u007f]+/g;
  const flat = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

/** The one error type the Platform client throws. It never carries a header or a token. */
export class PlatformError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly alreadyRunning?: AlreadyRunningDetail;
  readonly outOfScheduleNames?: string[];
  readonly issues?: string;
  readonly authReason?: 'expired' | 'permission';
  readonly retryAfterMs?: number;

  constructor(kind: ErrorKind, message: string, options: PlatformErrorOptions = {}) {
    super(safeMessage(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlatformError';
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
    if (options.alreadyRunning) this.alreadyRunning = options.alreadyRunning;
    if (options.outOfScheduleNames) this.outOfScheduleNames = options.outOfScheduleNames;
    if (options.issues !== undefined) this.issues = options.issues;
    if (options.authReason) this.authReason = options.authReason;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  toInfo(): ErrorInfo {
    return this.status === undefined ? { kind: this.kind, message: this.message } : { kind: this.kind, message: this.message, status: this.status };
  }
}

export function isPlatformError(value: unknown): value is PlatformError {
  return value instanceof PlatformError;
}

// ---- Reading error bodies ----

const MESSAGE_FIELDS = ['message', 'errorMessage', 'detail', 'error_description', 'error'] as const;

/**
 * Every documented error body shape (gateway `{error_code, message}`, problem details
 * `{type,title,status,detail,report}`, Flow Service `report`, ad-hoc `message` /
 * `errorMessage`) reduced to its texts, most specific first. Defensive: any JSON in,
 * strings out, never throws.
 */
export function errorTexts(body: unknown, depth = 0): string[] {
  if (depth > 4 || body === null || body === undefined) return [];
  if (typeof body === 'string') return body.trim() ? [body] : [];
  if (Array.isArray(body)) return body.slice(0, 20).flatMap((item) => errorTexts(item, depth + 1));
  if (typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  const texts: string[] = [];
  const own = (fields: readonly string[]) => {
    for (const field of fields) {
      const value = record[field];
      if (typeof value === 'string' && value.trim()) texts.push(value);
    }
  };
  own(['detailed-message', 'detailedMessage', ...MESSAGE_FIELDS]);
  for (const nested of ['report', 'errors', 'error', 'cause']) {
    const value = record[nested];
    if (value !== null && typeof value === 'object') texts.push(...errorTexts(value, depth + 1));
  }
  // A problem-details title ("Bad Request") says less than any detail found above.
  own(['title']);
  return [...new Set(texts)];
}

const ALREADY_RUNNING = /run already going on for (?:audience|segment)s?\s+(\S+)\s+for order\s+(\S+)\s+with run id\s+([^\s.,;"']+)/i;
const OUT_OF_SCHEDULE = /(?:segments?|audiences?)\s+(.+?)\s+(?:are|is) not part of this dataflow or out of schedule range/i;
const TOO_MANY = /(too many|more than|exceed\w*|maximum|max(?:imum)? of|limit)\b[^.]*\b(audiences|segments|80)\b/i;
const EXPIRED_TOKEN = /(token|oauth|bearer|jwt)[^.]*\b(expired|not valid|invalid|missing)\b|\bexpired\b/i;

export function parseAlreadyRunning(text: string): AlreadyRunningDetail | undefined {
  const match = ALREADY_RUNNING.exec(text);
  if (!match) return undefined;
  const [, audienceId, flowId, runId] = match;
  if (!audienceId || !flowId || !runId) return undefined;
  const strip = (id: string) => id.replace(/^segment:/i, '');
  return { audienceId: strip(audienceId), flowId, runId };
}

/** Names are as the server wrote them; a comma-separated list is split, one name stays whole. */
export function parseOutOfSchedule(text: string): string[] | undefined {
  const match = OUT_OF_SCHEDULE.exec(text);
  if (!match?.[1]) return undefined;
  const raw = match[1].trim().replace(/^\[|\]$/g, '');
  const names = raw
    .split(/\s*,\s*/)
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length ? names : [raw];
}

/** Whether an auth failure's text points at the token rather than a missing permission. */
export function looksLikeExpiredToken(text: string): boolean {
  return EXPIRED_TOKEN.test(text);
}

/** An HTTP error answer as a typed error. */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): PlatformError {
  const texts = errorTexts(body);
  const message = texts[0] ?? `HTTP ${status}`;
  const all = texts.join(' | ');
  const base = { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };

  const running = parseAlreadyRunning(all);
  if (running) return new PlatformError('alreadyRunning', message, { ...base, alreadyRunning: running });
  const names = parseOutOfSchedule(all);
  if (names) return new PlatformError('outOfSchedule', message, { ...base, outOfScheduleNames: names });

  if (status === 401) {
    const authReason = looksLikeExpiredToken(all) ? 'expired' : 'permission';
    return new PlatformError('auth', message, { ...base, authReason });
  }
  if (status === 403) return new PlatformError('forbidden', message, base);
  if (status === 404) return new PlatformError('notFound', message, base);
  if (status === 429) return new PlatformError('quota', message, base);
  if (status >= 500) return new PlatformError('server', message, base);
  if (status === 400 && TOO_MANY.test(all)) return new PlatformError('tooManyAudiences', message, base);
  if (status >= 400) return new PlatformError('badRequest', message, base);
  return new PlatformError('unknown', message, base);
}
