/** Form checks of the options page; the host rule itself is lib/settings `validateCustomHost`. */
import type { MessageKey } from './i18n';

export const RETENTION_DAYS = { min: 1, max: 3650 } as const;
export const RETENTION_RUNS = { min: 100, max: 1_000_000 } as const;

export type FieldCheck = { ok: true; value: number } | { ok: false; reason: MessageKey; params: Record<string, number> };

/** Whole numbers only: "1e3" or "12.5" in a retention field is a typo, not a value. */
export function checkWholeNumber(text: string, range: { min: number; max: number }): FieldCheck {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < range.min || value > range.max) {
    return { ok: false, reason: 'options.retention.invalid', params: { min: range.min, max: range.max } };
  }
  return { ok: true, value };
}
