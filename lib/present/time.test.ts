import { describe, expect, it } from 'vitest';
import { formatDay, formatLocalAndUtc, formatWhen, zoneLabel } from './time';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-28T15:00:00Z');

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
