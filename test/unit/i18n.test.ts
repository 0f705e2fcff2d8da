import { describe, expect, it } from 'vitest';
import { allTables, localeFor, t } from '@/lib/i18n';
import { pageStrings, PAGE_CATALOGS } from '@/lib/i18n/page-strings';
import { pageLocale } from '@/lib/console/i18n';

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
    // Markup and a placeholder-looking value are put in as they are, never read again.
    expect(t('frames.failed', { origin: '<b>https://x.adobe.com</b>', message: '{origin} & <i>' }, 'en')).toBe(
      'Could not grant access to <b>https://x.adobe.com</b>: {origin} & <i>',
    );
    expect(t('frames.failed', { origin: 'https://x.adobe.com', message: 'falhou' }, 'pt_BR')).toBe(
      'Não foi possível conceder acesso a https://x.adobe.com: falhou',
    );
    // A placeholder without a value stays as written; a value without a placeholder is ignored.
    expect(t('frames.failed', { origin: 'o' }, 'en')).toBe('Could not grant access to o: {message}');
    expect(t('common.retry', { x: '<b>' }, 'en')).toBe('Retry');
  });

  it('picks the plural form for n with Intl.PluralRules: one audience, 1 público-alvo, 2 of each', () => {
    expect(t('console.confirm.body', { n: 1 }, 'en')).toBe('1 audience will be exported now.');
    expect(t('console.confirm.body', { n: 2 }, 'en')).toBe('2 audiences will be exported now.');
    expect(t('console.confirm.body', { n: 1 }, 'pt_BR')).toBe('1 público-alvo será exportado agora.');
    expect(t('console.confirm.body', { n: 3 }, 'pt_BR')).toBe('3 públicos-alvo serão exportados agora.');
    expect(t('console.bulk.selectedInTable', { n: 1 }, 'pt_BR')).toBe('1 selecionado na tabela');
  });

  it('keeps plural answers apart per locale, and right past the answers it keeps', () => {
    // 0 is plural in English, singular in Portuguese: a cache keyed by n alone would mix them.
    expect(t('console.confirm.body', { n: 0 }, 'en')).toBe('0 audiences will be exported now.');
    expect(t('console.confirm.body', { n: 0 }, 'pt_BR')).toBe('0 público-alvo será exportado agora.');
    expect(t('console.confirm.body', { n: 0 }, 'en')).toBe('0 audiences will be exported now.');
    for (let n = 2; n < 1200; n++) t('console.confirm.body', { n }, 'en');
    expect(t('console.confirm.body', { n: 1 }, 'en')).toBe('1 audience will be exported now.');
    expect(t('console.confirm.body', { n: 1201 }, 'en')).toBe('1201 audiences will be exported now.');
  });

  it('sends the page every string it shows, in its locale, and nothing else', () => {
    const pt = pageStrings('pt_BR');
    const keys = PAGE_CATALOGS.flatMap((c) => Object.keys(c.en));
    expect(Object.keys(pt).sort()).toEqual([...keys].sort());
    expect(pt['console.verdict.blocked']).toBe('Bloqueado');
    expect(pageStrings('en')['console.verdict.blocked']).toBe('Blocked');
    expect(Object.keys(pt)).not.toContain('popup.title');
  });

  it("follows the console page's language when it is English or Portuguese, else the browser's", () => {
    const doc = (lang: string) => ({ documentElement: { lang }, defaultView: { navigator: { language: 'en-US' } } }) as unknown as Document;
    expect(pageLocale(doc('pt-BR'))).toBe('pt_BR');
    expect(pageLocale(doc('en'))).toBe('en');
    expect(pageLocale(doc('de-DE'))).toBe('en');
    expect(pageLocale(doc(''))).toBe('en');
  });
});
