import { describe, expect, it } from 'vitest';
import { formatBadgeTime, formatUtc, utcOffsetLabel } from './time';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-28T12:00:00Z');

describe('badge times', () => {
  it('shows local time with the zone offset, and the UTC time for the tooltip', () => {
    expect(formatBadgeTime(at('2026-11-28T15:20:00Z'), { timeZone: 'America/Sao_Paulo', locale: 'pt-BR', now: NOW })).toEqual({
      local: '12:20 (UTC−3)',
      utc: '2026-11-28 15:20 UTC',
    });
    expect(formatBadgeTime(at('2026-11-28T12:20:00Z'), { timeZone: 'UTC', locale: 'en-GB', now: NOW }).local).toBe('12:20 (UTC)');
  });

  it('adds the date when the time is not today in that zone', () => {
    const local = formatBadgeTime(at('2026-12-01T00:00:00Z'), { timeZone: 'UTC', locale: 'en-GB', now: NOW }).local;
    expect(local).toBe('1 Dec, 00:00 (UTC)');
    // 2026-12-01T00:00Z is still 30 Nov in São Paulo.
    expect(formatBadgeTime(at('2026-12-01T00:00:00Z'), { timeZone: 'America/Sao_Paulo', locale: 'en-GB', now: NOW }).local).toBe(
      '30 Nov, 21:00 (UTC−3)',
    );
  });

  it('labels half-hour and positive offsets', () => {
    expect(utcOffsetLabel(NOW, 'Asia/Kolkata')).toBe('UTC+5:30');
    expect(utcOffsetLabel(NOW, 'Europe/Berlin')).toBe('UTC+1');
    expect(utcOffsetLabel(NOW, 'UTC')).toBe('UTC');
    expect(formatUtc(at('2026-11-29T02:00:00Z'))).toBe('2026-11-29 02:00 UTC');
  });
});
