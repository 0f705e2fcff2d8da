// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inTimeZone } from '@/test/time-zone';
import { setLocale } from './i18n';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { Options } from './Options';
import type { ManualCredentialsInput, OptionsSource, Settings } from './source';

function fakeSource(initial: Partial<Settings> = {}, lists = { noticed: [] as string[], granted: [] as string[] }) {
  let stored: Settings = { ...DEFAULT_SETTINGS, ...initial };
  return {
    load: vi.fn(async () => ({ ...stored })),
    save: vi.fn(async (next: Settings) => {
      stored = next;
      return { ok: true as const, settings: next };
    }),
    manualCredentials: vi.fn(async () => null as { orgId: string; sandbox: string } | null),
    saveManualCredentials: vi.fn(async (_input: ManualCredentialsInput) => ({ ok: true as const })),
    clearManualCredentials: vi.fn(async () => undefined),
    clearHistory: vi.fn(async () => undefined),
    diagnostics: vi.fn(async () => ({
      version: '1.2.3',
      environment: 'production',
      platformOrigin: 'https://platform.adobe.io',
      sessions: [] as { orgId: string; sandbox: string; seenAt: number; stale: boolean; source: 'console' | 'manual' }[],
      store: { jobs: 3, runs: 120, requests: 5, inFlight: 0 } as { jobs: number; runs: number; requests: number; inFlight: number } | null,
      skipped: { dataflows: 0, runs: 0 } as { dataflows: number; runs: number; lastAt?: number },
      frames: { noticed: [] as string[], granted: [] as string[] },
    })),
    frameLists: lists,
    frames: vi.fn(async () => ({ noticed: [...lists.noticed], granted: [...lists.granted] })),
    grantFrame: vi.fn(async (origin: string) => {
      lists.noticed = lists.noticed.filter((o) => o !== origin);
      lists.granted.push(origin);
      return true;
    }),
    revokeFrame: vi.fn(async (origin: string) => {
      lists.granted = lists.granted.filter((o) => o !== origin);
    }),
  } satisfies OptionsSource & { frameLists: unknown };
}

