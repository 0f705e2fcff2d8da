import { afterEach, describe, expect, it, vi } from 'vitest';
import { restoreTimeZone } from '@/test/time-zone';
import { formatDay, formatLocalAndUtc, formatWhen, zoneLabel } from './time';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-28T15:00:00Z');
const DAY = 86_400_000;
const at0 = at('2025-01-01T00:00:00Z');

describe('the one time formatter', () => {
  it("writes today's time alone and another day's date first, never 12/02", () => {
    const en = { locale: 'en' as const, now: NOW, timeZone: 'UTC' };
    expect(formatWhen(at('2026-11-28T17:05:00Z'), en)).toBe('17:05');
    expect(formatWhen(at('2026-12-02T10:42:00Z'), en)).toBe('2 Dec, 10:42');
    expect(formatWhen(at('2026-12-02T10:42:00Z'), { ...en, locale: 'pt_BR' })).toBe('2 de dez., 10:42');
  });

  it('decides "today" in the zone it writes in', () => {
    // 01:30 UTC on the 29th is still the 28th in São Paulo.
    const sp = { locale: 'pt_BR' as const, now: NOW, timeZone: 'America/Sao_Paulo' };
    expect(formatWhen(at('2026-11-29T01:30:00Z'), sp)).toBe('22:30');
    expect(formatWhen(at('2026-11-29T01:30:00Z'), { ...sp, timeZone: 'UTC' })).toBe('29 de nov., 01:30');
  });

  it('labels zones with a real minus sign, minutes when there are some', () => {
    expect(zoneLabel(NOW, 'America/Sao_Paulo')).toBe('UTC\u22123');
    expect(zoneLabel(NOW, 'Asia/Kolkata')).toBe('UTC+5:30');
    expect(zoneLabel(NOW, 'UTC')).toBe('UTC');
  });

  it('puts local and UTC side by side for tooltips, and writes UTC days as days', () => {
    expect(formatLocalAndUtc(at('2026-11-28T17:05:00Z'), { locale: 'en', now: NOW, timeZone: 'America/Sao_Paulo' })).toBe('14:05 (UTC\u22123) · 17:05 UTC');
    expect(formatDay(at('2026-11-27T00:00:00Z'), 'en')).toBe('27 Nov');
    expect(formatDay(at('2026-11-27T00:00:00Z'), 'pt_BR')).toBe('27 de nov.');
  });
});

describe("the browser's own zone, read from Date rather than Intl", () => {
  const zones = ['America/Sao_Paulo', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
  const saved = process.env.TZ;
  afterEach(() => restoreTimeZone(saved));

  it.each(zones)('writes what Intl writes for %s, across two years and their clock changes', async (zone) => {
    process.env.TZ = zone;
    // A fresh module: its cached formatters took the zone the process had when they were made.
    vi.resetModules();
    const { formatLocalAndUtc, formatWhen, zoneLabel } = await import('./time');
    // Every 7 h 13 min over two years: each hour of the day, every date, and each DST change's neighbourhood.
    for (let at = at0; at < at0 + 2 * 365 * DAY; at += 26_000_000) {
      const now = at + ((at / 1000) % 3) * 0.6 * DAY; // 0, 0.6 or 1.2 days on: today, or another day
      expect(zoneLabel(at)).toBe(zoneLabel(at, zone));
      expect(formatWhen(at, { locale: 'en', now })).toBe(formatWhen(at, { locale: 'en', now, timeZone: zone }));
      expect(formatLocalAndUtc(at, { locale: 'pt_BR', now })).toBe(formatLocalAndUtc(at, { locale: 'pt_BR', now, timeZone: zone }));
    }
  });
});
