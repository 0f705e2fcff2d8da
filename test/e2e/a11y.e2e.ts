import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { OUR_ATTR } from '../../lib/console/selectors';
import { selectorsOf } from '../console-sim/scenarios';
import { confirmation, useHarness } from './harness';

// What a screen reader is given, read from Chromium's own accessibility tree (shadow roots
// included): every control of ours has a name, every dialog of ours a title. On the console
// page only our nodes count (the simulator's and React Spectrum's are not ours to fix).
const h = useHarness();

const BODY_ROWS = '[role="grid"] [role="row"]:not([aria-rowindex="1"])';
const BADGE = '[data-bulk-export-now="badge"]';

/** Roles a user operates or lands on: each needs a name to be told apart. */
const NAMED = new Set([
  'button',
  'checkbox',
  'link',
  'combobox',
  'textbox',
  'searchbox',
  'spinbutton',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'slider',
  'listbox',
  'dialog',
  'alertdialog',
]);

interface AXNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
}

/** Our unnamed controls on `page`, described; `everything` when the whole page is ours. */
async function unnamed(page: Page, everything: boolean): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: AXNode[] };
  const found: string[] = [];
  for (const node of nodes) {
    const role = node.role?.value ?? '';
    if (node.ignored || !NAMED.has(role) || node.name?.value.trim() || node.backendDOMNodeId === undefined) continue;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      returnByValue: true,
      // Inside one of our hosts (through shadow roots)? And the node's markup, to say which.
      functionDeclaration: `function (attr) {
        let n = this;
        while (n && !(n.nodeType === 1 && n.hasAttribute(attr))) n = n.parentNode ?? n.host;
        return { ours: !!n, html: this.outerHTML.slice(0, 160) };
      }`,
      arguments: [{ value: OUR_ATTR }],
    });
    const { ours, html } = result.value as { ours: boolean; html: string };
    if (everything || ours) found.push(`${role} with no name: ${html}`);
  }
  await cdp.detach();
  return found;
}

test('the console page: badges, bar, panel and confirmation name every control (plain and React Spectrum)', async () => {
  // The dataflow with the most audiences: waits, blocks and eligible ones side by side.
  const flow = h.state.scenario.flows.reduce((a, b) => (selectorsOf(b).length > selectorsOf(a).length ? b : a));
  const found: Record<string, string[]> = {};
  for (const ui of ['plain', 'spectrum']) {
    const query: Record<string, string> = ui === 'spectrum' ? { ui } : {};
    const { page } = await h.openConsole(h.route(), { layout: 'top', query });
    await page.waitForSelector(`${BODY_ROWS} ${BADGE}`, { state: 'attached' });
    found[`${ui} browse`] = await unnamed(page, false);
    await page.evaluate((hash) => (location.hash = hash), h.route(String(flow.id)));
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 3, `${BODY_ROWS} ${BADGE}`);
    found[`${ui} activation`] = await unnamed(page, false);
    const bar = page.locator('[data-bulk-export-now="bulk"]');
    await bar.getByRole('button', { name: 'Open panel' }).click();
    await page.locator('[data-bulk-export-now="panel"] section.panel').waitFor();
    found[`${ui} panel`] = await unnamed(page, false);
    await page.keyboard.press('Escape');
    // The confirmation of every eligible audience.
    await bar.getByRole('button', { name: /^Export all eligible/ }).click();
    await confirmation(page.mainFrame()).waitFor();
    found[`${ui} confirmation`] = await unnamed(page, false);
    await page.close();
  }
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
});

/** The element keyboard focus is on, through shadow roots: tag, its label or text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return `${el?.tagName.toLowerCase()} ${el?.getAttribute('aria-label') ?? el?.textContent?.trim()}`;
  });
}

test("Tab: our badge's checkbox is its row's one stop of ours, and Space ticks it", async () => {
  const { page } = await h.openConsole(h.route(), { layout: 'top' });
  const badgeBox = `${BODY_ROWS} ${BADGE} >> input[type="checkbox"]`;
  await page.waitForSelector(badgeBox);
  const [first, second] = await page.$$eval(`${BODY_ROWS} a`, (links) => links.slice(0, 2).map((a) => a.textContent!.trim()));
  // The first row's dataflow can be exported; the second (disabled) has no checkbox.
  await page.getByRole('link', { name: first, exact: true }).focus();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(`input Select dataflow ${first} for export`);
  await page.keyboard.press('Space');
  expect(await page.locator(badgeBox).first().isChecked()).toBe(true);
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(`a ${second}`);
  await page.close();
});

test('the popup, options and report pages name every control', async () => {
  const found: Record<string, string[]> = {};
  for (const file of ['popup.html', 'options.html', 'report.html']) {
    const page = await h.openExtensionPage(file);
    await page.locator('main').first().waitFor();
    await page.waitForLoadState('networkidle');
    found[file] = await unnamed(page, true);
    await page.close();
  }
  expect(found).toEqual({ 'popup.html': [], 'options.html': [], 'report.html': [] });
});
