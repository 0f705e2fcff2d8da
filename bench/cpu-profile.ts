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
import type { Frame, Page } from 'playwright-core';
import { median } from './report';

/** The parts of a CDP `Profiler.Profile` this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  /** The profile's clock (µs) when it started; each sample's time adds the deltas up to it. */
  startTime?: number;
  samples?: number[];
  /** Microseconds before each sample. */
  timeDeltas?: number[];
}

/**
 * A gap between samples longer than this is a stall of the sampler, not its rhythm (asked
 * for every 100 µs, it samples every ~190 µs on these machines, with gaps of 2-140 ms).
 */
const STALL_US = 2000;

/** DOM reads that lay out or style the page when it is stale (leaf frames of a sample). */
const LAYOUT_READ = /^(getBoundingClientRect|getClientRects|getComputedStyle|get (offset|client|scroll)(Width|Height|Top|Left))$/;

export interface OurTime {
  /** Milliseconds of our script, DOM calls included. */
  script: number;
  /** Milliseconds the browser laid out or styled inside our layout reads. */
  layout: number;
}

/** A span of the profile's clock, in µs: [from, to]. */
export type Span = readonly [number, number];

type ProfileNode = CpuProfile['nodes'][number];

/** Whether a sample's stack (the node and its callers) holds a node that `test` accepts; memoised per node. */
function stackHas(profile: CpuProfile, test: (node: ProfileNode) => boolean): (id: number) => boolean {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const known = new Map<number, boolean>();
  const has = (id: number): boolean => {
    let answer = known.get(id);
    if (answer === undefined) {
      const node = byId.get(id);
      const up = parent.get(id);
      answer = (node !== undefined && test(node)) || (up !== undefined && has(up));
      known.set(id, answer);
    }
    return answer;
  };
  return has;
}

/** Each sample's time on the profile's clock (µs). */
function sampleTimes(profile: CpuProfile): number[] {
  let at = profile.startTime ?? 0;
  return (profile.samples ?? []).map((_, i) => (at += profile.timeDeltas?.[i] ?? 0));
}

/**
 * Our time in `profile`: samples with a frame whose URL `ours` accepts anywhere in their
 * stack; only those inside `within` when given.
 */
export function ourTime(profile: CpuProfile, ours: (url: string) => boolean, within?: readonly Span[]): OurTime {
  const isUnderOurs = stackHas(profile, (node) => ours(node.callFrame.url));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const micros = { script: 0, layout: 0 };
  const deltas = profile.timeDeltas ?? [];
  const samples = profile.samples ?? [];
  const times = sampleTimes(profile);
  const usual = median(deltas.slice(1));
  // A sample stands for the time until the next one (as DevTools counts it), except across
  // a stall: on 2 busy cores the sampler thread misses whole milliseconds, and one sample
  // of ours before a stall that ends elsewhere is no sign our code ran all along.
  samples.forEach((id, i) => {
    const at = times[i]!;
    if (!isUnderOurs(id) || (within && !within.some(([from, to]) => at >= from && at <= to))) return;
    const until = deltas[i + 1] ?? 0;
    const next = samples[i + 1];
    const spent = until > STALL_US && !(next !== undefined && isUnderOurs(next)) ? usual : until;
    micros[LAYOUT_READ.test(byId.get(id)!.callFrame.functionName) ? 'layout' : 'script'] += spent;
  });
  return { script: micros.script / 1000, layout: micros.layout / 1000 };
}

/** Starts sampling `page` every 100 µs; `stop` gives the profile. */
export async function recordProfile(page: Page): Promise<{ stop(): Promise<CpuProfile> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      return profile as CpuProfile;
    },
  };
}

/** Samples `page` every 100 µs; `stop` gives our time since. */
export async function profileOurScript(page: Page, extensionId: string): Promise<{ stop(): Promise<OurTime> }> {
  const recording = await recordProfile(page);
  const prefix = `chrome-extension://${extensionId}/`;
  return { stop: async () => ourTime(await recording.stop(), (url) => url.startsWith(prefix)) };
}

const CLOCK_SPIN = 'benchClockSpin';

/**
 * µs to add to `frame`'s performance.now() × 1000 to get the profile clock of `page`'s
 * renderer: a short profile of a 3 ms spin in the frame, a function the profile names,
 * started at a known performance.now(). Profiles count in the system's monotonic clock, so
 * the offset holds for any later profile of that page. The sampler may stall through a whole
 * spin: it tries again, up to five times.
 */
export async function pageClockOffset(page: Page, frame: Frame): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const recording = await recordProfile(page);
    const began = await spinForClock(frame);
    const offset = clockOffset(await recording.stop(), began);
    if (offset !== null) return offset;
  }
  throw new Error('five CPU profiles caught no clock spin');
}

/** Runs a 3 ms spin in `frame` that the profile names; answers the frame's performance.now() when it began. */
async function spinForClock(frame: Frame): Promise<number> {
  return frame.evaluate(() => {
    const began = performance.now();
    // Named as CLOCK_SPIN says: the profile finds it by that name.
    function benchClockSpin(): void {
      while (performance.now() - began < 3);
    }
    benchClockSpin();
    return began;
  });
}

/**
 * µs to add to a frame's performance.now() × 1000 to get the profile's clock, from the
 * first sample inside the spin that began at `began` (spinForClock). Late by at most the
 * time to the first sample, ~0.2 ms. Null when no sample caught the spin.
 */
export function clockOffset(profile: CpuProfile, began: number): number | null {
  const inSpin = stackHas(profile, (node) => node.callFrame.functionName === CLOCK_SPIN);
  const times = sampleTimes(profile);
  const first = (profile.samples ?? []).findIndex(inSpin);
  return first < 0 ? null : times[first]! - began * 1000;
}
