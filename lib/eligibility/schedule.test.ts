import { describe, expect, it } from 'vitest';
import { nextScheduledExport } from './schedule';

const at = (iso: string) => Date.parse(iso);

describe('nextScheduledExport', () => {
  it('a daily schedule runs next at its start time today, else tomorrow', () => {
    const schedule = { frequency: 'DAILY', startDate: '2026-11-01', startTime: '14:00' };
    expect(nextScheduledExport(schedule, at('2026-11-28T12:00:00Z'))).toBe(at('2026-11-28T14:00:00Z'));
    expect(nextScheduledExport(schedule, at('2026-11-28T14:00:00Z'))).toBe(at('2026-11-29T14:00:00Z'));
  });

  it('every N hours counts from the start time', () => {
    const schedule = { frequency: 'EVERY_6_HOURS', startDate: '2026-11-01', startTime: '02:30' };
    expect(nextScheduledExport(schedule, at('2026-11-28T12:00:00Z'))).toBe(at('2026-11-28T14:30:00Z'));
    expect(nextScheduledExport(schedule, at('2026-11-28T21:00:00Z'))).toBe(at('2026-11-29T02:30:00Z'));
  });

  it('a schedule starting on a later day runs first on that day', () => {
    const schedule = { frequency: 'DAILY', startDate: '2026-12-05', startTime: '08:00' };
    expect(nextScheduledExport(schedule, at('2026-11-28T12:00:00Z'))).toBe(at('2026-12-05T08:00:00Z'));
  });

  it('once: its one start, or nothing after it', () => {
    const schedule = { frequency: 'ONCE', startDate: '2026-11-28', startTime: '23:00' };
    expect(nextScheduledExport(schedule, at('2026-11-28T12:00:00Z'))).toBe(at('2026-11-28T23:00:00Z'));
    expect(nextScheduledExport(schedule, at('2026-11-29T00:00:00Z'))).toBeNull();
  });

  it('the end day is included, the day after is not', () => {
    const schedule = { frequency: 'DAILY', startDate: '2026-11-01', endDate: '2026-11-28', startTime: '20:00' };
    expect(nextScheduledExport(schedule, at('2026-11-28T12:00:00Z'))).toBe(at('2026-11-28T20:00:00Z'));
    expect(nextScheduledExport(schedule, at('2026-11-28T21:00:00Z'))).toBeNull();
  });

  it('unknown when the export follows segment evaluation, has no start time or an unknown frequency', () => {
    const now = at('2026-11-28T12:00:00Z');
    expect(nextScheduledExport({ frequency: 'DAILY', triggerType: 'AFTER_SEGMENT_EVAL', startTime: '10:00' }, now)).toBeNull();
    expect(nextScheduledExport({ frequency: 'DAILY', startDate: '2026-11-01' }, now)).toBeNull();
    expect(nextScheduledExport({ frequency: 'WEEKLY', startDate: '2026-11-01', startTime: '10:00' }, now)).toBeNull();
    expect(nextScheduledExport({ frequency: 'DAILY', startTime: '25:00' }, now)).toBeNull();
    expect(nextScheduledExport(undefined, now)).toBeNull();
  });
});
