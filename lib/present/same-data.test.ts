import { describe, expect, it } from 'vitest';
import type { AudienceView } from '@/lib/model';
import { audienceBadge } from './badges';

const now = Date.parse('2026-11-28T12:00:00Z');
const audience: AudienceView = {
  id: 'a1',
  name: 'Gold members',
  verdict: { kind: 'eligible', warnings: ['sameData'] },
  sameData: { exportedAt: Date.parse('2026-11-28T10:42:00Z'), next: Date.parse('2026-11-28T14:00:00Z') },
};

describe('the same-data warning on a badge', () => {
  it('names when our export ran and when new data comes, in English and Portuguese', () => {
    const en = audienceBadge(audience, { locale: 'en', now, timeZone: 'UTC' });
    expect(en.tone).toBe('eligible');
    expect(en.text).toBe('Eligible · same data');
    expect(en.tip.at(-1)).toContain('Same data as the export at 10:42; new data after the next scheduled export, about 14:00');
    const pt = audienceBadge(audience, { locale: 'pt_BR', now, timeZone: 'America/Sao_Paulo' });
    expect(pt.tip.at(-1)).toContain(
      'Mesmos dados da exportação das 07:42; dados novos após a próxima exportação agendada, por volta das 11:00 (UTC−3) · 14:00 UTC',
    );
  });

  it('says the next export has to run when its time cannot be known', () => {
    const badge = audienceBadge({ ...audience, sameData: { exportedAt: audience.sameData!.exportedAt, next: null } }, { locale: 'en', now, timeZone: 'UTC' });
    expect(badge.tip.at(-1)).toContain('new data after the next scheduled export has run');
  });
});
