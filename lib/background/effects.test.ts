import { describe, expect, it } from 'vitest';
import { setLocale } from '@/lib/i18n';
import type { JobSummary } from '@/lib/store/schemas';
import { applyTrackingState, notifyJobEnded, TRACKING_ALARM, type EffectsApi } from './effects';

function fakeEffects() {
  const state = { badge: '', title: '', alarms: new Map<string, number>(), notes: [] as { id: string; title: string; message: string }[], creates: 0 };
  const api: EffectsApi = {
    setBadgeText: async (text) => void (state.badge = text),
    setTitle: async (text) => void (state.title = text),
    createAlarm: async (name, period) => {
      state.creates += 1;
      state.alarms.set(name, period);
    },
    hasAlarm: async (name) => state.alarms.has(name),
    clearAlarm: async (name) => void state.alarms.delete(name),
    notify: async (id, title, message) => void state.notes.push({ id, title, message }),
  };
  return { api, state };
}

const job = (status: JobSummary['status'], counts: Partial<JobSummary['counts']>): JobSummary => ({
  id: 'j1',
  scope: { orgId: 'O@AdobeOrg', sandbox: 'prod' },
  scopeKey: 'O@AdobeOrg/prod',
  createdAt: 1,
  updatedAt: 2,
  status,
  dataflows: [],
  pairCount: 10,
  counts: { pending: 0, running: 0, success: 0, failed: 0, skipped: 0, cancelled: 0, ...counts },
});

describe('tracking effects', () => {
  it('badge shows runs in flight; the 30-second alarm exists exactly while something is unfinished', async () => {
    const { api, state } = fakeEffects();
    await applyTrackingState(api, { inFlight: 12, unfinishedJobs: 1 });
    expect(state.badge).toBe('12');
    expect(state.alarms.get(TRACKING_ALARM)).toBe(0.5);
    await applyTrackingState(api, { inFlight: 3, unfinishedJobs: 1 });
    expect(state.creates).toBe(1); // not re-created (that would reset its period)
    await applyTrackingState(api, { inFlight: 0, unfinishedJobs: 1 });
    expect(state.badge).toBe('');
    expect(state.alarms.has(TRACKING_ALARM)).toBe(true); // a paused job still needs waking
    await applyTrackingState(api, { inFlight: 0, unfinishedJobs: 0 });
    expect(state.alarms.has(TRACKING_ALARM)).toBe(false);
  });

  it('while the browser withholds access: "!" and a title that says so, unless runs are in flight', async () => {
    setLocale('en');
    const { api, state } = fakeEffects();
    await applyTrackingState(api, { inFlight: 0, unfinishedJobs: 0, needsAccess: true });
    expect([state.badge, state.title]).toEqual(['!', 'Bulk Export Now needs access to the console: open it to allow it']);
    await applyTrackingState(api, { inFlight: 4, unfinishedJobs: 1, needsAccess: true });
    expect(state.badge).toBe('4');
    await applyTrackingState(api, { inFlight: 0, unfinishedJobs: 0, needsAccess: false });
    expect([state.badge, state.title]).toEqual(['', 'Bulk Export Now']);
  });

  it('notifies the end of a job with its counts, in en and pt_BR, unless turned off', async () => {
    const { api, state } = fakeEffects();
    setLocale('en');
    await notifyJobEnded(api, job('done', { success: 7, failed: 2, skipped: 1 }), true);
    expect(state.notes[0]).toEqual({ id: 'job-j1', title: 'Bulk export finished', message: '7 succeeded, 2 failed, 1 skipped.' });
    setLocale('pt_BR');
    await notifyJobEnded(api, job('cancelled', { success: 1, cancelled: 9 }), true);
    expect(state.notes[1]?.message).toBe('Exportação em massa cancelada: 1 com sucesso, 0 com falha, 9 cancelados.');
    setLocale('en');
    await notifyJobEnded(api, job('done', { success: 1 }), false);
    expect(state.notes).toHaveLength(2);
  });
});
