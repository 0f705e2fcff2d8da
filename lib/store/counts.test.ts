import { describe, expect, it } from 'vitest';
import { countBucket, emptyCounts, nextCounts } from './counts';

describe('nextCounts', () => {
  it('a new run adds to its status count', () => {
    expect(nextCounts(emptyCounts(), null, { status: 'pending' })).toEqual({ ...emptyCounts(), pending: 1 });
  });

  it('a run that changes status moves from one count to the other; sent and processing are both running', () => {
    const counts = { ...emptyCounts(), pending: 2 };
    expect(nextCounts(counts, { status: 'pending' }, { status: 'sent' })).toEqual({ ...emptyCounts(), pending: 1, running: 1 });
    expect(nextCounts({ ...emptyCounts(), running: 1 }, { status: 'sent' }, { status: 'processing' })).toBeNull();
    expect(counts.pending).toBe(2);
  });

  it('a failed run marked retried counts once in retried, and the mark taken away counts it out', () => {
    const failed = { ...emptyCounts(), failed: 1 };
    const marked = nextCounts(failed, { status: 'failed' }, { status: 'failed', retriedIn: 'job2' });
    expect(marked).toEqual({ ...failed, retried: 1 });
    expect(nextCounts(marked!, { status: 'failed', retriedIn: 'job2' }, { status: 'failed' })).toEqual({ ...failed, retried: 0 });
    expect(nextCounts(failed, null, { status: 'success', retriedIn: 'job2' })).toEqual({ ...failed, success: 1 });
  });

  it('never goes below zero, and an unknown status counts nowhere', () => {
    expect(nextCounts(emptyCounts(), { status: 'pending' }, { status: 'success' })).toEqual({ ...emptyCounts(), success: 1 });
    expect(nextCounts(emptyCounts(), { status: 'failed', retriedIn: 'x' }, { status: 'failed' })).toEqual({ ...emptyCounts(), retried: 0 });
    expect(countBucket('weird')).toBeNull();
    expect(nextCounts({ ...emptyCounts(), pending: 1 }, { status: 'pending' }, { status: 'weird' })).toEqual(emptyCounts());
  });
});
