// @vitest-environment happy-dom
// Over 400 lines: the popup's states, list, actions and notices, on one fake source.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadLocale, setLocale } from './i18n';
import { loadExplanations } from '@/lib/platform/explain';
import { aJob, aRun, SCOPE } from '@/lib/history/fixtures';
import type { JobSummary } from '@/lib/history/types';
import { fakeSource } from './fake-source.test-helper';
import { Popup } from './Popup';
import type { PopupEffects, SessionInfo } from './source';

const session: SessionInfo = { ...SCOPE, seenAt: 1000 };
const FLOW = { selector: '.job-flows' };
const none = { success: 0, failed: 0, running: 0, skipped: 0, pending: 0 };

function effects() {
  return {
    copy: vi.fn(async (_text: string) => undefined),
    save: vi.fn((_name: string, _mime: string, _text: string) => undefined),
    now: () => Date.UTC(2026, 10, 28),
  } satisfies PopupEffects;
}

function jobs(n: number, over: Partial<JobSummary> = {}): JobSummary[] {
  return Array.from({ length: n }, (_, i) => aJob({ id: `job-${i}`, dataflows: [{ id: `flow-${i}`, name: `Flow ${i}` }], ...over }));
}

beforeEach(() => setLocale('en'));
afterEach(cleanup);

// Portuguese comes in chunks of its own: loaded once, as the popup's entry does before it renders.
beforeAll(() => Promise.all([loadLocale('pt_BR'), loadExplanations('pt_BR')]));

describe('Popup states', () => {
  it('shows "no exports yet" when nothing is stored', async () => {
    const { source } = fakeSource({ jobs: [], sessions: [session] });
    render(<Popup source={source} />);
    expect(await screen.findByTestId('empty')).toHaveProperty('textContent', expect.stringContaining('No exports yet'));
    expect(screen.queryByTestId('signed-out')).toBeNull();
    expect(screen.queryByRole('search')).toBeNull();
  });

  it('explains how to sign in when the console session is missing', async () => {
    const { source } = fakeSource({ jobs: [], sessions: [] });
    render(<Popup source={source} />);
    const notice = await screen.findByTestId('signed-out');
    expect(notice.textContent).toContain('experience.adobe.com');
    expect(notice.textContent).toContain('Destinations');
    fireEvent.click(within(notice).getByRole('button', { name: 'Open Destinations' }));
    expect(source.openConsole).toHaveBeenCalledOnce();
  });

  it('asks to refresh the console tab when the newest session is stale', async () => {
    const { source } = fakeSource({
      jobs: [],
      sessions: [
        { orgId: 'OLD@AdobeOrg', sandbox: 'dev', seenAt: 1 },
        { ...session, seenAt: 50, stale: true },
      ],
    });
    render(<Popup source={source} />);
    const notice = await screen.findByTestId('stale');
    expect(notice.textContent).toContain('Refresh the console tab of ABC123@AdobeOrg / prod');
  });

  it('labels history of another org/sandbox and filters to the current one on request', async () => {
    const other = aJob({ id: 'other', scope: { orgId: 'OTHER@AdobeOrg', sandbox: 'dev' }, dataflows: [{ id: 'f-x', name: 'Other flow' }] });
    const mine = aJob({ id: 'mine', dataflows: [{ id: 'f-m', name: 'My flow' }] });
    const { source } = fakeSource({ jobs: [mine, other], sessions: [session] });
    render(<Popup source={source} />);
    await screen.findByText('Other flow', FLOW);
    expect(screen.getByTestId('current-scope').textContent).toContain('ABC123@AdobeOrg / prod');
    const labels = screen.getAllByTestId('other-scope');
    expect(labels).toHaveLength(1);
    expect(labels[0]!.textContent).toContain('OTHER@AdobeOrg / dev');
    expect(labels[0]!.closest('[data-job-id]')?.getAttribute('data-job-id')).toBe('other');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Only the current org/sandbox' }));
    await waitFor(() => expect(screen.queryByText('Other flow', FLOW)).toBeNull());
    expect(screen.getByText('My flow', FLOW)).toBeTruthy();
    expect(source.listJobs).toHaveBeenLastCalledWith(expect.objectContaining({ filter: expect.objectContaining({ scope: SCOPE }) }));
    // The checkbox stays so the user can undo it.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only the current org/sandbox' }));
    await screen.findByText('Other flow', FLOW);
  });
});

