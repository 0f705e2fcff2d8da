/**
 * What the extension costs the console page: route-to-table overhead, badge latency,
 * per-scroll-step script time and idle script time. "Without" runs in a second
 * Chromium with no extension, against the same simulator.
 */
import type { Frame } from 'playwright-core';
import type { ConsoleOptions, Harness } from '../test/e2e/harness';
import { openConsoleIn, routeMarks, routeToRendered, scriptClock, sleep, waitForContentScript, type PlainBrowser } from './browser';
import { ourTime, pageClockOffset, profileOurScript, recordProfile, type Span } from './cpu-profile';
import { median, type Measurement } from './report';

export interface BenchWorld {
  h: Harness;
  plain: PlainBrowser;
  /** Flow ids of the bench scenario's 200-row and 1,000-row dataflows. */
  flow200: string;
  flow1000: string;
}

/** Which simulated console: the plain markup, or Adobe's React Spectrum TableView (always virtualised). */
export type Variant = 'plain' | 'spectrum';
const SPECTRUM: ConsoleOptions['query'] = { ui: 'spectrum' };

const BADGE = '[data-bulk-export-now="badge"][aria-label]';

/**
 * Median of `runs` rounds of "route change -> 200-row table rendered", each round visiting
 * every side in a rotating order: with the extension, without, and (when given) with a
 * code-free extension holding the same permissions (`floor`), which tells our code's share
 * from what the permissions alone cost.
 */
export async function pageOverhead(
  world: BenchWorld,
  runs: number,
  floor?: PlainBrowser,
  variant: Variant = 'plain',
): Promise<Measurement & { with: number; without: number; floor?: number }> {
  const { h, plain } = world;
  const browse = h.route();
  const target = h.route(world.flow200);
  const options = variant === 'spectrum' ? { query: SPECTRUM } : {};
  const withExt = await openConsoleIn(h.context, h, browse, options);
  await waitForContentScript(withExt.frame);
  const sides = [
    { tab: withExt, times: [] as number[] },
    { tab: await openConsoleIn(plain.context, h, browse, options), times: [] as number[] },
    ...(floor ? [{ tab: await openConsoleIn(floor.context, h, browse, options), times: [] as number[] }] : []),
  ];
  const once = async (frame: Frame, into: number[]) => {
    await routeToRendered(frame, browse);
    into.push(await routeToRendered(frame, target));
  };
  // One warm-up each (first fetches, JIT), then rotate which side goes first.
  for (const side of sides) await once(side.tab.frame, []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(i + k) % sides.length]!;
      await once(side.tab.frame, side.times);
    }
  }
  for (const side of sides) await side.tab.page.close();
  const [w, wo, f] = sides.map((side) => median(side.times)) as [number, number, number | undefined];
  const floorNote = f === undefined ? '' : `; permissions only ${f.toFixed(1)} ms: floor ${(f / wo).toFixed(2)}, ours / floor ${(w / f).toFixed(2)}`;
  return {
    value: w / wo,
    with: w,
    without: wo,
    ...(f !== undefined && { floor: f }),
    note: `median ${w.toFixed(1)} / ${wo.toFixed(1)} ms, ${runs} runs each${floorNote}`,
  };
}

/**
 * Our own script inside pageOverhead's clock (route change -> 200-row table rendered, 0 ms
 * latency), from a CPU profile of the page with the extension over `visits` visits: what our
 * code costs that window, read on one side. The ratios compare medians of separate
 * browsers, whose spread is wider than our share: a code-free extension alone read 0.93 to
 * 1.17 of no extension on React Spectrum, over runs of the same code.
 */
export async function routeScriptShare(world: BenchWorld, visits: number, variant: Variant = 'plain'): Promise<Measurement> {
  const { h } = world;
  const browse = h.route();
  const target = h.route(world.flow200);
  const tab = await openConsoleIn(h.context, h, browse, variant === 'spectrum' ? { query: SPECTRUM } : {});
  await waitForContentScript(tab.frame);
  // Warm-up, as pageOverhead's.
  await routeToRendered(tab.frame, browse);
  await routeToRendered(tab.frame, target);
  const offset = await pageClockOffset(tab.page, tab.frame);
  const recording = await recordProfile(tab.page);
  const windows: { route: number; rendered: number }[] = [];
  for (let i = 0; i < visits; i++) {
    await routeToRendered(tab.frame, browse);
    windows.push(await routeMarks(tab.frame, target));
  }
  const profile = await recording.stop();
  await tab.page.close();
  const spans = windows.map(({ route, rendered }): Span => [route * 1000 + offset, rendered * 1000 + offset]);
  const prefix = `chrome-extension://${h.extensionId}/`;
  const ours = ourTime(profile, (url) => url.startsWith(prefix), spans);
  const total = windows.reduce((sum, w) => sum + w.rendered - w.route, 0);
  const per = (ms: number) => (ms / visits).toFixed(2);
  return {
    value: ours.script / total,
    note: `our script ${per(ours.script)} ms (and ${per(ours.layout)} ms of layout in our reads) of ${per(total)} ms per visit, ${visits} visits`,
  };
}

