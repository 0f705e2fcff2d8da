// @vitest-environment happy-dom
// Over 400 lines: the console page's UI end to end in happy-dom, every case on one shared set of console fixtures.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setConsoleLocale as setLocale, t } from '@/lib/console/i18n';
import type { AudienceView, DataflowView } from '@/lib/model';
import { OUR_ATTR } from '@/lib/console/selectors';
import { loadPageCss, type PageCss } from '@/lib/console/sheets';
import { PAGE_CSS } from '@/lib/console/styles';
import { CommandError } from '@/lib/messages/errors';
import { formatWhen } from '@/lib/present/time';
import { startConsoleUi } from './console-ui';
import type { ConsoleApi, ConsoleUi } from '@/lib/console/api';
import {
  ACTIVATION_HEADERS_EN,
  BROWSE_HEADERS_EN,
  audienceHref,
  blocked,
  dataflow,
  eligible,
  fakeApi,
  flowHref,
  grid,
  setUrl,
  tick,
  uuid,
  type FakeApi,
} from '@/lib/console/fixtures.testutil';

setLocale('en');
const FLOW = uuid(900);
const BASE = 'https://experience.adobe.com/';
const DETAIL = `${BASE}${flowHref(FLOW)}`;
const BROWSE = `${BASE}#/@acme/sname:prod/platform/destination/browse`;

const hostile = ['<img src=x onerror="alert(1)">', '\u202Egnp.exe\u202C "quoted" & <b>bold</b>', 'x'.repeat(10_000), '😀 <script>window.__pwned = 1</script>'];
const epsilonUntil = Date.now() + 3_600_000;
const audiences: AudienceView[] = [
  eligible(uuid(1), 'Alpha'),
  eligible(uuid(2), 'Beta'),
  blocked(uuid(3), 'Gamma'),
  blocked(uuid(4), 'Delta'),
  { id: uuid(5), name: 'Epsilon', verdict: { kind: 'wait', rule: 'activatedUnderOneHour', until: epsilonUntil, warnings: [] } },
  ...hostile.map((name, i) => eligible(uuid(10 + i), name)),
];

let api: FakeApi;
let ui: ConsoleUi | null = null;

const ours = () => document.querySelectorAll(`[${OUR_ATTR}]`);
const badges = () => document.querySelectorAll(`[${OUR_ATTR}="badge"]`);
const control = () => document.querySelector(`[${OUR_ATTR}="bulk"]`)!.shadowRoot!;
const panelRoot = () => document.querySelector(`[${OUR_ATTR}="panel"]`)!.shadowRoot!;
const button = (root: ParentNode, text: RegExp) => [...root.querySelectorAll('button')].find((b) => text.test(b.textContent ?? '')) as HTMLButtonElement;
/** With a bar above the table, the panel opens from the bar (there is no floating launcher). */
const openPanel = () => button(control(), /Open panel/).click();

/** The confirmation: a modal in the body-level host, beside the panel. */
const modal = () => panelRoot().querySelector('[role="dialog"][aria-modal="true"]');

/** The user's three clicks: select all eligible, export selected, confirm. */
async function exportAllEligible() {
  for (const [root, label] of [
    [control, /Select all eligible/],
    [control, /Export selected/],
    [panelRoot, /^Export \d+$/],
  ] as const) {
    button(root(), label).click();
    await tick();
  }
}

function page() {
  const main = document.createElement('main');
  const h = document.createElement('h1');
  h.textContent = 'Dataflow';
  main.append(
    h,
    grid(
      document,
      ACTIVATION_HEADERS_EN,
      audiences.map((a) => ({ name: a.name, href: audienceHref(a.id) })),
    ),
  );
  document.body.append(main);
  return main;
}

beforeEach(() => {
  document.body.replaceChildren();
  delete (window as unknown as { __pwned?: number }).__pwned;
  api = fakeApi({ dataflows: [dataflow(FLOW, audiences, 'My flow')], sessionSeen: true, scope: { orgId: 'O@AdobeOrg', sandbox: 'prod' } });
  setUrl(DETAIL);
});
afterEach(() => {
  ui?.destroy();
  ui = null;
  vi.restoreAllMocks();
});