describe('Popup list', () => {
  it('lists jobs with dataflows, audience count, start time and progress text', async () => {
    const job = aJob({ pairCount: 5, counts: { success: 2, failed: 1, running: 1, skipped: 1, pending: 0 }, status: 'tracking' });
    const { source } = fakeSource({ jobs: [job, ...jobs(2)], sessions: [session] });
    render(<Popup source={source} />);
    const items = await screen.findAllByTestId('job');
    expect(items).toHaveLength(3);
    const first = items[0]!;
    expect(first.textContent).toContain('S3 – Loyalty');
    expect(first.textContent).toContain('5 audiences');
    expect(first.textContent).toContain('Started');
    expect(first.textContent).toContain('4 of 5 finished (80%)');
    expect(first.textContent).toContain('2 succeeded · 1 failed · 1 running · 1 skipped');
    const bar = within(first).getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('4');
    expect(bar.getAttribute('aria-valuetext')).toContain('1 failed');
    // Runs are not read until a job is opened.
    expect(source.runsOfJob).not.toHaveBeenCalled();
  });

  it('expands a job to its runs, with the failed run explained and what to do', async () => {
    const runs = [
      aRun({ audienceId: 'a1', audienceName: 'Gold', recordCount: 1200, fileCount: 2 }),
      aRun({
        audienceId: 'a2',
        audienceName: 'Silver',
        status: 'failed',
        runId: undefined,
        recordCount: undefined,
        fileCount: undefined,
        error: { kind: 'outOfSchedule', message: 'Segments Silver are not part of this dataflow or out of schedule range!', status: 400 },
      }),
    ];
    const { source } = fakeSource({ jobs: [aJob()], runs: { 'job-1': runs }, sessions: [session] });
    const explain = vi.fn(() => ({ title: 'Outside the audience schedule', action: 'Extend the end date of the schedule, then retry.' }));
    const fx = effects();
    render(<Popup source={source} explain={explain} effects={fx} />);
    const toggle = await screen.findByRole('button', { name: 'Show runs' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const rows = await screen.findAllByTestId('run');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Succeeded');
    expect(rows[0]!.textContent).toContain('1,200 records');
    expect(rows[0]!.textContent).toContain('2 files');
    const error = within(rows[1]!).getByTestId('run-error');
    expect(rows[1]!.textContent).toContain('Failed');
    expect(error.textContent).toContain('Outside the audience schedule');
    expect(error.textContent).toContain('What to do: Extend the end date');
    expect(error.textContent).toContain('out of schedule range');
    expect(explain).toHaveBeenCalledWith(expect.objectContaining({ kind: 'outOfSchedule' }));

    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Copy run ID' }));
    expect(fx.copy).toHaveBeenCalledWith('run-a1');
    await within(rows[0]!).findByText('Run ID copied.');
    fireEvent.click(within(rows[1]!).getByRole('button', { name: 'Open dataflow' }));
    expect(source.openDataflow).toHaveBeenCalledWith(SCOPE, 'flow-1');
    expect(within(rows[1]!).queryByRole('button', { name: 'Copy run ID' })).toBeNull();
  });

  it('falls back to the stored message when no explainer is given', async () => {
    const runs = [aRun({ status: 'failed', error: { kind: 'server', message: 'Internal error 500' } })];
    const { source } = fakeSource({ jobs: [aJob()], runs: { 'job-1': runs }, sessions: [session] });
    render(<Popup source={source} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Show runs' }));
    expect((await screen.findByTestId('run-error')).textContent).toBe('Internal error 500');
  });

  it('retries exactly the failed runs of the job', async () => {
    const runs = [
      aRun({ audienceId: 'a1' }),
      aRun({ audienceId: 'a2', status: 'failed' }),
      aRun({ audienceId: 'a3', status: 'failed' }),
      aRun({ audienceId: 'a4', status: 'skipped', skipRule: 'scheduleEnded' }),
    ];
    const job = aJob({ pairCount: 4, counts: { success: 1, failed: 2, running: 0, skipped: 1, pending: 0 } });
    const { source } = fakeSource({ jobs: [job], runs: { 'job-1': runs }, sessions: [session] });
    render(<Popup source={source} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry the failed (2)' }));
    await waitFor(() => expect(source.retry).toHaveBeenCalledWith('job-1', ['job-1|flow-1|a2', 'job-1|flow-1|a3']));
    expect(await screen.findByText(/Retry requested/)).toBeTruthy();
  });

  it('offers no retry once every failure was retried: a note with the count, and the run says where it went', async () => {
    const runs = [aRun({ audienceId: 'a1' }), aRun({ audienceId: 'a2', status: 'failed', retriedIn: 'job-2' })];
    const job = aJob({ pairCount: 2, counts: { ...none, success: 1, failed: 1, retried: 1 } });
    const { source } = fakeSource({ jobs: [job], runs: { 'job-1': runs }, sessions: [session] });
    render(<Popup source={source} />);
    expect((await screen.findByTestId('retried')).textContent).toBe('Failures retried in a new export: 1');
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show runs' }));
    await waitFor(() => expect(screen.getAllByTestId('run')).toHaveLength(2));
    const [done, retried] = screen.getAllByTestId('run');
    expect(retried!.textContent).toContain('Retried in a new export');
    expect(done!.textContent).not.toContain('Retried');
  });

  it('retries only the failures not retried yet, counting them on the button', async () => {
    const runs = [aRun({ audienceId: 'a1', status: 'failed', retriedIn: 'job-2' }), aRun({ audienceId: 'a2', status: 'failed' })];
    const job = aJob({ pairCount: 2, counts: { ...none, failed: 2, retried: 1 } });
    const { source } = fakeSource({ jobs: [job], runs: { 'job-1': runs }, sessions: [session] });
    setLocale('pt_BR');
    render(<Popup source={source} />);
    expect((await screen.findByTestId('retried')).textContent).toBe('Falhas tentadas de novo em uma nova exportação: 1');
    fireEvent.click(screen.getByRole('button', { name: 'Tentar de novo as que falharam (1)' }));
    await waitFor(() => expect(source.retry).toHaveBeenCalledWith('job-1', ['job-1|flow-1|a2']));
  });

  it('reports a refused action instead of failing silently', async () => {
    const { source } = fakeSource({ jobs: [aJob()], runs: { 'job-1': [aRun({ status: 'failed' })] }, sessions: [session] });
    source.retry.mockRejectedValueOnce(new Error('background not reachable'));
    render(<Popup source={source} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry the failed (1)' }));
    expect((await screen.findByRole('alert')).textContent).toContain('background not reachable');
  });

  it('never shows a job with failures as plain "Finished": with failures, failed, or finished once every failure was retried', async () => {
    const jobs = [
      aJob({ id: 'some', status: 'done', counts: { ...none, success: 2, failed: 1 } }),
      aJob({ id: 'all', status: 'done', counts: { ...none, failed: 1 } }),
      aJob({ id: 'retried', status: 'done', counts: { ...none, success: 2, failed: 1, retried: 1 } }),
      aJob({ id: 'clean', status: 'done', pairCount: 1, counts: { ...none, success: 1 } }),
    ];
    const { source } = fakeSource({ jobs, sessions: [session] });
    render(<Popup source={source} />);
    const items = await screen.findAllByTestId('job');
    expect(items.map((el) => el.querySelector('.pill')!.textContent)).toEqual(['Finished with failures', 'Failed', 'Finished', 'Finished']);
    expect(items[0]!.querySelector('.pill')!.className).toContain('status-doneFailures');
    // One audience is one audience.
    expect(items[3]!.textContent).toContain('1 audience ·');
  });

  it("says why a sending or paused job is not moving and until when, in the background's words", async () => {
    const sending = aJob({ id: 'waiting', status: 'sending', counts: { ...none, pending: 3 } });
    const { source } = fakeSource({
      jobs: [sending],
      sessions: [session],
      waits: { waiting: 'Waiting: Too many requests. Sending again at 15:01; nothing is sent twice.' },
    });
    render(<Popup source={source} />);
    expect((await screen.findByTestId('job-wait')).textContent).toContain('Sending again at 15:01');
    expect(source.waitOf).toHaveBeenCalledWith('waiting');
  });

  it('opened at one job ("View in history"): reads on until it is listed, opens it and marks it', async () => {
    const jobs = Array.from({ length: 7 }, (_, i) => aJob({ id: `j${i}`, createdAt: 1000 - i }));
    const { source } = fakeSource({ jobs, runs: { j6: [aRun({ audienceId: 'x' })] }, sessions: [session] });
    render(<Popup source={source} pageSize={3} focusJob="j6" />);
    const focused = await waitFor(() => {
      const el = document.querySelector('[data-job-id="j6"]');
      expect(el).not.toBeNull();
      return el as HTMLElement;
    });
    expect(focused.className).toContain('focused');
    expect(await within(focused).findAllByTestId('run')).toHaveLength(1);
    expect(source.listJobs).toHaveBeenCalledTimes(3);
  });

  it('shows a long run list a page at a time', async () => {
    const runs = Array.from({ length: 60 }, (_, i) => aRun({ audienceId: `a${i}` }));
    const { source } = fakeSource({ jobs: [aJob({ pairCount: 60 })], runs: { 'job-1': runs }, sessions: [session] });
    render(<Popup source={source} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Show runs' }));
    expect(await screen.findAllByTestId('run')).toHaveLength(25);
    fireEvent.click(screen.getByRole('button', { name: 'Show 25 more (35 left)' }));
    expect(screen.getAllByTestId('run')).toHaveLength(50);
    fireEvent.click(screen.getByRole('button', { name: 'Show 10 more (10 left)' }));
    expect(screen.getAllByTestId('run')).toHaveLength(60);
    expect(screen.queryByRole('button', { name: /^Show \d+ more/ })).toBeNull();
  });

  it("keeps an action's note while the history reloads around it", async () => {
    const { source, emitChange } = fakeSource({ jobs: [aJob()], runs: { 'job-1': [aRun({ status: 'failed' })] }, sessions: [session] });
    render(<Popup source={source} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry the failed (1)' }));
    expect(await screen.findByText(/Retry requested/)).toBeTruthy();
    emitChange();
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByText(/Retry requested/)).toBeTruthy();
  });

  it('offers cancel only for a job with pairs not yet sent', async () => {
    const sending = aJob({ id: 'sending', status: 'sending', counts: { ...none, pending: 3 } });
    const tracking = aJob({ id: 'tracking', status: 'tracking', counts: { ...none, running: 3 } });
    const done = aJob({ id: 'done', status: 'done', counts: { ...none, success: 3 } });
    const { source } = fakeSource({ jobs: [sending, tracking, done], sessions: [session] });
    render(<Popup source={source} />);
    const items = await screen.findAllByTestId('job');
    const cancelOf = (el: HTMLElement) => within(el).queryByRole('button', { name: 'Cancel unsent' });
    expect(cancelOf(items[1]!)).toBeNull();
    expect(cancelOf(items[2]!)).toBeNull();
    fireEvent.click(cancelOf(items[0]!)!);
    await waitFor(() => expect(source.cancel).toHaveBeenCalledWith('sending'));
    expect(source.cancel).toHaveBeenCalledTimes(1);
  });

  it('loads more pages and appends them', async () => {
    const { source } = fakeSource({ jobs: jobs(5), sessions: [session] });
    render(<Popup source={source} pageSize={2} />);
    expect(await screen.findAllByTestId('job')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('job')).toHaveLength(4));
    expect(source.listJobs).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: '2', limit: 2 }));
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('job')).toHaveLength(5));
    expect(screen.getAllByTestId('job').map((el) => el.getAttribute('data-job-id'))).toEqual(['job-0', 'job-1', 'job-2', 'job-3', 'job-4']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('filters by status and dataflow, and searches', async () => {
    const failed = aJob({ id: 'failed', dataflows: [{ id: 'f-a', name: 'Alpha S3' }] });
    const clean = aJob({ id: 'clean', dataflows: [{ id: 'f-b', name: 'Beta SFTP' }], counts: { ...none, success: 3 } });
    const { source } = fakeSource({ jobs: [failed, clean], sessions: [session] });
    render(<Popup source={source} />);
    await screen.findByText('Beta SFTP', FLOW);
    const ids = () => screen.queryAllByTestId('job').map((el) => el.getAttribute('data-job-id'));

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    await waitFor(() => expect(ids()).toEqual(['failed']));
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'all' } });
    await waitFor(() => expect(ids()).toEqual(['failed', 'clean']));

    fireEvent.change(screen.getByLabelText('Dataflow'), { target: { value: 'f-b' } });
    await waitFor(() => expect(ids()).toEqual(['clean']));
    fireEvent.change(screen.getByLabelText('Dataflow'), { target: { value: '' } });
    await waitFor(() => expect(ids()).toEqual(['failed', 'clean']));

    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'alpha' } });
    await waitFor(() => expect(ids()).toEqual(['failed']));
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'nothing-like-this' } });
    expect(await screen.findByText('No export matches these filters.')).toBeTruthy();
  });

  it('shows a corrupted record as one labelled row while the rest renders', async () => {
    const { source } = fakeSource({
      jobs: [aJob({ id: 'a' }), { unreadable: true, id: 'job-broken', reason: 'status: invalid option' }, aJob({ id: 'b' })],
      runs: { a: [aRun({ jobId: 'a' }), { unreadable: true, id: 'a|f|x', reason: 'createdAt: expected number' }] },
      sessions: [session],
    });
    render(<Popup source={source} />);
    expect(await screen.findAllByTestId('job')).toHaveLength(2);
    const broken = screen.getAllByTestId('unreadable');
    expect(broken).toHaveLength(1);
    expect(broken[0]!.textContent).toContain('Unreadable record');
    expect(broken[0]!.textContent).toContain('job-broken');
    expect(broken[0]!.textContent).toContain('status: invalid option');
    fireEvent.click(screen.getAllByRole('button', { name: 'Show runs' })[0]!);
    expect(await screen.findAllByTestId('run')).toHaveLength(1);
    expect(screen.getAllByTestId('unreadable')).toHaveLength(2);
  });

  it('exports the shown history as CSV and JSON', async () => {
    const { source } = fakeSource({
      jobs: jobs(3),
      runs: { 'job-0': [aRun({ jobId: 'job-0', audienceName: 'Quote "me", please' })] },
      sessions: [session],
    });
    const fx = effects();
    render(<Popup source={source} effects={fx} pageSize={2} />);
    await screen.findAllByTestId('job');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(fx.save).toHaveBeenCalledTimes(1));
    const [name, mime, csv] = fx.save.mock.calls[0]!;
    expect(name).toMatch(/\.csv$/);
    expect(mime).toContain('text/csv');
    const lines = (csv as string).trim().split('\r\n');
    // Header + the run of job-0 + one row for job-1 (no runs); job-2 is not shown.
    expect(lines).toHaveLength(3);
    expect(csv).toContain('"Quote ""me"", please"');
    expect(csv).not.toContain('job-2');

    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(fx.save).toHaveBeenCalledTimes(2));
    const json = JSON.parse(fx.save.mock.calls[1]![2] as string);
    expect(json.jobs.map((j: { id: string }) => j.id)).toEqual(['job-0', 'job-1']);
    expect(source.runsOfJob).toHaveBeenCalledTimes(2);
  });

  it('re-reads the list when stored history changes', async () => {
    const data = { jobs: jobs(1), sessions: [session] };
    const { source, emitChange } = fakeSource(data);
    render(<Popup source={source} />);
    expect(await screen.findAllByTestId('job')).toHaveLength(1);
    data.jobs = [aJob({ id: 'new', dataflows: [{ id: 'n', name: 'Newest' }] }), ...data.jobs];
    emitChange();
    expect(await screen.findByText('Newest', FLOW)).toBeTruthy();
  });

  it('speaks Brazilian Portuguese', async () => {
    setLocale('pt_BR');
    const { source } = fakeSource({ jobs: [], sessions: [] });
    render(<Popup source={source} />);
    expect((await screen.findByTestId('signed-out')).textContent).toContain('Sem sessão no console');
    expect(screen.getByTestId('empty').textContent).toContain('Nenhuma exportação ainda');
  });
});