beforeEach(() => setLocale('en'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function chooseCustomHost(host: string) {
  fireEvent.click(await screen.findByLabelText('Custom host'));
  const input = screen.getByLabelText('Custom host address');
  fireEvent.input(input, { target: { value: host } });
  fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
  return input;
}

// Times are written in the browser's zone: São Paulo's here, whatever the machine's.
inTimeZone('America/Sao_Paulo');

describe('Options: environment', () => {
  it('rejects an http host with a message tied to the field, and saves nothing', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    const input = await chooseCustomHost('http://platform-va7.adobe.io');
    const message = await screen.findByText('The Platform host must use https://.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(message.id);
    expect(source.save).not.toHaveBeenCalled();
  });

  it('rejects something that is not an origin', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    await chooseCustomHost('https://platform-va7.adobe.io/data/core');
    expect(await screen.findByText(/without a path/)).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Custom host address'), { target: { value: 'https://' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('This is not a valid web address.')).toBeTruthy();
    expect(source.save).not.toHaveBeenCalled();
  });

  it('saves a valid https origin, normalised, through the source', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    await chooseCustomHost('  https://Platform-VA7.adobe.io/ ');
    await waitFor(() => expect(source.save).toHaveBeenCalledOnce());
    expect(source.save.mock.calls[0]![0]).toMatchObject({ environment: 'custom', customHost: 'https://platform-va7.adobe.io' });
    // It says what it saved.
    await waitFor(() =>
      expect(screen.getByTestId('settings-status').textContent).toMatch(
        /^Saved\. Platform: https:\/\/platform-va7\.adobe\.io\. History kept: \d+ days, at most [\d,]+ runs\. Notifications: (on|off)\.$/,
      ),
    );
  });

  it('refuses a host name with a space before asking the browser for anything, and clears the old error on the next try', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    await chooseCustomHost('platform va7');
    expect((await screen.findByText(/no spaces/)).textContent).toContain('only letters, digits, dots and hyphens');
    expect(source.save).not.toHaveBeenCalled();
    source.save.mockImplementationOnce(() => new Promise(() => undefined) as never);
    await chooseCustomHost('https://platform-va7.adobe.io');
    // While the new attempt runs, the old refusal is gone.
    await waitFor(() => expect(source.save).toHaveBeenCalledOnce());
    expect(screen.queryByText(/no spaces/)).toBeNull();
  });

  it('shows why the source refused (host permission denied)', async () => {
    const source = fakeSource();
    source.save.mockResolvedValueOnce({ ok: false, reason: 'options.env.permissionDenied', params: { origin: 'https://platform-va7.adobe.io' } } as never);
    render(<Options source={source} />);
    await chooseCustomHost('https://platform-va7.adobe.io');
    expect((await screen.findByRole('alert')).textContent).toContain('did not grant access to https://platform-va7.adobe.io');
  });

  it('switches to stage, notifications off and new retention', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    fireEvent.click(await screen.findByLabelText('Stage (platform-stage.adobe.io)'));
    fireEvent.click(screen.getByLabelText('Notify me when an export finishes'));
    fireEvent.input(screen.getByLabelText('Days to keep'), { target: { value: '30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(source.save).toHaveBeenCalledOnce());
    expect(source.save.mock.calls[0]![0]).toMatchObject({ environment: 'stage', notifications: false, retentionDays: 30, retentionRuns: 20_000 });
  });

  it('refuses a retention that is not a whole number in range', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    fireEvent.input(await screen.findByLabelText('Most runs to keep'), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Enter a whole number from 100 to 1000000.')).toBeTruthy();
    expect(source.save).not.toHaveBeenCalled();
  });
});

describe('Options: manual credentials', () => {
  it('says they live in session storage and vanish when the browser closes', async () => {
    render(<Options source={fakeSource()} />);
    const note = await screen.findByTestId('creds-note');
    expect(note.textContent).toMatch(/session storage only/);
    expect(note.textContent).toMatch(/vanish when the browser closes/);
    expect(screen.getByLabelText('Access token').getAttribute('aria-describedby')).toContain('creds-note');
  });

  it('takes the token in a password field and never shows it back', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    const token = (await screen.findByLabelText('Access token')) as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.input(screen.getByLabelText('Organization ID (…@AdobeOrg)'), { target: { value: 'ABC@AdobeOrg' } });
    fireEvent.input(screen.getByLabelText('Sandbox name'), { target: { value: 'prod' } });
    fireEvent.input(screen.getByLabelText('API key (client id)'), { target: { value: 'exc_app' } });
    fireEvent.input(token, { target: { value: 'secret-token-value' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use these credentials' }));
    await waitFor(() =>
      expect(source.saveManualCredentials).toHaveBeenCalledWith({ orgId: 'ABC@AdobeOrg', sandbox: 'prod', apiKey: 'exc_app', token: 'secret-token-value' }),
    );
    expect((await screen.findByTestId('creds-in-use')).textContent).toContain('ABC@AdobeOrg / prod');
    expect(token.value).toBe('');
    expect(document.body.innerHTML).not.toContain('secret-token-value');
  });

  it('asks for every field before saving', async () => {
    const source = fakeSource();
    render(<Options source={source} />);
    fireEvent.input(await screen.findByLabelText('Access token'), { target: { value: 'tok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use these credentials' }));
    expect((await screen.findByTestId('creds-status')).textContent).toBe('Fill in every field.');
    expect(source.saveManualCredentials).not.toHaveBeenCalled();
  });

  it('lists stored credentials without the token and removes them', async () => {
    const source = fakeSource();
    source.manualCredentials.mockResolvedValue({ orgId: 'ABC@AdobeOrg', sandbox: 'dev' });
    render(<Options source={source} />);
    const inUse = await screen.findByTestId('creds-in-use');
    fireEvent.click(within(inUse).getByRole('button', { name: 'Remove manual credentials' }));
    await waitFor(() => expect(source.clearManualCredentials).toHaveBeenCalledOnce());
    await waitFor(() => expect(screen.queryByTestId('creds-in-use')).toBeNull());
  });
});

describe('Options: clear history', () => {
  it('needs an explicit confirmation step, and can be cancelled', async () => {
    const source = fakeSource();
    const confirmSpy = vi.fn(() => true);
    vi.stubGlobal('confirm', confirmSpy);
    render(<Options source={source} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Clear history…' }));
    expect(source.clearHistory).not.toHaveBeenCalled();
    const step = screen.getByTestId('clear-confirm');
    expect(step.textContent).toContain('cannot be undone');
    expect(document.activeElement).toBe(within(step).getByRole('button', { name: 'Yes, delete the history' }));
    fireEvent.click(within(step).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('clear-confirm')).toBeNull();
    expect(source.clearHistory).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Clear history…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete the history' }));
    await waitFor(() => expect(source.clearHistory).toHaveBeenCalledOnce());
    expect(await screen.findByText('History cleared.')).toBeTruthy();
    expect(confirmSpy).not.toHaveBeenCalled();
  });
});

describe('Options: language', () => {
  it('renders in Brazilian Portuguese', async () => {
    setLocale('pt_BR');
    render(<Options source={fakeSource()} />);
    expect(await screen.findByLabelText('Host personalizado')).toBeTruthy();
    expect(screen.getByTestId('creds-note').textContent).toContain('somem quando o navegador é fechado');
  });
});

describe('Options: for support', () => {
  const at = (iso: string) => Date.parse(iso);

  it('shows what the background sees, as it is copied, with no token', async () => {
    const source = fakeSource();
    source.diagnostics.mockResolvedValue({
      version: '1.2.3',
      environment: 'production',
      platformOrigin: 'https://platform.adobe.io',
      sessions: [{ orgId: 'O@AdobeOrg', sandbox: 'prod', seenAt: at('2026-11-28T10:42:00Z'), stale: true, source: 'console' }],
      store: { jobs: 1, runs: 80, requests: 1, inFlight: 2 },
      skipped: { dataflows: 1, runs: 3, lastAt: at('2026-11-28T10:40:00Z') },
      frames: { noticed: ['https://exc-unifiedcontent.experience.adobe.net'], granted: [] },
    });
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<Options source={source} />);
    const report = await screen.findByTestId('support-report');
    const text = report.textContent ?? '';
    expect(text).toContain('Version: 1.2.3');
    expect(text).toContain('Platform host: https://platform.adobe.io');
    expect(text).toContain(
      'Session: O@AdobeOrg / prod, from the console, last seen: 28 Nov, 07:42 (UTC−3) · 28 Nov, 10:42 UTC. Expired: reload the console tab.',
    );
    expect(text).toContain('Stored history: exports 1, runs 80, in flight 2.');
    expect(text).toMatch(/items left out .* \(dataflows 1, runs 3; the last at 28 Nov, 07:40 \(UTC−3\) · 28 Nov, 10:40 UTC\)\. The rest is shown\./);
    expect(text).toContain('Console frames not readable yet: https://exc-unifiedcontent.experience.adobe.net.');
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    expect(await screen.findByText('Report copied.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(text);
  });

  it('says plainly when there is no session, nothing left out, or the history cannot be read; in Portuguese too', async () => {
    setLocale('pt_BR');
    const source = fakeSource();
    source.diagnostics.mockResolvedValue({
      version: '1.2.3',
      environment: 'stage',
      platformOrigin: 'https://platform-stage.adobe.io',
      sessions: [],
      store: null,
      skipped: { dataflows: 0, runs: 0 },
      frames: { noticed: [], granted: [] },
    });
    render(<Options source={source} />);
    const text = (await screen.findByTestId('support-report')).textContent ?? '';
    expect(text).toContain('Sessão: nenhuma. Abra a página Destinos do console, com login feito.');
    expect(text).toContain('Histórico: não pode ser lido');
    expect(text).toContain('Respostas da Platform: nada foi deixado de fora.');
  });

  it('a failed read is an error with its reason, and Refresh asks again', async () => {
    const source = fakeSource();
    source.diagnostics.mockRejectedValueOnce(new Error('The background did not answer'));
    render(<Options source={source} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Could not read what the extension sees: The background did not answer');
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByTestId('support-report')).toBeTruthy();
    expect(source.diagnostics).toHaveBeenCalledTimes(2);
  });
});

describe('Options: console frames', () => {
  const ORIGIN = 'https://exc-unifiedcontent.experience.adobe.net';

  it('lists a frame seen but not readable, grants it on a click, and removes it again', async () => {
    const source = fakeSource({}, { noticed: [ORIGIN], granted: [] });
    render(<Options source={source} />);
    const section = (await screen.findByRole('heading', { name: 'Console frames' })).closest('section')!;
    await within(section).findByText(ORIGIN);
    fireEvent.click(within(section).getByRole('button', { name: 'Grant access' }));
    expect(source.grantFrame).toHaveBeenCalledWith(ORIGIN);
    expect(await within(section).findByText(/^Access granted to https:\/\/exc-unifiedcontent/)).toBeTruthy();
    fireEvent.click(await within(section).findByRole('button', { name: `Remove ${ORIGIN}` }));
    expect(source.revokeFrame).toHaveBeenCalledWith(ORIGIN);
    expect(await within(section).findByText(`Access to ${ORIGIN} removed. Reload the console tab.`)).toBeTruthy();
    await waitFor(() => expect(within(section).getByText('None: the console runs where Bulk Export Now expects it.')).toBeTruthy());
  });

  it('a grant the browser refused is said as such, and nothing moves', async () => {
    const source = fakeSource({}, { noticed: [ORIGIN], granted: [] });
    source.grantFrame.mockResolvedValueOnce(false);
    render(<Options source={source} />);
    const section = (await screen.findByRole('heading', { name: 'Console frames' })).closest('section')!;
    fireEvent.click(await within(section).findByRole('button', { name: 'Grant access' }));
    expect((await within(section).findByRole('alert')).textContent).toBe(`The browser did not grant access to ${ORIGIN}. Nothing changed.`);
    expect(within(section).getByRole('button', { name: 'Grant access' })).toBeTruthy();
  });
});
