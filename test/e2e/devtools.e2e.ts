import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { selectorsOf } from '../console-sim/scenarios';
import { confirmation, type Harness, useHarness } from './harness';

// What a developer or support agent sees on opening DevTools on our worker, our pages or
// the console page after a whole export: nothing of ours. No uncaught exception, no console
// error or warning, no DevTools issue (a CSP violation, a form field the browser flags).
const h = useHarness({ scenario: 'bulk' });

const BODY_ROWS = '[role="grid"] [role="row"]:not([aria-rowindex="1"])';
const BADGE = '[data-bulk-export-now="badge"]';

type Send = (method: string, params?: object) => Promise<unknown>;
/** The fields we read of the four CDP events we watch. */
interface Frames {
  callFrames: { url: string }[];
}
interface Watched {
  'Runtime.exceptionThrown': { exceptionDetails: { text: string; url?: string; stackTrace?: Frames; exception?: { description?: string } } };
  'Runtime.consoleAPICalled': { type: string; args: { value?: unknown; description?: string }[]; stackTrace?: Frames };
  'Log.entryAdded': { entry: { level: string; text: string; url?: string } };
  'Audits.issueAdded': { issue: { code: string; details: { contentSecurityPolicyIssueDetails?: { sourceCodeLocation?: { url: string } } } } };
}
type On = <E extends keyof Watched>(event: E, listener: (params: Watched[E]) => void) => void;

/** Collects what DevTools would show for one target; `ours` keeps only what our code caused there. */
async function inspect(send: Send, on: On, where: string, into: string[], ours: (url: string | undefined) => boolean): Promise<void> {
  on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => {
    const url = d.url ?? d.stackTrace?.callFrames?.[0]?.url;
    if (ours(url)) into.push(`${where}: uncaught ${d.exception?.description ?? d.text}`);
  });
  on('Runtime.consoleAPICalled', ({ type, args, stackTrace }) => {
    if (['error', 'warning', 'assert'].includes(type) && ours(stackTrace?.callFrames?.[0]?.url)) {
      into.push(`${where}: console.${type} ${JSON.stringify(args.map((a) => a.value ?? a.description))}`);
    }
  });
  on('Log.entryAdded', ({ entry }) => {
    if (['error', 'warning'].includes(entry.level) && ours(entry.url)) into.push(`${where}: ${entry.level} ${entry.text}`);
  });
  on('Audits.issueAdded', ({ issue }) => {
    const url = issue.details.contentSecurityPolicyIssueDetails?.sourceCodeLocation?.url;
    // An issue naming no script (a form field's) is ours on our pages, the app's on the console page.
    if (ours(url)) into.push(`${where}: issue ${issue.code} ${JSON.stringify(issue.details)}`);
  });
  for (const domain of ['Runtime', 'Log', 'Audits']) await send(`${domain}.enable`);
}

/** The service worker, through a page's CDP session (Playwright opens none for workers): its messages come wrapped. */
async function inspectWorker(harness: Harness, into: string[]): Promise<void> {
  await harness.serviceWorker(); // started if Chrome stopped it
  const cdp = await harness.context.newCDPSession(await harness.context.newPage());
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${harness.extensionId}/`));
  if (!worker) throw new Error('the extension worker is not running');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  const listeners = new Map<string, (params: never) => void>();
  let id = 0;
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { method?: string; params?: never };
    if (event.sessionId === sessionId && message.method) listeners.get(message.method)?.(message.params!);
  });
  const send: Send = (method, params = {}) => cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) });
  // Everything in the worker is ours.
  await inspect(
    send,
    (event, listener) => listeners.set(event, listener),
    'worker',
    into,
    () => true,
  );
}

async function inspectPage(page: Page, where: string, into: string[], ours: (url: string | undefined) => boolean): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await inspect(
    (method, params) => cdp.send(method as 'Runtime.enable', params),
    (event, listener) => cdp.on(event, listener),
    where,
    into,
    ours,
  );
}

test('an export from the page, then the popup, options and report: DevTools shows nothing of ours', async () => {
  const findings: string[] = [];
  const extension = `chrome-extension://${h.extensionId}/`;
  const fromUs = (url: string | undefined) => url?.startsWith(extension) === true;
  // Issues and exceptions the worker had before we attached are reported on attaching: its start counts too.
  await inspectWorker(h, findings);

  const flow = h.state.scenario.flows[0]!;
  const chosen = selectorsOf(flow).slice(0, 3);
  h.state.config.runDurationMs = 1500;
  h.state.config.failingAudiences = [String(chosen[1]!.value.id)];
  const page = await h.context.newPage();
  // On the console page, only what our content script caused is ours (the simulator's favicon and React Spectrum's own fields are not).
  await inspectPage(page, 'console page', findings, fromUs);
  await page.goto(h.consoleUrl(h.route(String(flow.id)), { layout: 'top' }));
  await page.waitForFunction(({ sel, badge }) => document.querySelectorAll(`${sel} ${badge}`).length >= 10, { sel: BODY_ROWS, badge: BADGE });
  await page.hover(`${BODY_ROWS} ${BADGE}`); // a badge's tooltip
  for (const a of chosen) await page.click(`${BODY_ROWS}:has(a:text-is("${String(a.value.name)}")) input[type="checkbox"]`);
  const bar = page.locator('[data-bulk-export-now="bulk"]');
  await bar.locator('button.primary').click();
  await confirmation(page.mainFrame()).locator('button.primary').click();
  await expect.poll(() => bar.getByTestId('job-status').textContent(), { timeout: 45_000, interval: 500 }).toContain('Export finished with failures');
  // The React Spectrum console.
  await page.goto(h.consoleUrl(h.route(), { layout: 'top', query: { ui: 'spectrum' } }));
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 5, `${BODY_ROWS} ${BADGE}`);

  for (const file of ['popup.html', 'options.html', 'report.html']) {
    const extensionPage = await h.context.newPage();
    await inspectPage(extensionPage, file, findings, () => true);
    await extensionPage.goto(`${extension}${file}`);
    await extensionPage.locator('main').first().waitFor();
  }
  const popup = h.context.pages().find((p) => p.url().endsWith('popup.html'))!;
  await popup.getByTestId('job').first().waitFor();
  // Issues are filed a moment after the page settles.
  await new Promise((r) => setTimeout(r, 1500));
  expect(findings).toEqual([]);
});