describe('Popup: a console frame we cannot read', () => {
  const ORIGIN = 'https://exc-unifiedcontent.experience.adobe.net';
  const frames = (granted: boolean | Error) => ({
    noticed: vi.fn(async () => [ORIGIN]),
    grant: vi.fn(async (_origin: string) => {
      if (granted instanceof Error) throw granted;
      return granted;
    }),
  });

  it('names the frame instead of saying "not signed in", and grants access on a click', async () => {
    const { source } = fakeSource({ jobs: [], sessions: [] });
    const access = frames(true);
    render(<Popup source={{ ...source, frames: access }} />);
    const notice = await screen.findByTestId('frame-access');
    expect(notice.textContent).toContain(`Experience Platform runs here in a frame from ${ORIGIN}, which Bulk Export Now cannot read yet.`);
    await waitFor(() => expect(screen.queryByTestId('signed-out')).toBeNull());
    fireEvent.click(within(notice).getByRole('button', { name: 'Grant access' }));
    expect(access.grant).toHaveBeenCalledWith(ORIGIN);
    expect((await within(notice).findByRole('status')).textContent).toBe(
      `Access granted to ${ORIGIN}. Reload the console tab: the export status will appear next to each dataflow.`,
    );
    expect(within(notice).queryByRole('button', { name: 'Grant access' })).toBeNull();
  });

  it('says plainly when the browser did not grant it, or failed; in Portuguese too', async () => {
    setLocale('pt_BR');
    const { source } = fakeSource({ jobs: [], sessions: [] });
    render(<Popup source={{ ...source, frames: frames(false) }} />);
    const notice = await screen.findByTestId('frame-access');
    expect(notice.textContent).toContain('O Bulk Export Now ainda não consegue ler este console');
    fireEvent.click(within(notice).getByRole('button', { name: 'Conceder acesso' }));
    expect((await within(notice).findByRole('alert')).textContent).toBe(`O navegador não concedeu acesso a ${ORIGIN}. Nada mudou.`);
    cleanup();
    setLocale('en');
    render(<Popup source={{ ...source, frames: frames(new Error('The background did not answer')) }} />);
    const again = await screen.findByTestId('frame-access');
    fireEvent.click(within(again).getByRole('button', { name: 'Grant access' }));
    expect((await within(again).findByRole('alert')).textContent).toBe(`Could not grant access to ${ORIGIN}: The background did not answer`);
  });

  it('says nothing when no frame was noticed', async () => {
    const { source } = fakeSource({ jobs: [], sessions: [] });
    render(<Popup source={{ ...source, frames: { noticed: async () => [], grant: async () => true } }} />);
    await screen.findByTestId('signed-out');
    expect(screen.queryByTestId('frame-access')).toBeNull();
  });
});