/**
 * Two clocks from the app's sim:table-rendered mark, median of `runs` visits:
 * - noticed: every body row in the page (all 1,000 on the plain console; those in view on
 *   React Spectrum's, which renders no others) has a labelled badge, as a MutationObserver
 *   in the page notes it. Chromium may tell the page's observers of a content script's
 *   changes late: badges put in from our mutation callback 12 ms after the mark were noticed
 *   at ~35 ms, the app's first frame (a scratch run on React Spectrum). So this metric
 *   cannot read below the app's own first frame, whatever the badges cost.
 * - frame lag: the first rendering update (after animation-frame callbacks and layout,
 *   just before paint) showing every row badged, minus the first showing the rows in a
 *   browser without the extension. What a user sees late; zero when the badges paint in
 *   the rows' first frame. The two browsers visit in turn.
 */
export async function badgeLatency(world: BenchWorld, runs: number, variant: Variant = 'plain'): Promise<{ noticed: Measurement; frameLag: Measurement }> {
  const { h, plain } = world;
  const rows = variant === 'plain' ? 1000 : 5;
  const options = variant === 'spectrum' ? { query: SPECTRUM } : {};
  const sides = [
    { tab: await openConsoleIn(h.context, h, h.route(), options), ext: true, noticed: [] as number[], painted: [] as number[] },
    { tab: await openConsoleIn(plain.context, h, h.route(), options), ext: false, noticed: [] as number[], painted: [] as number[] },
  ];
  await waitForContentScript(sides[0]!.tab.frame);
  let shown = 0;
  for (let i = 0; i < runs + 1; i++) {
    for (const side of sides) {
      await routeToRendered(side.tab.frame, h.route());
      const [noticed, painted] = await side.tab.frame.evaluate(visitAndClock, { hash: h.route(world.flow1000), rows, badge: side.ext ? BADGE : null });
      if (i === 0) continue; // the first visit fills the background's caches: a warm-up
      side.noticed.push(noticed);
      side.painted.push(painted);
    }
    shown = await sides[0]!.tab.frame.evaluate(() => document.querySelectorAll('[role="row"][aria-rowindex]').length - 1);
  }
  for (const side of sides) await side.tab.page.close();
  const [ours, bare] = sides.map((side) => median(side.painted)) as [number, number];
  return {
    noticed: { value: median(sides[0]!.noticed), note: `${runs} runs, ${shown} rows in the page of 1,000; first visit not counted` },
    frameLag: {
      value: ours - bare,
      note: `first frame with every row badged ${ours.toFixed(1)} ms after the mark, with its rows and no extension ${bare.toFixed(1)} ms`,
    },
  };
}

