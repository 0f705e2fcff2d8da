/**
 * Popup open time: navigation start to the first 50 jobs painted with a large history,
 * and to the empty state with none. The popup lists a page at a time, so the bench
 * presses "load more" as soon as it can, as a user would to see 50.
 */
import type { Harness } from '../test/e2e/harness';
import { clearHistory, seedHistory } from './browser';
import { median, type Measurement } from './report';

declare global {
  interface Window {
    __benchPopup?: { ready: number; jobs: number; clicks: number };
  }
}

/**
 * One popup open; ms from navigation start to the frame with `want` job rows, or with
 * the empty state when `want` is 0 (the same "history shown" point for both sides).
 */
async function openPopupOnce(h: Harness, want: number): Promise<number> {
  const page = await h.context.newPage();
  // Installed before the popup's own scripts: a per-frame check, stamped in the frame that has them.
  await page.addInitScript((want: number) => {
    let clicks = 0;
    const tick = () => {
      const jobs = document.querySelectorAll('[data-testid="job"]').length;
      const shown = want === 0 ? document.querySelector('[data-testid="empty"]') !== null : jobs >= want;
      if (shown) {
        window.__benchPopup = { ready: performance.now(), jobs, clicks };
        return;
      }
      const more = document.querySelector<HTMLButtonElement>('button.load-more:not([disabled])');
      if (jobs > 0 && more && clicks < jobs) {
        more.click();
        clicks = jobs; // once per page of jobs
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, want);
  await page.goto(`chrome-extension://${h.extensionId}/popup.html`);
  const handle = await page.waitForFunction(() => window.__benchPopup, undefined, { timeout: 30_000 });
  const result = (await handle.jsonValue()) as { ready: number; jobs: number };
  await page.close();
  if (want > 0 && result.jobs < want) throw new Error(`popup showed ${result.jobs} jobs, wanted ${want}`);
  return result.ready;
}

/**
 * The popup with each stored history size against the empty store, in one run: ratio per
 * size (each history seeded afresh), with the absolute times in the notes.
 */
export async function popupOpen(h: Harness, runs: number, sizes: readonly number[]): Promise<Measurement[]> {
  const runsPerJob = 50;
  await clearHistory(h);
  await openPopupOnce(h, 0); // warm-up: first load of the extension's files
  const empty: number[] = [];
  for (let i = 0; i < runs; i++) empty.push(await openPopupOnce(h, 0));
  const e = median(empty);
  const out: Measurement[] = [];
  for (const storedRuns of sizes) {
    const jobs = Math.ceil(storedRuns / runsPerJob);
    await clearHistory(h);
    const seeded = await seedHistory(h, jobs, runsPerJob);
    const want = Math.min(50, jobs);
    const full: number[] = [];
    for (let i = 0; i < runs; i++) full.push(await openPopupOnce(h, want));
    const f = median(full);
    out.push({
      value: f / e,
      note: `median ${f.toFixed(1)} / ${e.toFixed(1)} ms (empty store); ${seeded.runs} runs in ${seeded.jobs} jobs, ${want} painted, ${runs} opens each`,
    });
  }
  await clearHistory(h);
  return out;
}