describe('console UI on a dataflow page', () => {
  it('badges the rows, places the bulk control before the table container, and opens the panel from it (no launcher over the table)', async () => {
    const main = page();
    ui = startConsoleUi({ api, window });
    await tick();
    expect(api.calls.getView).toEqual([{ kind: 'dataflow', flowId: FLOW }]);
    expect(badges()).toHaveLength(audiences.length);
    const bulk = document.querySelector(`[${OUR_ATTR}="bulk"]`)!;
    expect(bulk.parentElement).toBe(main);
    expect(bulk.nextElementSibling).toBe(main.querySelector('.spectrum-Table-wrapper'));
    expect(panelRoot().querySelector('button.launcher')).toBeNull();
    const opener = button(control(), /Open panel/);
    expect(opener.getAttribute('aria-expanded')).toBe('false');
    opener.focus();
    opener.click();
    await tick();
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    expect(panelRoot().querySelector('[role="dialog"]')).not.toBeNull();
    button(panelRoot(), /Close/).click();
    await tick();
    expect(panelRoot().querySelector('[role="dialog"]')).toBeNull();
    expect(control().activeElement).toBe(opener);
  });

  it("shows nothing until the background's CSS has come, then styles its badges and panel with it", async () => {
    page();
    let send!: (css: PageCss) => void;
    api.styles = () => new Promise((resolve) => (send = resolve));
    ui = startConsoleUi({ api, window });
    await tick();
    expect(ours()).toHaveLength(0);
    send({ badge: ':host{--from:background-badge}', ui: ':host{--from:background-ui}', tip: '' });
    await tick();
    expect(badges()).toHaveLength(audiences.length);
    const cssOf = (root: ShadowRoot) =>
      [
        ...root.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText)),
        ...[...root.querySelectorAll('style')].map((s) => s.textContent),
      ].join();
    expect(cssOf(badges()[0]!.shadowRoot!)).toContain('background-badge');
    expect(cssOf(panelRoot())).toContain('background-ui');
    loadPageCss(PAGE_CSS);
  });

  it('asks again when the CSS does not come (a worker starting up), and shows nothing meanwhile', async () => {
    page();
    const styles = api.styles;
    let asked = 0;
    api.styles = () => (++asked === 1 ? Promise.reject(new CommandError({ kind: 'unknown', message: 'worker starting' })) : styles());
    ui = startConsoleUi({ api, window });
    await tick();
    expect(ours()).toHaveLength(0);
    await vi.waitFor(() => expect(badges()).toHaveLength(audiences.length), { timeout: 2_000 });
    expect(asked).toBe(2);
  });

  it('removes everything on a route change and restores it on the way back', async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    expect(ours().length).toBeGreaterThan(0);
    setUrl(`${BASE}#/@acme/sname:prod/platform/home`);
    await tick();
    expect(ours()).toHaveLength(0);
    setUrl(DETAIL);
    await tick();
    expect(badges()).toHaveLength(audiences.length);
    expect(document.querySelectorAll(`[${OUR_ATTR}="bulk"]`)).toHaveLength(1);
    expect(document.querySelectorAll(`[${OUR_ATTR}="panel"]`)).toHaveLength(1);
    ui.destroy();
    ui = null;
    expect(ours()).toHaveLength(0);
  });

  it('keeps its panel between two Destinations routes, closed and showing the new route; takes it away on leaving', async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    const panel = document.querySelector(`[${OUR_ATTR}="panel"]`);
    openPanel();
    await tick();
    expect(panelRoot().querySelector('#ben-panel')).not.toBeNull();
    setUrl(BROWSE);
    await tick();
    expect(document.querySelectorAll(`[${OUR_ATTR}="panel"]`)).toHaveLength(1);
    expect(document.querySelector(`[${OUR_ATTR}="panel"]`)).toBe(panel);
    expect(panelRoot().querySelector('#ben-panel')).toBeNull(); // closed by the route change
    expect(badges()).toHaveLength(0); // the dataflow's badges went with its route
    setUrl(`${BASE}#/@acme/sname:prod/platform/home`);
    await tick();
    expect(ours()).toHaveLength(0);
  });

  it('notices a route change made with pushState (no event) and cleans up', async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    expect(badges()).toHaveLength(audiences.length);
    window.history.pushState(null, '', `${BASE}#/@acme/sname:prod/platform/home`);
    await vi.waitFor(() => expect(ours()).toHaveLength(0), { timeout: 5000 });
  });

  it('renders hostile names as text only', async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    for (const host of badges()) {
      expect(host.shadowRoot!.querySelectorAll('img, script, b')).toHaveLength(0);
    }
    const labels = [...badges()].map((b) => b.getAttribute('aria-label') ?? '');
    for (const name of hostile) expect(labels.some((l) => l.startsWith(`${name}:`))).toBe(true);
    openPanel();
    await tick();
    const names = [...panelRoot().querySelectorAll('.list .name')].map((n) => n.textContent);
    for (const name of hostile) expect(names).toContain(name);
    expect(panelRoot().querySelectorAll('.list img, .list script, .list b')).toHaveLength(0);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('confirms in a real modal: counts, where it goes, focus kept inside, Escape closes and focus returns', async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    // Select Alpha by its badge checkbox, then all eligible.
    const alpha = [...badges()].find((b) => b.getAttribute('aria-label')!.startsWith('Alpha:'))!;
    const box = alpha.shadowRoot!.querySelector('input')!;
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    await tick();
    expect(control().textContent).toContain('1 selected');
    button(control(), /Select all eligible/).click();
    await tick();
    const eligibleCount = 2 + hostile.length;
    expect(control().textContent).toContain(`${eligibleCount} selected`);
    const exportButton = button(control(), /Export selected/);
    exportButton.focus();
    exportButton.click();
    await tick();
    const dialog = modal()!;
    expect(dialog.querySelector('[data-testid="confirm-count"]')!.textContent).toBe(`${eligibleCount} audiences will be exported now.`);
    expect(dialog.querySelector('[data-testid="confirm-scope"]')!.textContent).toBe('To organisation O@AdobeOrg, sandbox prod.');
    // Focus starts on the confirming button and Tab, 20 times, never leaves the dialog.
    const inside = () => dialog.contains(panelRoot().activeElement);
    expect(panelRoot().activeElement?.textContent).toBe(`Export ${eligibleCount}`);
    for (let i = 0; i < 20; i++) {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: i % 3 === 0, bubbles: true, cancelable: true }));
      expect(inside(), `after Tab ${i + 1}`).toBe(true);
    }
    // Even with focus taken away to the page, Escape closes it and focus goes back to the button.
    (document.activeElement as HTMLElement | null)?.blur();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await tick();
    expect(modal()).toBeNull();
    expect(control().activeElement).toBe(button(control(), /Export selected/));
    expect(api.calls.startExport).toHaveLength(0);

    button(control(), /Export selected/).click();
    await tick();
    button(panelRoot(), /^Export \d+$/).click();
    await tick();
    expect(modal()).toBeNull();
    expect(api.calls.startExport).toHaveLength(1);
    expect((api.calls.startExport[0] as unknown[]).length).toBe(eligibleCount);
    expect(control().querySelector('[data-testid="job-status"]')!.textContent).toMatch(/Export finished|Exporting/);
    button(control(), /View in history/).click();
    expect(api.calls.openHistory).toEqual(['job-1']);
  });

  it('lists skipped pairs grouped by rule in the confirmation (Browse: every audience of the selected dataflows)', async () => {
    const flowA = dataflow(uuid(801), audiences.slice(0, 5), 'A');
    const flowB = {
      ...dataflow(uuid(802), audiences.slice(0, 2), 'B'),
      verdict: { kind: 'blocked' as const, rule: 'dataflowDisabled' as const, warnings: [] },
    };
    api.view = { dataflows: [flowA, flowB], sessionSeen: false };
    setUrl(BROWSE);
    document.body.append(
      grid(
        document,
        BROWSE_HEADERS_EN,
        [flowA, flowB].map((f) => ({ name: f.name, href: flowHref(f.id) })),
      ),
    );
    ui = startConsoleUi({ api, window });
    await tick();
    expect(api.calls.getView).toEqual([{ kind: 'browse' }]);
    expect(badges()).toHaveLength(2);
    const pills = [...badges()].map((b) => b.shadowRoot!.querySelector('.pill')!);
    expect(pills.map((p) => p.textContent)).toEqual(['2 of 5 eligible now', 'Disabled']);
    // Colour, text and icon: the icon comes with the tone class.
    expect(pills.map((p) => p.className)).toEqual(['pill eligible', 'pill blocked']);
    button(control(), /Select all eligible/).click();
    await tick();
    expect(control().textContent).toContain('1 selected');
    button(control(), /Export selected dataflows \(1\)/).click();
    await tick();
    const dialog = modal()!;
    expect(dialog.querySelector('[data-testid="confirm-count"]')!.textContent).toBe('2 audiences will be exported now.');
    expect(dialog.querySelector('[data-testid="confirm-skipped"]')!.textContent).toBe('3 will be skipped:');
    // Each reason in words, with the names it skips under it.
    const groups = [...dialog.querySelectorAll('section[data-rule]')].map((g) => [
      g.getAttribute('data-rule'),
      g.querySelector('.reason')!.textContent,
      [...g.querySelectorAll('li')].map((li) => li.textContent),
    ]);
    expect(groups).toEqual([
      ['scheduleEnded', t('rule.scheduleEnded'), ['Gamma', 'Delta']],
      // A pair that only waits is named with its badge's words: until when.
      // The date is written only when the time is on another day (late in the evening).
      ['activatedUnderOneHour', t('rule.activatedUnderOneHour'), [`Epsilon · Wait · ${formatWhen(epsilonUntil, { locale: 'en' })}`]],
    ]);
  });

  /** Browse with one dataflow, all eligible selected, and its confirmation opened. */
  async function confirmBrowse(flow: DataflowView): Promise<void> {
    api.view = { dataflows: [flow], sessionSeen: false };
    setUrl(BROWSE);
    document.body.append(grid(document, BROWSE_HEADERS_EN, [{ name: flow.name, href: flowHref(flow.id) }]));
    ui = startConsoleUi({ api, window });
    await tick();
    button(control(), /Select all eligible/).click();
    await tick();
    button(control(), /Export selected dataflows \(1\)/).click();
    await tick();
  }

  it('names the audiences that would send the same data as their last export, with when new data comes', async () => {
    const exportedAt = Date.now() - 60 * 60_000;
    const same: AudienceView = {
      id: uuid(901),
      name: 'Gold members',
      verdict: { kind: 'eligible', warnings: ['sameData'] },
      sameData: { exportedAt, next: Date.now() + 2 * 60 * 60_000 },
    };
    await confirmBrowse(dataflow(uuid(801), [same, ...audiences.slice(0, 2)], 'A'));
    const section = modal()!.querySelector('[data-warning="sameData"]')!;
    expect(section.querySelector('.reason')!.textContent).toBe('1 will send the same data as its last export:');
    expect(section.querySelector('li')!.textContent).toContain(
      `Gold members: Note: Same data as the export at ${formatWhen(exportedAt, { locale: 'en' })}; new data after the next scheduled export, about `,
    );
    // Held for new data: it leaves the export of now, and goes to the background to be queued.
    const sent: unknown[] = [];
    api.startExport = async (pairs, _sandbox, _scope, later) => {
      sent.push([pairs.map((p) => p.audienceId), later]);
      return { jobId: 'j', sent: 1, skipped: [], queued: 1 };
    };
    const before = modal()!.querySelector('[data-testid="confirm-count"]')!.textContent;
    (section.querySelector('[data-testid="confirm-hold-same"] input') as HTMLInputElement).click();
    await tick();
    expect(before).toBe('3 audiences will be exported now.');
    expect(modal()!.querySelector('[data-testid="confirm-count"]')!.textContent).toBe('2 audiences will be exported now.');
    button(modal()!, /Export 2/).click();
    await tick();
    expect(sent).toEqual([
      [
        [
          same.id,
          ...audiences
            .slice(0, 2)
            .filter((a) => a.verdict.kind === 'eligible')
            .map((a) => a.id),
        ],
        { queue: false, holdSameData: true },
      ],
    ]);
  });

  it('offers to queue the waiting ones: unticked at each opening, and sends them with the rest when ticked', async () => {
    const sent: unknown[][] = [];
    api.startExport = async (pairs, _sandbox, _scope, later) => {
      sent.push([pairs.map((p) => p.audienceId), later?.queue]);
      return { jobId: '', sent: 0, skipped: [], queued: 1 };
    };
    await confirmBrowse(dataflow(uuid(801), audiences.slice(0, 5), 'A'));
    let dialog = modal()!;
    const box = dialog.querySelector('[data-testid="confirm-queue"] input') as HTMLInputElement;
    expect(dialog.querySelector('[data-testid="confirm-queue"]')!.textContent).toContain('Export the waiting one when it becomes eligible');
    expect(box.checked).toBe(false);
    box.click();
    await tick();
    button(dialog, /Export 2/).click();
    await tick();
    const waiting = audiences
      .slice(0, 5)
      .filter((a) => a.verdict.kind === 'wait')
      .map((a) => a.id);
    const eligible = audiences
      .slice(0, 5)
      .filter((a) => a.verdict.kind === 'eligible')
      .map((a) => a.id);
    expect(sent).toEqual([[[...eligible, ...waiting], true]]);
    expect(control().querySelector('[data-testid="job-status"]')!.textContent).toContain('1 audience queued: it is sent when it becomes eligible');

    // Opened again: unticked, and "Export" sends only the eligible ones.
    button(control(), /Select all eligible/).click();
    await tick();
    button(control(), /Export selected dataflows \(1\)/).click();
    await tick();
    dialog = modal()!;
    expect((dialog.querySelector('[data-testid="confirm-queue"] input') as HTMLInputElement).checked).toBe(false);
    button(dialog, /Export 2/).click();
    await tick();
    expect(sent[1]).toEqual([eligible, false]);
  });

  it('opens and closes the panel with the keyboard; focus returns to the launcher', async () => {
    ui = startConsoleUi({ api, window });
    await tick();
    const root = panelRoot();
    const launcher = root.querySelector('button.launcher') as HTMLButtonElement;
    launcher.focus();
    launcher.click();
    await tick();
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    const panel = root.querySelector('[role="dialog"]')!;
    expect(panel.getAttribute('aria-labelledby')).toBe('ben-panel-title');
    expect(root.getElementById('ben-panel-title')!.textContent).toBe('Audiences of this dataflow');
    // Works with no table on the page: the list comes from the view.
    expect(root.querySelectorAll('.list li')).toHaveLength(audiences.length);
    const inside = panel.querySelector('input') as HTMLInputElement;
    inside.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await tick();
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(root.activeElement).toBe(launcher);
  });

  it("in the shell's own page, sends its largest frame's address and shows why that frame cannot be read", async () => {
    // The shell's frames, as the page would list them (happy-dom loads no frame page, and says so loudly).
    const frames = [
      { src: 'https://feedback.adobe.com/widget', getBoundingClientRect: () => ({ width: 300, height: 200 }) },
      { src: 'https://exc-unifiedcontent.experience.adobe.net/solutions/platform/index.html', getBoundingClientRect: () => ({ width: 1200, height: 800 }) },
    ];
    const all = document.querySelectorAll.bind(document);
    vi.spyOn(document, 'querySelectorAll').mockImplementation(((selector: string) => (selector === 'iframe' ? frames : all(selector))) as never);
    const seen: string[][] = [];
    const notice = 'Experience Platform runs here in a frame from https://exc-unifiedcontent.experience.adobe.net, which Bulk Export Now cannot read yet.';
    const shell: ConsoleApi = {
      ...api,
      async getView(route, sandbox, locale, frames) {
        seen.push(frames);
        return { ...(await api.getView(route, sandbox, locale, frames)), dataflows: [], sessionSeen: false, notice };
      },
    };
    ui = startConsoleUi({ api: shell, window });
    await tick();
    expect(seen[0]).toEqual(['https://exc-unifiedcontent.experience.adobe.net/solutions/platform/index.html']);
    const root = panelRoot();
    (root.querySelector('button.launcher') as HTMLButtonElement).click();
    await tick();
    expect(root.querySelector('[role="status"]')?.textContent).toBe(notice);
  });

  it('shows diagnostics and copies them (with a fallback when the clipboard refuses)', async () => {
    api.view = { dataflows: [dataflow(FLOW, audiences)], sessionSeen: true, error: { kind: 'auth', status: 401, message: 'Session expired' } };
    page();
    // A page that refuses the clipboard.
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async () => Promise.reject(new Error('denied')) } });
    ui = startConsoleUi({ api, window });
    await tick();
    const root = panelRoot();
    openPanel();
    await tick();
    const details = root.querySelector('details.diag') as HTMLDetailsElement;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await tick();
    const report = root.querySelector('[data-testid="diag-report"]')!.textContent!;
    for (const line of [
      'route: dataflow',
      'tables: 1',
      `rows: ${audiences.length}`,
      `rows badged: ${audiences.length}`,
      'session seen: true',
      'API error: auth 401 Session expired',
    ]) {
      expect(report).toContain(line);
    }
    // Refused: the report stays on screen to be selected by hand.
    button(root, /Copy diagnostics/).click();
    await tick();
    expect(root.textContent).toContain('Copy failed: select the text.');
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (s: string) => void (copied = s) } });
    ui.destroy();
    ui = startConsoleUi({ api, window });
    await tick();
    openPanel();
    await tick();
    button(panelRoot(), /Copy diagnostics/).click();
    await tick();
    expect(copied).toContain('rows badged: ' + audiences.length);
    expect(copied).toContain('API error: auth 401 Session expired');
    expect(panelRoot().textContent).toContain('Copied.');

    // The frame's table fingerprints could not be read (no answer from the background): the rest is still copied, and says so.
    api.tableLines = async () => {
      throw new Error('Could not establish connection');
    };
    button(panelRoot(), /Copy diagnostics/).click();
    await tick();
    expect(copied).toContain('table fingerprints: not read (Could not establish connection)');
    expect(copied).toContain('API error: auth 401 Session expired');
  });

  it("shows progress in place from the job's stored counts, then an honest result: failures counted, Retry and View", async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    const eligibleIds = audiences.filter((a) => a.verdict.kind === 'eligible').map((a) => a.id);
    const n = eligibleIds.length;
    const counts = (success: number, failed: number) => ({ pending: 0, running: n - success - failed, success, failed, skipped: 0, cancelled: 0 });
    api.job = { status: 'tracking', pairCount: n, counts: counts(0, 0) };
    await exportAllEligible();
    const status = () => control().querySelector('[data-testid="job-status"]')!.textContent;
    expect(status()).toContain(`Exporting: 0 of ${n} ended…`);
    expect(button(control(), /Open panel/)).toBeDefined();
    // The selection is cleared once the export started.
    expect(control().textContent).toContain('0 selected');
    // Views that no longer show the runs do not end it: only the job's own status does.
    api.job = { status: 'tracking', pairCount: n, counts: counts(1, 1) };
    api.fireViewChanged();
    await tick();
    expect(status()).toContain(`Exporting: 2 of ${n} ended, 1 failed so far…`);
    api.fireViewChanged();
    await tick();
    expect(status()).toContain(`Exporting: 2 of ${n} ended, 1 failed so far…`);
    api.job = { status: 'done', pairCount: n, counts: counts(n - 1, 1) };
    api.fireViewChanged();
    await tick();
    // A failure never reads as plain success.
    expect(status()).toContain(`Export finished with failures. Succeeded: ${n - 1} · failed: 1 · skipped: 0.`);
    button(control(), /View in history/).click();
    expect(api.calls.openHistory).toEqual(['job-1']);
    // Retry sends the failed again, as a new job the bar then follows.
    api.job = { status: 'tracking', pairCount: 1, counts: { pending: 0, running: 1, success: 0, failed: 0, skipped: 0, cancelled: 0 } };
    button(control(), /Retry the failed \(1\)/).click();
    await tick();
    expect(api.calls.retry).toEqual(['job-1']);
    expect(status()).toContain('Exporting: 0 of 1 ended…');
    api.job = { status: 'done', pairCount: 1, counts: { pending: 0, running: 0, success: 1, failed: 0, skipped: 0, cancelled: 0 } };
    api.fireViewChanged();
    await tick();
    expect(status()).toContain('Export finished. Succeeded: 1 · skipped: 0.');
    expect(button(control(), /Retry/)).toBeUndefined();
  });

  it("a job that is not moving says why and until when, in the background's words", async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    const n = audiences.filter((a) => a.verdict.kind === 'eligible').length;
    api.job = {
      status: 'sending',
      pairCount: n,
      counts: { pending: n, running: 0, success: 0, failed: 0, skipped: 0, cancelled: 0 },
      wait: 'Waiting: Too many requests. Sending again at 15:01; nothing is sent twice.',
    };
    await exportAllEligible();
    expect(control().querySelector('[data-testid="job-status"]')!.textContent).toContain('Sending again at 15:01');
  });

  it("an export that cannot start says why in our words and what to do, in the page's language, never the gateway's text", async () => {
    api.startExport = async () => {
      throw new CommandError({ kind: 'auth', status: 401, message: 'Oauth token is not valid' });
    };
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    await exportAllEligible();
    const status = control().querySelector('[data-testid="job-status"]')!.textContent!;
    expect(status).toContain('The export did not start. Your console session has expired: Reload the Experience Platform console page');
    expect(status).not.toContain('Oauth');
    api.startExport = async () => {
      throw new CommandError({ kind: 'network', message: 'Failed to fetch' });
    };
    button(control(), /Export selected/).click();
    await tick();
    button(panelRoot(), /^Export \d+$/).click();
    await tick();
    expect(control().querySelector('[data-testid="job-status"]')!.textContent).toContain('Could not reach Experience Platform: Check your connection or VPN');
  });

  it('re-fetches when a wait boundary passes (one timer)', async () => {
    const soon = Date.now() + 30;
    api.view = {
      dataflows: [dataflow(FLOW, [{ id: uuid(1), name: 'Alpha', verdict: { kind: 'wait', rule: 'activatedUnderOneHour', until: soon, warnings: [] } }])],
      sessionSeen: true,
    };
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    expect(api.calls.getView).toHaveLength(1);
    api.view = { dataflows: [dataflow(FLOW, [eligible(uuid(1), 'Alpha')])], sessionSeen: true };
    await vi.waitFor(() => expect(api.calls.getView).toHaveLength(2), { timeout: 5000 });
    await tick();
    const alpha = [...badges()].find((b) => b.getAttribute('aria-label')!.startsWith('Alpha:'))!;
    expect(alpha.shadowRoot!.querySelector('.pill')!.textContent).toContain('Eligible');
  });

  it('lets no other site, and no window that is not one of its frames, hide its launcher', async () => {
    // (That its own frame does hide it runs in real Chromium: page.e2e, the console in the shell's iframe.)
    ui = startConsoleUi({ api, window });
    await tick();
    const host = document.querySelector(`[${OUR_ATTR}="panel"]`) as HTMLElement;
    const say = (source: unknown, origin: string) =>
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'bulk-export-now:frame-route', active: true }, source: source as Window, origin }));
    say(window, 'https://third-party.example');
    say({}, location.origin);
    expect(host.style.display).toBe('');
  });

  it("in the shell's page, leaves the view to its own frame that shows the page, and asks for it once that frame leaves", async () => {
    // The shell's one frame, as its page lists it (happy-dom loads no frame page).
    const child = { postMessage: () => undefined };
    const shell = new Proxy(window, {
      get(target, key) {
        if (key === 'frames') return Object.assign([child], { length: 1 });
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const say = (active: boolean) =>
      window.dispatchEvent(
        new MessageEvent('message', { data: { type: 'bulk-export-now:frame-route', active }, source: child as unknown as Window, origin: location.origin }),
      );
    ui = startConsoleUi({ api, window: shell });
    await tick();
    expect(api.calls.getView).toHaveLength(1); // before any frame said it shows the page
    say(true);
    setUrl(BROWSE);
    await tick();
    // The shell's route changed too, but its frame shows it: an enterprise view is megabytes.
    expect(api.calls.getView).toHaveLength(1);
    api.fireViewChanged();
    await tick();
    expect(api.calls.getView).toHaveLength(1);
    say(false);
    await tick();
    expect(api.calls.getView).toHaveLength(2);
    expect(api.calls.getView[1]).toEqual({ kind: 'browse' });
  });

  it('as a frame, tells its parent when it shows a console page and when it leaves the route, and posts nothing on pagehide', async () => {
    // A pagehide message reaches the parent with no source (navigated) or from a window no
    // longer among its frames (removed), so it is dropped; in Firefox the call itself is
    // cancelled when the tab closes ("Script terminated by timeout"). Seen in both browsers.
    const posted: unknown[] = [];
    const parent = { postMessage: (data: unknown) => void posted.push(data) };
    const framed = new Proxy(window, {
      get(target, key) {
        if (key === 'parent') return parent;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    page();
    ui = startConsoleUi({ api, window: framed });
    await tick();
    expect(posted).toEqual([{ type: 'bulk-export-now:frame-route', active: true }]);
    window.dispatchEvent(new Event('pagehide'));
    expect(posted).toHaveLength(1);
    setUrl(`${BASE}#/@acme/sname:prod/platform/home`);
    await tick();
    expect(posted).toEqual([
      { type: 'bulk-export-now:frame-route', active: true },
      { type: 'bulk-export-now:frame-route', active: false },
    ]);
  });

  it('re-fetches when the background says runs changed, and shows Exporting', async () => {
    page();
    ui = startConsoleUi({ api, window });
    await tick();
    api.view = {
      dataflows: [
        dataflow(
          FLOW,
          audiences.map((a, i) => (i === 0 ? { ...a, running: true } : a)),
        ),
      ],
      sessionSeen: true,
    };
    api.fireViewChanged();
    await tick();
    expect(api.calls.getView).toHaveLength(2);
    const alpha = [...badges()].find((b) => b.getAttribute('aria-label')!.startsWith('Alpha:'))!;
    expect(alpha.shadowRoot!.querySelector('.pill')!.textContent).toContain('Exporting');
    expect(badges()).toHaveLength(audiences.length);
  });

  it('asks for the view and exports with the sandbox of its own route, and follows a change of sandbox', async () => {
    const sandboxes: { getView: string[]; startExport: string[] } = { getView: [], startExport: [] };
    const own: ConsoleApi = {
      ...api,
      getView(route, sandbox, locale, frames) {
        sandboxes.getView.push(sandbox);
        return api.getView(route, sandbox, locale, frames);
      },
      startExport(pairs, sandbox) {
        sandboxes.startExport.push(sandbox);
        return api.startExport(pairs, sandbox);
      },
    };
    setUrl(`${BASE}#/@acme/sname:dev-eu/platform/destination/browse/${FLOW}`);
    page();
    ui = startConsoleUi({ api: own, window });
    await tick();
    expect(sandboxes.getView).toEqual(['dev-eu']);
    await exportAllEligible();
    expect(api.calls.startExport).toHaveLength(1);
    expect(sandboxes.startExport).toEqual(['dev-eu']);
    // The same dataflow in another sandbox is another page: its own session, its own view.
    setUrl(DETAIL);
    await tick();
    expect(sandboxes.getView.at(-1)).toBe('prod');
  });

  it("lists the panel in the table's order, not the API's", async () => {
    const main = document.createElement('main');
    // The console sorts by name, descending: the API lists them the other way.
    const shown = [...audiences.slice(0, 5)].sort((a, b) => b.name.localeCompare(a.name));
    main.append(
      grid(
        document,
        ACTIVATION_HEADERS_EN,
        shown.map((a) => ({ name: a.name, href: audienceHref(a.id) })),
      ),
    );
    document.body.append(main);
    ui = startConsoleUi({ api, window });
    await tick();
    openPanel();
    await tick();
    const names = [...panelRoot().querySelectorAll('.list .name')].map((n) => n.textContent);
    expect(names.slice(0, 5)).toEqual(shown.map((a) => a.name));
    // The ones the table has not shown come after, as the API lists them.
    expect(names.slice(5)).toEqual(audiences.slice(5).map((a) => a.name));
  });

  it('copies a fingerprint of each table for bug reports: roles, headers, selection column, name cell; never a name or an id', async () => {
    const main = document.createElement('main');
    main.append(
      grid(
        document,
        ACTIVATION_HEADERS_EN,
        audiences.slice(0, 3).map((a) => ({ name: a.name, href: audienceHref(a.id) })),
        { selection: true },
      ),
    );
    document.body.append(main);
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (s: string) => void (copied = s) } });
    ui = startConsoleUi({ api, window });
    await tick();
    openPanel();
    await tick();
    button(panelRoot(), /Copy diagnostics/).click();
    await tick();
    expect(copied).toContain('table 1: activation, grid, 4 columns: [checkbox] | Name | Start date | End date');
    expect(copied).toContain('rows in the page: 3, with a link: 3');
    expect(copied).toContain("selection: the console's checkboxes (select all: none)");
    expect(copied).toContain('name cell: rowheader, cell 2 of 4; first cell a selection cell: true');
    // Forms and hit-testing need a real layout: the e2e suite checks them.
    expect(copied).toMatch(/badges: 3 \(full \d, icon \d, mini \d\); in view \d+, visible by hit-testing \d+/);
    for (const a of audiences.slice(0, 3)) {
      expect(copied).not.toContain(a.name);
      expect(copied).not.toContain(a.id);
    }
  });
});
