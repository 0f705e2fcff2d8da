import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '@/lib/model';
import { RECONCILE_GRACE_MS, waitLine } from './wait';

const NOW = Date.parse('2026-11-28T15:00:00Z');
const o = { locale: 'en' as const, now: NOW, timeZone: 'UTC' };
const request = (over: Partial<RequestRecord>): RequestRecord => ({ id: 'r', jobId: 'j', index: 0, pairs: [], status: 'pending', attempts: 1, ...over });

describe('why a job is not moving, and until when', () => {
  it("a paused job: the session words and what to do, in the page's language", () => {
    const paused = { status: 'paused' as const, pauseReason: { kind: 'auth' as const, message: 'Oauth token is not valid' } };
    const en = waitLine(paused, [], o)!;
    expect(en).toContain('Paused. Your console session has expired: Reload the Experience Platform console page');
    expect(en).not.toContain('Oauth');
    expect(waitLine(paused, [], { ...o, locale: 'pt_BR' })).toMatch(/^Pausada\./);
  });

  it('a Retry-After being waited out: why and the time it sends again', () => {
    const line = waitLine(
      { status: 'sending' },
      [request({ notBefore: NOW + 90_000, error: { kind: 'quota', message: 'Too Many Requests', status: 429 } })],
      o,
    );
    expect(line).toBe('Waiting: Too many requests. Sending again at 15:01; nothing is sent twice.');
  });

  it('a POST with no answer: checking, known by the end of the grace period', () => {
    const line = waitLine({ status: 'sending' }, [request({ status: 'unknown', sentAt: NOW - 30_000 })], o);
    expect(line).toContain(`Known by ${new Date(NOW - 30_000 + RECONCILE_GRACE_MS).toISOString().slice(11, 16)}`);
  });

  it('nothing to explain while the job just moves on', () => {
    expect(waitLine({ status: 'sending' }, [request({})], o)).toBeUndefined();
    expect(waitLine({ status: 'tracking' }, [], o)).toBeUndefined();
    // A Retry-After already past is no wait.
    expect(waitLine({ status: 'sending' }, [request({ notBefore: NOW - 1 })], o)).toBeUndefined();
  });
});
