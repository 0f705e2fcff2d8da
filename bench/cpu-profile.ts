/**
 * Our own script time, read from a V8 CPU profile of the page: the samples whose stack
 * holds a frame of ours (the content script runs in the page's isolate; its frames carry
 * the extension's URL). Measured on one side, it is not the difference of two noisy totals:
 * a React Spectrum scroll step costs the app 30-60 ms of script, ours a millisecond or two.
 *
 * Split as DevTools does: a layout or style read that finds them stale makes the browser
 * lay out right there, and the profile shows that time under the read (getBoundingClientRect
 * and the like). That is rendering, not script; it is also the frame's own layout pulled
 * forward, which the frame would have spent without us. It is reported apart.
 */
import type { Page } from 'playwright-core';

/** The parts of a CDP `Profiler.Profile` this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples?: number[];
  /** Microseconds before each sample. */
  timeDeltas?: number[];
}

/** DOM reads that lay out or style the page when it is stale (leaf frames of a sample). */
const LAYOUT_READ = /^(getBoundingClientRect|getClientRects|getComputedStyle|get (offset|client|scroll)(Width|Height|Top|Left))$/;

export interface OurTime {
  /** Milliseconds of our script, DOM calls included. */
  script: number;
  /** Milliseconds the browser laid out or styled inside our layout reads. */
  layout: number;
}

/** Our time in `profile`: samples with a frame whose URL `ours` accepts anywhere in their stack. */
export function ourTime(profile: CpuProfile, ours: (url: string) => boolean): OurTime {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const underOurs = new Map<number, boolean>();
  const isUnderOurs = (id: number): boolean => {
    let known = underOurs.get(id);
    if (known === undefined) {
      const up = parent.get(id);
      known = ours(byId.get(id)?.callFrame.url ?? '') || (up !== undefined && isUnderOurs(up));
      underOurs.set(id, known);
    }
    return known;
  };
  const micros = { script: 0, layout: 0 };
  const deltas = profile.timeDeltas ?? [];
  // A sample stands for the time until the next one (as DevTools counts it).
  (profile.samples ?? []).forEach((id, i) => {
    if (!isUnderOurs(id)) return;
    micros[LAYOUT_READ.test(byId.get(id)!.callFrame.functionName) ? 'layout' : 'script'] += deltas[i + 1] ?? 0;
  });
  return { script: micros.script / 1000, layout: micros.layout / 1000 };
}

/** Starts sampling `page` every 100 µs; `stop` gives our time since. */
export async function profileOurScript(page: Page, extensionId: string): Promise<{ stop(): Promise<OurTime> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const prefix = `chrome-extension://${extensionId}/`;
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      return ourTime(profile as CpuProfile, (url) => url.startsWith(prefix));
    },
  };
}
