// @vitest-environment happy-dom
/**
 * Names come from the customer's Platform: markup, quotes, entities, bidi overrides,
 * emoji and absurd lengths must reach the screen as text, inside containers that bound
 * them and keep a bidi override from flipping our own words.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setConsoleLocale } from '@/lib/console/i18n';
import { setLocale } from '@/lib/i18n';
import type { ConsoleUi } from '@/lib/console/api';
import { OUR_ATTR } from '@/lib/console/selectors';
import {
  ACTIVATION_HEADERS_EN,
  BROWSE_HEADERS_EN,
  audienceHref,
  dataflow,
  eligible,
  fakeApi,
  flowHref,
  grid,
  setUrl,
  tick,
  uuid,
} from '@/lib/console/fixtures.testutil';
import { aJob, aRun } from '@/lib/history/fixtures';
import type { AudienceView } from '@/lib/model';
import { startConsoleUi } from '@/components/page/console-ui';
import { Popup } from '@/components/popup/Popup';
import { fakeSource } from '@/components/popup/fake-source.test-helper';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>window.__pwned = 1</script>',
  `"double" 'single' \`back\``,
  'Tom &amp; Jerry &lt;b&gt; &#x3C;i&#x3E;',
  '\u202Egnp.exe',
  '\u200Fmark \u202Bembed\u202C',
  '😀👩‍👩‍👧‍👦 family',
  'zero\u200Dwidth\u200Bjoin\u2060er',
  'x'.repeat(10_000),
];

const BASE = 'https://experience.adobe.com/';
const FLOW = uuid(900);

setConsoleLocale('en');

/** Every shadow root we added to the page. */
function ourRoots(): ShadowRoot[] {
  return [...document.querySelectorAll(`[${OUR_ATTR}]`)].map((el) => el.shadowRoot).filter((r): r is ShadowRoot => !!r);
}

/** The CSS rules of a shadow root (adopted sheet or <style>), as [selector, declarations]. */
function rulesOf(root: ShadowRoot): { selector: string; text: string }[] {
  const sheets: CSSStyleSheet[] = [...(root.adoptedStyleSheets ?? [])];
  for (const style of root.querySelectorAll('style')) if (style.sheet) sheets.push(style.sheet);
  return sheets.flatMap((sheet) =>
    [...sheet.cssRules].flatMap((rule) => (rule instanceof CSSStyleRule ? [{ selector: rule.selectorText, text: rule.style.cssText }] : [])),
  );
}

/** The declarations that apply to an element, from the rules of its shadow root whose selector matches it. */
function cssFor(el: Element, root: ShadowRoot): string {
  return rulesOf(root)
    .filter((r) => {
      try {
        return el.matches(r.selector);
      } catch {
        return false;
      }
    })
    .map((r) => r.text)
    .join(';')
    .replace(/\s+/g, '');
}

function expectNoInjectedElements(root: ParentNode): void {
  expect(root.querySelectorAll('img, script, iframe, object, embed, b, i')).toHaveLength(0);
}

let ui: ConsoleUi | null = null;

beforeEach(() => {
  document.body.replaceChildren();
  delete (window as unknown as { __pwned?: number }).__pwned;
});
afterEach(() => {
  ui?.destroy();
  ui = null;
  cleanup();
});

