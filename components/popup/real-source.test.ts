import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CHANGE_COALESCE_MS, realHistorySource } from './real-source';

/** A background broadcast as Chrome delivers it: from this extension, not from a tab. */
const sendEvent = (type: string, payload: unknown) =>
  fakeBrowser.runtime.onMessage.trigger({ channel: 'bulk-export-now', kind: 'event', type, payload }, { id: fakeBrowser.runtime.id } as never, () => {});

describe('the popup hears changes from the background', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('re-reads once per burst of job and run events, and not after unsubscribing', async () => {
    const cb = vi.fn();
    const stop = realHistorySource().onChange(cb);
    await sendEvent('runs.changed', { jobId: 'j1', runIds: ['r1'] });
    await sendEvent('jobs.changed', { jobId: 'j1' });
    await sendEvent('runs.changed', { jobId: 'j1', runIds: ['r2'] });
    expect(cb).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(CHANGE_COALESCE_MS);
    expect(cb).toHaveBeenCalledTimes(1);

    await sendEvent('jobs.changed', { jobId: 'j2' });
    await vi.advanceTimersByTimeAsync(CHANGE_COALESCE_MS);
    expect(cb).toHaveBeenCalledTimes(2);

    // The queue's changes too.
    await sendEvent('queue.changed', {});
    await vi.advanceTimersByTimeAsync(CHANGE_COALESCE_MS);
    expect(cb).toHaveBeenCalledTimes(3);

    stop();
    await sendEvent('jobs.changed', { jobId: 'j3' });
    await vi.advanceTimersByTimeAsync(CHANGE_COALESCE_MS * 4);
    expect(cb).toHaveBeenCalledTimes(3);
  });

  it('hears a session change, but not an event a content script sends, and nothing without a change', async () => {
    const cb = vi.fn();
    realHistorySource().onChange(cb);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cb).not.toHaveBeenCalled();
    // A console frame's runtime message reaches extension pages too: not the background's word.
    await fakeBrowser.runtime.onMessage.trigger(
      { channel: 'bulk-export-now', kind: 'event', type: 'jobs.changed', payload: { jobId: 'j' } },
      { id: fakeBrowser.runtime.id, tab: { id: 3 } } as never,
      () => {},
    );
    await vi.advanceTimersByTimeAsync(CHANGE_COALESCE_MS);
    expect(cb).not.toHaveBeenCalled();
    await fakeBrowser.storage.session.set({ sessions: {} });
    await vi.advanceTimersByTimeAsync(CHANGE_COALESCE_MS);
    expect(cb).toHaveBeenCalledTimes(1);
  });
});