describe('Popup: site access withheld', () => {
  const missing = ['https://experience.adobe.com/*', 'https://platform.adobe.io/*'];
  const access = (granted: boolean) => ({ missing: vi.fn(async () => missing), request: vi.fn(async (_origins: string[]) => granted) });

  it('names the hosts instead of saying "not signed in", and asks for them on a click', async () => {
    const { source } = fakeSource({ jobs: [], sessions: [] });
    const siteAccess = access(true);
    render(<Popup source={{ ...source, access: siteAccess }} />);
    const notice = await screen.findByTestId('site-access');
    expect(notice.textContent).toContain('Bulk Export Now cannot reach the console');
    expect(notice.textContent).toContain('Your browser does not let it read experience.adobe.com, platform.adobe.io.');
    await waitFor(() => expect(screen.queryByTestId('signed-out')).toBeNull());
    fireEvent.click(within(notice).getByRole('button', { name: 'Allow access' }));
    expect(siteAccess.request).toHaveBeenCalledWith(missing);
    expect((await within(notice).findByRole('status')).textContent).toBe('Access allowed. Reload the console tab.');
  });

  it('a refusal says nothing changed; in Portuguese too', async () => {
    setLocale('pt_BR');
    const { source } = fakeSource({ jobs: [], sessions: [] });
    render(<Popup source={{ ...source, access: access(false) }} />);
    const notice = await screen.findByTestId('site-access');
    fireEvent.click(within(notice).getByRole('button', { name: 'Permitir acesso' }));
    expect((await within(notice).findByRole('alert')).textContent).toBe('O acesso não foi permitido. Nada mudou.');
  });

  it('nothing withheld: no notice, and "not signed in" where that is the reason', async () => {
    const { source } = fakeSource({ jobs: [], sessions: [] });
    render(<Popup source={{ ...source, access: { missing: async () => [], request: async () => true } }} />);
    await screen.findByTestId('signed-out');
    expect(screen.queryByTestId('site-access')).toBeNull();
  });
});
