/**
 * Why a job of ours is not moving, and until when, in one line: paused for a session,
 * waiting out the Platform's Retry-After (or a server error's back-off), or checking
 * whether a POST that got no answer started anything. For the page's bar (through
 * jobs.get) and the popup. Pure.
 */
import { t, tDynamic, type Locale } from '@/lib/i18n';
import type { ErrorInfo, JobStatus, Millis, RequestRecord } from '@/lib/model';
import { formatWhen } from './time';

/** How long an unanswered POST is given before its pairs may be planned again (the engine's reconcile). */
export const RECONCILE_GRACE_MS = 120_000;

export interface WaitOptions {
  locale: Locale;
  now: Millis;
  timeZone?: string;
}

/** A 401 during a job is the console's session running out: the session words, not the permission ones. */
function errorTitle(error: ErrorInfo | undefined, locale: Locale): string {
  const kind = error?.kind === 'auth' ? 'authExpired' : (error?.kind ?? 'unknown');
  return tDynamic(`error.${kind}.title`, undefined, locale);
}

export function waitLine(job: { status: JobStatus; pauseReason?: ErrorInfo }, requests: readonly RequestRecord[], o: WaitOptions): string | undefined {
  if (job.status === 'paused') {
    const kind = job.pauseReason?.kind === 'auth' ? 'authExpired' : (job.pauseReason?.kind ?? 'unknown');
    return t('console.wait.paused', { title: errorTitle(job.pauseReason, o.locale), action: tDynamic(`error.${kind}.action`, undefined, o.locale) }, o.locale);
  }
  if (job.status !== 'sending') return undefined;
  let retry: RequestRecord | undefined;
  for (const r of requests) {
    if (r.status === 'pending' && r.notBefore !== undefined && r.notBefore > o.now && (!retry || r.notBefore < retry.notBefore!)) retry = r;
  }
  if (retry) return t('console.wait.retryAt', { title: errorTitle(retry.error, o.locale), when: formatWhen(retry.notBefore!, o) }, o.locale);
  const unknown = requests.find((r) => r.status === 'unknown');
  if (unknown) {
    const by = (unknown.sentAt ?? o.now) + RECONCILE_GRACE_MS;
    return t('console.wait.checking', { when: formatWhen(Math.max(by, o.now), o) }, o.locale);
  }
  return undefined;
}
