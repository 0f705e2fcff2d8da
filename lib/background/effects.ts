/**
 * What the user sees of tracking outside the pages: the toolbar badge (runs in
 * flight), the alarm that wakes the worker while anything is unfinished, and the
 * notification when a job ends. Browser APIs are injected so tests can watch them.
 */
import { t } from '@/lib/i18n';
import type { JobSummary } from '@/lib/store/schemas';

export const TRACKING_ALARM = 'bulk-export-now.track';
/** Chrome's floor for alarms in released extensions. */
const ALARM_PERIOD_MINUTES = 0.5;

/** Basic notifications need an icon: the extension's own (public/icon). */
export const NOTIFICATION_ICON = '/icon/128.png';

export interface EffectsApi {
  setBadgeText(text: string): Promise<void>;
  setTitle(text: string): Promise<void>;
  createAlarm(name: string, periodInMinutes: number): Promise<void>;
  hasAlarm(name: string): Promise<boolean>;
  clearAlarm(name: string): Promise<void>;
  notify(id: string, title: string, message: string): Promise<void>;
}

export interface TrackingState {
  inFlight: number;
  unfinishedJobs: number;
  /** The browser withholds access to the console or the Platform host (lib/access). */
  needsAccess?: boolean;
}

/**
 * Badge = runs in flight, else "!" while the browser withholds the access the extension
 * needs (its title says so: the popup explains and asks); the alarm lives exactly while
 * something is unfinished.
 */
export async function applyTrackingState(api: EffectsApi, state: TrackingState): Promise<void> {
  const count = state.inFlight > 0 ? String(state.inFlight > 9999 ? '9999+' : state.inFlight) : '';
  await api.setBadgeText(count || (state.needsAccess ? '!' : ''));
  await api.setTitle(state.needsAccess ? t('popup.access.toolbar') : t('app.name'));
  if (state.inFlight > 0 || state.unfinishedJobs > 0) {
    if (!(await api.hasAlarm(TRACKING_ALARM))) await api.createAlarm(TRACKING_ALARM, ALARM_PERIOD_MINUTES);
  } else {
    await api.clearAlarm(TRACKING_ALARM);
  }
}

function jobEndedText(job: JobSummary): { title: string; message: string } {
  const { success, failed, skipped, cancelled } = job.counts;
  return {
    title: t('exports.notify.title'),
    message:
      job.status === 'cancelled' ? t('exports.notify.cancelled', { success, failed, cancelled }) : t('exports.notify.body', { success, failed, skipped }),
  };
}

export async function notifyJobEnded(api: EffectsApi, job: JobSummary, enabled: boolean): Promise<void> {
  if (!enabled) return;
  const { title, message } = jobEndedText(job);
  await api.notify(`job-${job.id}`, title, message);
}

/** Queued pairs came due with no usable console session: they go once the console is open again. */
export async function notifyQueueNeedsSession(api: EffectsApi, count: number, enabled: boolean): Promise<void> {
  if (!enabled) return;
  await api.notify('queue-session', t('exports.notify.queueTitle'), t('exports.notify.queueSession', { n: count }));
}
