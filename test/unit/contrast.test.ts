import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_CSS } from '@/lib/console/styles';

// WCAG 2 AA: text smaller than 18 px needs a contrast ratio of 4.5:1 with what is behind it.
// Every text colour of ours, read from the CSS we ship, on every background it can sit on.
const AA = 4.5;

function luminance(hex: string): number {
  const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, '$&$&').slice(1) : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The `--ben-*` colours of a block of declarations. */
function tokens(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--ben-([\w-]+):\s*(#[0-9a-f]{3,6})\b/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

/** The declarations of the first rule for `selector` in a minified sheet. */
function rule(css: string, selector: string): Record<string, string> {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = new RegExp(`(?:^|[}\\s])${escaped}\\{([^}]*)\\}`).exec(css)?.[1];
  if (body === undefined) throw new Error(`no rule for ${selector}`);
  return Object.fromEntries(body.split(';').map((d) => d.split(':').map((s) => s.trim()) as [string, string]));
}

describe('text contrast on our own pages (popup, options, report), light and dark', () => {
  const theme = readFileSync(new URL('../../components/shared/theme.css', import.meta.url), 'utf8');
  const dark = /@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(theme)?.[1] ?? '';
  const light = /:root\s*\{([^}]*)\}/.exec(theme)?.[1] ?? '';
  const schemes = { light: tokens(light), dark: { ...tokens(light), ...tokens(dark) } };
  const TEXT = ['text', 'muted', 'accent', 'positive', 'negative', 'notice'];
  const BACKGROUNDS = ['bg', 'surface', 'info-bg', 'warn-bg', 'error-bg'];

  it.each(Object.entries(schemes))('%s: every text colour on every background, and button text on its fill', (_scheme, t) => {
    expect(Object.keys(tokens(dark)).length).toBeGreaterThan(5);
    const below: string[] = [];
    for (const fg of TEXT) {
      for (const bg of BACKGROUNDS) {
        const ratio = contrast(t[fg]!, t[bg]!);
        if (ratio < AA) below.push(`${fg} on ${bg}: ${ratio.toFixed(2)}`);
      }
    }
    for (const fill of ['fill', 'fill-hover']) {
      const ratio = contrast(t['accent-text']!, t[fill]!);
      if (ratio < AA) below.push(`accent-text on ${fill}: ${ratio.toFixed(2)}`);
    }
    expect(below).toEqual([]);
  });
});

describe('text contrast on the console page (badges, bar, panel, tooltip)', () => {
  const { badge, ui, tip } = PAGE_CSS;

  it.each(['.eligible', '.wait', '.blocked', '.running'])('the %s pill', (tone) => {
    const { color, background } = rule(badge, tone);
    expect(contrast(color!, background!)).toBeGreaterThanOrEqual(AA);
  });

  it('links, buttons and small print on the bar, the panel and the dialog', () => {
    const bar = rule(ui, '.bar').background!;
    const panel = rule(ui, '.panel').background!;
    const pairs: [string, string, string][] = [
      ['link on the bar', rule(ui, '.link').color!, bar],
      ['link on the panel', rule(ui, '.link').color!, panel],
      ['status on the bar', rule(ui, '.status').color!, bar],
      ['reason in the panel', rule(ui, '.list .reason').color!, panel],
      ['primary button', rule(ui, 'button.primary').color!, rule(ui, 'button.primary').background!],
      ['tooltip', rule(tip, '.tip').color!, rule(tip, '.tip').background!],
    ];
    expect(pairs.filter(([, fg, bg]) => contrast(fg, bg) < AA).map(([name, fg, bg]) => `${name}: ${contrast(fg, bg).toFixed(2)}`)).toEqual([]);
  });
});