/** In the page: go to `hash`, resolve [noticed, painted] in ms after sim:table-rendered (see badgeLatency). */
function visitAndClock({ hash, rows, badge }: { hash: string; rows: number; badge: string | null }): Promise<[number, number]> {
  return new Promise((done, fail) => {
    performance.clearMarks('sim:table-rendered');
    let noticed = 0;
    let painted = 0;
    /** The mark's time once every body row is there (and badged, with the extension), else 0. */
    const ready = () => {
      const mark = performance.getEntriesByName('sim:table-rendered')[0];
      const bodyRows = [...document.querySelectorAll('[role="row"][aria-rowindex]')].filter((r) => !r.querySelector('[role="columnheader"]'));
      if (!mark || bodyRows.length < rows) return 0;
      if (badge && document.querySelectorAll(`[role="row"][aria-rowindex] ${badge}`).length < bodyRows.length) return 0;
      return mark.startTime;
    };
    // A sentinel resized every frame: ResizeObserver reports after that frame's animation-frame
    // callbacks (ours included) and layout, right before it paints.
    const sentinel = document.createElement('div');
    sentinel.style.cssText = 'position:fixed;top:0;left:0;height:1px;pointer-events:none';
    document.body.append(sentinel);
    let stopped = false;
    const stop = () => {
      stopped = true;
      observer.disconnect();
      frames.disconnect();
      sentinel.remove();
      clearTimeout(timer);
    };
    const end = () => {
      if (!noticed || !painted) return;
      stop();
      done([noticed, painted]);
    };
    const frames = new ResizeObserver(() => {
      const mark = painted ? 0 : ready();
      if (mark) painted = performance.now() - mark;
      end();
    });
    frames.observe(sentinel);
    let width = 1;
    const tick = () => {
      sentinel.style.width = `${(width = 3 - width)}px`;
      if (!painted && !stopped) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const observer = new MutationObserver(() => {
      const mark = noticed ? 0 : ready();
      if (mark) noticed = performance.now() - mark;
      end();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
    const timer = setTimeout(() => {
      stop();
      fail(new Error(`rows not all ${badge ? 'badged' : 'rendered'} after 30 s`));
    }, 30_000);
    location.hash = hash;
  });
}

/**
 * Our script time per scroll step of a virtualised 1,000-row table showing 50 rows, from a
 * CPU profile of the page with the extension (bench/cpu-profile.ts), over the steps (each:
 * scroll, two frames for the app's and our rAF flush, and a short settle). The note adds the
 * layout our measure forced, and the page's whole script time per step (CDP ScriptDuration)
 * with and without the extension, the two sides stepping in turn: their difference was this
 * metric's first clock, which swung from -4 to 9 ms against the app's own 30-60 ms per step
 * on React Spectrum.
 */
export async function scrollCost(world: BenchWorld, steps: number, variant: Variant = 'plain'): Promise<Measurement> {
  const { h, plain } = world;
  const hash = h.route(world.flow1000);
  // 50 rows in view on both: the plain app's pool of 46 + 4, React Spectrum's 50 rows of 41 px.
  const spectrum = variant === 'spectrum';
  const rowHeight = spectrum ? 41 : 48;
  const query: ConsoleOptions['query'] = spectrum ? { ...SPECTRUM, tableHeight: 50 * 41 + 34 } : { virtual: 1 };
  const options = { layout: 'top' as const, query };
  const scrollerOf = spectrum ? '[role="grid"] > [role="rowgroup"]' : '.grid-scroller.virtual';
  const sides = [
    { tab: await openConsoleIn(h.context, h, hash, options), ext: true },
    { tab: await openConsoleIn(plain.context, h, hash, options), ext: false },
  ];
  const perStep: Record<'with' | 'without', number[]> = { with: [], without: [] };
  const clocks: (() => Promise<number>)[] = [];
  for (const side of sides) {
    const { page } = side.tab;
    await page.waitForSelector(`${scrollerOf} [role="row"][aria-rowindex]`);
    if (!spectrum) {
      // 46 rows of 48 px: the app keeps a pool of 46 + 4 = 50 row elements.
      await page.evaluate(() => {
        const scroller = document.querySelector<HTMLElement>('.grid-scroller.virtual')!;
        scroller.style.height = `${46 * 48}px`;
        scroller.dispatchEvent(new Event('scroll'));
      });
    }
    if (side.ext) {
      await waitForContentScript(page.mainFrame());
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 45, `[role="row"][aria-rowindex] ${BADGE}`, { timeout: 30_000 });
    }
    clocks.push(await scriptClock(page));
  }
  // The two sides step in turn, so both meet the same moments of this machine's load.
  let profile: Awaited<ReturnType<typeof profileOurScript>> | undefined;
  for (let i = 0; i < steps + 2; i++) {
    if (i === 2) profile = await profileOurScript(sides[0]!.tab.page, h.extensionId); // after two warm-up steps
    for (const [n, side] of sides.entries()) {
      const before = await clocks[n]!();
      await side.tab.page.evaluate(
        ({ selector, rowHeight }) =>
          new Promise<void>((done) => {
            const scroller = document.querySelector<HTMLElement>(selector)!;
            // Down half a screen at a time, back to the top near the end: rows always change hands.
            scroller.scrollTop = (scroller.scrollTop + 25 * rowHeight) % (900 * rowHeight);
            requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 30)));
          }),
        { selector: scrollerOf, rowHeight },
      );
      const spent = (await clocks[n]!()) - before;
      if (i >= 2) (side.ext ? perStep.with : perStep.without).push(spent); // two warm-up steps
    }
  }
  const ours = await profile!.stop();
  for (const side of sides) await side.tab.page.close();
  const [w, wo] = [median(perStep.with), median(perStep.without)];
  return {
    value: ours.script / steps,
    note:
      `${steps} steps; and ${(ours.layout / steps).toFixed(2)} ms of layout forced early by our measure (mostly the frame's own, pulled forward); ` +
      `the page's script per step (median) ${w.toFixed(2)} with, ${wo.toFixed(2)} ms without`,
  };
}

/** Script time of an idle console page (200-row dataflow) over `seconds`, with minus without, scaled to 60 s. */
export async function idleCost(world: BenchWorld, seconds: number): Promise<Measurement> {
  const { h, plain } = world;
  const hash = h.route(world.flow200);
  const withExt = await openConsoleIn(h.context, h, hash, { layout: 'top' });
  await waitForContentScript(withExt.frame);
  await withExt.page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 200, `[role="row"][aria-rowindex] ${BADGE}`, { timeout: 30_000 });
  const without = await openConsoleIn(plain.context, h, hash, { layout: 'top' });
  await sleep(2_000); // let both settle
  const clocks = [await scriptClock(withExt.page), await scriptClock(without.page)] as const;
  const [startWith, startWithout] = await Promise.all(clocks.map((c) => c()));
  await sleep(seconds * 1000);
  const [endWith, endWithout] = await Promise.all(clocks.map((c) => c()));
  await withExt.page.close();
  await without.page.close();
  const w = endWith! - startWith!;
  const wo = endWithout! - startWithout!;
  const scale = 60 / seconds;
  return {
    value: (w - wo) * scale,
    note: `${w.toFixed(1)} - ${wo.toFixed(1)} ms over ${seconds} s${scale !== 1 ? `, x${scale.toFixed(1)} to 60 s` : ''}`,
  };
}
