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
 * The popup with each stored history size against an empty store, side by side: `h` and
 * `empty` are two browsers with the extension, doing nothing else, whose popups open in turn
 * (which goes first alternates), so what the machine does meanwhile weighs on both alike.
 * Measured one phase after the other, the empty store's opens right after 100,000 runs
 * were cleared took 80-300 ms (the database compacting), and the ratio swung 1.00-1.50.
 * `h`'s history grows from one size to the next (older jobs added; the newest 50 stay).
 */
export async function popupOpen(h: Harness, empty: Harness, runs: number, sizes: readonly number[]): Promise<Measurement[]> {
  const runsPerJob = 50;
  await clearHistory(h);
  await clearHistory(empty);
  await openPopupOnce(empty, 0); // warm-up: first load of the extension's files
  const out: Measurement[] = [];
  let seeded = 0;
  for (const storedRuns of sizes) {
    const jobs = Math.ceil(storedRuns / runsPerJob);
    const totals = await seedHistory(h, jobs - seeded, runsPerJob, seeded);
    seeded = jobs;
    const want = Math.min(50, jobs);
    await openPopupOnce(h, want); // warm-up on this history
    const full: number[] = [];
    const none: number[] = [];
    for (let i = 0; i < runs; i++) {
      const turn = [() => openPopupOnce(h, want).then((ms) => full.push(ms)), () => openPopupOnce(empty, 0).then((ms) => none.push(ms))];
      for (const open of i % 2 ? turn.reverse() : turn) await open();
    }
    const [f, e] = [median(full), median(none)];
    out.push({
      value: f / e,
      note: `median ${f.toFixed(1)} / ${e.toFixed(1)} ms (empty store, opened in turn); ${totals.runs} runs in ${totals.jobs} jobs, ${want} painted, ${runs} opens each`,
    });
  }
  await clearHistory(h);
  return out;
}
