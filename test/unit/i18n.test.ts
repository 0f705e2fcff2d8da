import { describe, expect, it } from 'vitest';
import { allTables, localeFor, t } from '@/lib/i18n';

describe('i18n', () => {
  it('has every English key in pt_BR and no extra ones', () => {
    const { en, pt_BR } = allTables();
    expect(Object.keys(pt_BR).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(pt_BR)) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('keeps the same placeholders in both languages', () => {
    const { en, pt_BR } = allTables();
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en)) {
      expect(placeholders(pt_BR[key]!), key).toEqual(placeholders(en[key]!));
    }
  });

  it('follows the browser language', () => {
    expect(localeFor('pt-BR')).toBe('pt_BR');
    expect(localeFor('pt')).toBe('pt_BR');
    expect(localeFor('en-US')).toBe('en');
    expect(localeFor('de')).toBe('en');
    expect(localeFor(undefined)).toBe('en');
  });

  it('fills placeholders as text and leaves unknown ones', () => {
    expect(t('common.retry', undefined, 'pt_BR')).toBe('Tentar novamente');
    expect(t('common.retry', { x: '<b>' }, 'en')).toBe('Retry');
  });
});