describe('hostile names on the console page', () => {
  const audiences: AudienceView[] = HOSTILE.map((name, i) => eligible(uuid(i + 1), name));

  it('audience badges and the panel: text only, the exact name, bounded and bidi-isolated', async () => {
    setUrl(`${BASE}${flowHref(FLOW)}`);
    const api = fakeApi({ dataflows: [dataflow(FLOW, audiences, HOSTILE[0])], sessionSeen: true });
    const main = document.createElement('main');
    main.append(
      grid(
        document,
        ACTIVATION_HEADERS_EN,
        audiences.map((a) => ({ name: a.name, href: audienceHref(a.id) })),
      ),
    );
    document.body.append(main);
    ui = startConsoleUi({ api, window });
    await tick();

    const badges = [...document.querySelectorAll(`[${OUR_ATTR}="badge"]`)];
    expect(badges).toHaveLength(HOSTILE.length);
    for (const name of HOSTILE) {
      const badge = badges.find((b) => b.getAttribute('aria-label')!.startsWith(`${name}:`));
      expect(badge, `badge for ${name.slice(0, 40)}`).toBeDefined();
      // The name is in attributes only (plain text); the visible badge text is ours alone,
      // so a bidi override in the name has nothing of ours to flip.
      const box = badge!.shadowRoot!.querySelector('input')!;
      expect(box.getAttribute('aria-label')).toContain(name);
      const pill = badge!.shadowRoot!.querySelector('.pill')!;
      expect(pill.textContent).toBe('Eligible');
    }

    const panel = document.querySelector(`[${OUR_ATTR}="panel"]`)!.shadowRoot!;
    // A bar is above the table: the panel opens from there.
    const bar = document.querySelector(`[${OUR_ATTR}="bulk"]`)!.shadowRoot!;
    [...bar.querySelectorAll('button')].find((b) => b.textContent === 'Open panel')!.click();
    await tick();
    const names = [...panel.querySelectorAll('.list .name')];
    expect(names.map((n) => n.textContent)).toEqual(HOSTILE);
    for (const [i, el] of names.entries()) {
      expect(el.getAttribute('title')).toBe(HOSTILE[i]);
      expect(el.childNodes).toHaveLength(1);
      expect(el.firstChild!.nodeType).toBe(Node.TEXT_NODE);
      const css = cssFor(el, panel);
      expect(css).toContain('overflow:hidden');
      expect(css).toContain('text-overflow:ellipsis');
      expect(css).toContain('white-space:nowrap');
      expect(css).toContain('min-width:0');
      expect(css).toContain('unicode-bidi:isolate');
      const label = el.closest('li')!.querySelector('input')!.getAttribute('aria-label')!;
      expect(label).toBe(`Select ${HOSTILE[i]} for export`);
    }

    for (const root of ourRoots()) expectNoInjectedElements(root);
    // The console's own grid holds the names as text too (the fixture used textContent):
    // nothing in the page became an element because of us.
    expect(document.querySelectorAll('img, script')).toHaveLength(0);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('dataflow badges on Browse: the name only in attributes, the pill bounded', async () => {
    setUrl(`${BASE}#/@acme/sname:prod/platform/destination/browse`);
    const flows = HOSTILE.map((name, i) => dataflow(uuid(500 + i), [eligible(uuid(600 + i), 'A')], name));
    const api = fakeApi({ dataflows: flows, sessionSeen: true });
    document.body.append(
      grid(
        document,
        BROWSE_HEADERS_EN,
        flows.map((f) => ({ name: f.name, href: flowHref(f.id) })),
      ),
    );
    ui = startConsoleUi({ api, window });
    await tick();
    const badges = [...document.querySelectorAll(`[${OUR_ATTR}="badge"]`)];
    expect(badges).toHaveLength(HOSTILE.length);
    for (const name of HOSTILE) {
      const badge = badges.find((b) => b.getAttribute('aria-label')!.startsWith(`${name}:`))!;
      expect(badge.shadowRoot!.querySelector('input')!.getAttribute('aria-label')).toBe(`Select dataflow ${name} for export`);
      const pill = badge.shadowRoot!.querySelector('.pill')!;
      expect(pill.textContent).toBe('1 of 1 eligible now');
      const css = cssFor(pill, badge.shadowRoot!);
      expect(css).toContain('max-width:24em');
      expect(css).toContain('text-overflow:ellipsis');
    }
    for (const root of ourRoots()) expectNoInjectedElements(root);
    expect(document.querySelectorAll('img, script')).toHaveLength(0);
  });
});

describe('hostile names in the popup', () => {
  beforeEach(() => setLocale('en'));

  it('jobs, runs and the dataflow filter: text only, the exact names, in isolated containers', async () => {
    const jobs = HOSTILE.map((name, i) => aJob({ id: `job-${i}`, dataflows: [{ id: `flow-${i}`, name }] }));
    const runs = Object.fromEntries(
      HOSTILE.map((name, i) => [`job-${i}`, [aRun({ jobId: `job-${i}`, flowId: `flow-${i}`, audienceName: name, dataflowName: name })]]),
    );
    const { source } = fakeSource({ jobs, runs, sessions: [{ orgId: 'ABC123@AdobeOrg', sandbox: 'prod', seenAt: 1 }] });
    const { container } = render(<Popup source={source} pageSize={50} />);
    await waitFor(() => expect(container.querySelectorAll('[data-testid="job"]')).toHaveLength(HOSTILE.length));
    for (const button of screen.getAllByRole('button', { name: 'Show runs' })) fireEvent.click(button);
    await waitFor(() => expect(container.querySelectorAll('[data-testid="run"]')).toHaveLength(HOSTILE.length));

    const flows = [...container.querySelectorAll('.job-flows')].map((el) => el.textContent);
    expect(flows).toEqual(HOSTILE);
    const runNames = [...container.querySelectorAll('.run-name')].map((el) => el.textContent);
    expect(runNames).toEqual(HOSTILE);
    // The dataflow name of a run is followed by our own words: it sits in its own <bdi>.
    const runFlows = [...container.querySelectorAll('[data-testid="run"] bdi')].map((el) => el.textContent);
    expect(runFlows).toEqual(HOSTILE);
    const options = [...container.querySelectorAll('select option')].map((o) => o.textContent);
    for (const name of HOSTILE) expect(options).toContain(name);

    expectNoInjectedElements(container);
    expect(document.querySelectorAll('img, script')).toHaveLength(0);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('the popup CSS bounds name containers and isolates their bidi', () => {
    const css = readFileSync(resolve(__dirname, '../../components/popup/popup.css'), 'utf8').replace(/\s+/g, '');
    const rule = /\.job-flows,\.run-name\{([^}]*)\}/.exec(css);
    expect(rule, 'a rule for .job-flows and .run-name').not.toBeNull();
    expect(rule![1]).toContain('overflow-wrap:anywhere');
    expect(rule![1]).toContain('unicode-bidi:isolate');
  });
});
