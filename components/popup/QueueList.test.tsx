// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QueueEntry } from '@/lib/queue/entry';
import { formatWhen } from '@/lib/present/time';
import { loadLocale, setLocale } from './i18n';
import { QueueList } from './QueueList';
import type { QueueAccess } from './source';

const base = Date.UTC(2026, 10, 28, 12, 0);
function entry(n: number, over: Partial<QueueEntry> = {}): QueueEntry {
  return {
    id: `q1|f1|a${n}`,
    queueId: 'q1',
    scope: { orgId: 'O@AdobeOrg', sandbox: 'prod' },
    flowId: 'f1',
    audienceId: `a${n}`,
    dataflowName: 'S3 – Loyalty',
    audienceName: `Audience ${n}`,
    createdAt: base,
    updatedAt: base,
    rule: 'activatedUnderOneHour',
    until: base + 20 * 60_000,
    status: 'queued',
    ...over,
  };
}

function access(entries: QueueEntry[]) {
  const cancelled: unknown[] = [];
  let list = entries;
  const queue: QueueAccess = {
    list: async () => list,
    cancel: async (target) => {
      cancelled.push(target);
      list = list.filter((e) => ('queueId' in target ? e.queueId !== target.queueId : e.id !== target.entryId));
    },
  };
  return { queue, cancelled };
}

const label = (rule: string) => (rule === 'scheduledExportProcessing' ? 'a scheduled export is processing' : rule);

beforeEach(() => setLocale('en'));
afterEach(cleanup);

// Portuguese comes in a chunk of its own: loaded once, as the popup's entry does before it renders.
beforeAll(() => loadLocale('pt_BR'));

describe("the popup's Queued list", () => {
  it('groups by when they go, says why the watched ones wait, and counts in words', async () => {
    const { queue } = access([
      entry(1),
      entry(2),
      entry(3, { until: null, rule: 'scheduledExportProcessing' }),
      entry(4, { until: base + 26 * 3_600_000, rule: 'scheduleNotStarted' }),
      entry(5, { until: base + 11 * 3_600_000, rule: 'sameData', afterScheduled: true }),
      entry(6, { until: null, rule: 'sameData', afterScheduled: true }),
    ]);
    render(<QueueList queue={queue} ruleLabel={label} version={0} />);
    const section = await screen.findByTestId('queue');
    expect(within(section).getByRole('heading').textContent).toBe('Queued (6)');
    const summaries = [...section.querySelectorAll('summary')].map((s) => s.textContent?.replace(/\s+/g, ' ').trim());
    // Each moment in the browser's zone, as the popup writes every moment.
    const when = (at: number) => formatWhen(at, { locale: 'en' });
    expect(summaries).toEqual([
      `Sends at ${when(base + 20 * 60_000)} 2 audiences`,
      `Sends after the scheduled export of ${when(base + 11 * 3_600_000)} (new data) 1 audience`,
      `Sends at ${when(base + 26 * 3_600_000)} 1 audience`,
      'Sends when this ends: a scheduled export is processing 1 audience',
      'Sends once the next scheduled export has run (new data) 1 audience',
    ]);
  });

  it('cancels one audience, or everything one confirmation queued, and shows nothing when none is left', async () => {
    const { queue, cancelled } = access([entry(1), entry(2), entry(3), entry(4, { queueId: 'q2', id: 'q2|f1|a4' })]);
    render(<QueueList queue={queue} ruleLabel={label} version={0} />);
    const section = await screen.findByTestId('queue');
    // One button per confirmation that queued several; one alone is cancelled from its row.
    expect(
      within(section)
        .getAllByRole('button', { name: /^Cancel the \d/ })
        .map((b) => b.textContent),
    ).toEqual([expect.stringMatching(/^Cancel the 3 you queued at .+ \(Audience 1, Audience 2, …\)$/)]);
    fireEvent.click(within(section).getByRole('button', { name: 'Cancel the queued export of Audience 1' }));
    await waitFor(() => expect(screen.getByTestId('queue').querySelectorAll('li')).toHaveLength(3));
    fireEvent.click(within(screen.getByTestId('queue')).getByRole('button', { name: /^Cancel the 2 you queued at .* \(Audience 2, Audience 3\)$/ }));
    await waitFor(() => expect(screen.getByTestId('queue').querySelectorAll('li')).toHaveLength(1));
    fireEvent.click(within(screen.getByTestId('queue')).getByRole('button', { name: 'Cancel the queued export of Audience 4' }));
    await waitFor(() => expect(screen.queryByTestId('queue')).toBeNull());
    expect(cancelled).toEqual([{ entryId: 'q1|f1|a1' }, { queueId: 'q1' }, { entryId: 'q2|f1|a4' }]);
  });

  it('says which ones wait for a console session', async () => {
    setLocale('pt_BR');
    const { queue } = access([entry(1, { needsSession: true })]);
    render(<QueueList queue={queue} ruleLabel={label} version={0} />);
    const section = await screen.findByTestId('queue');
    expect(section.querySelector('summary')!.textContent).toContain('Aguardando uma sessão do console: abra o console neste navegador');
    expect(within(section).getByRole('heading').textContent).toBe('Agendadas (1)');
  });
});
