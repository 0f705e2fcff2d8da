/**
 * A browser clock ten minutes off the Platform's, either way: the worker learns the
 * server's time from its answers' `Date` headers (lib/platform/server-clock), so
 * eligibility, reconciliation and tracking windows open where the server's runs are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestRecord, RunRecord } from '@/lib/model';
import { acceptedPairs, dyingAfterFirstPost, eligiblePairs, trackToEnd, world, type World } from './engine.testkit';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});
async function open(...args: Parameters<typeof world>) {
  const w = await world(...args);
  worlds.push(w);
  return w;
}

const MINUTE = 60_000;

describe.each([
  ['ahead', 10 * MINUTE],
  ['behind', -10 * MINUTE],
])('a browser clock 10 minutes %s of the Platform', (_name, browserSkewMs) => {
  it("gives every audience the verdict the Platform's clock gives it, near the one-hour wait too", async () => {
    // 20-minute-old activations in the scenario: moved to either side of the hour the skew would cross.
    const advance = browserSkewMs > 0 ? 35 * MINUTE : 45 * MINUTE;
    const verdicts = async (w: World) => {
      w.sim.state.advance(advance);
      const result = await w.views.build({ kind: 'browse' }, w.scope);
      return Object.fromEntries(result.dataflows.flatMap((f) => f.audiences.map((a) => [`${f.id}|${a.id}`, a.verdict])));
    };
    const truth = await verdicts(await open('large'));
    const skewed = await verdicts(await open('large', { browserSkewMs }));
    expect(Object.values(truth).some((v) => v.kind === 'wait' && v.rule === 'activatedUnderOneHour')).toBe(browserSkewMs > 0);
    expect(skewed).toEqual(truth);
  });

  it('a restarted worker reconciles a POST it never heard back from, sends no pair twice, and tracks every run to its end', async () => {
    const w = await open('bulk', { browserSkewMs });
    const pairs = await eligiblePairs(w);
    const dying = dyingAfterFirstPost(w.clientFor(w.scope));
    const first = w.engine({ clientFor: () => dying, concurrency: 1 });
    const { jobId } = await first.start({ pairs, scope: w.scope });
    await new Promise((r) => setTimeout(r, 300));
    first.dispose();

    // A new worker: a new store connection and a server clock that has heard nothing yet.
    const store = w.reopenStore();
    const second = w.engine({ store, ...w.restartedClients() });
    w.sim.state.advance(MINUTE);
    await second.tick();
    await second.settled();
    const accepted = acceptedPairs(w);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted).toHaveLength(pairs.length);
    const requests = (await store.requestsOfJob(jobId)) as RequestRecord[];
    expect(requests.map((r) => r.status)).toEqual(requests.map(() => 'answered'));
    await trackToEnd({ ...w, store }, second);
    expect(((await store.runsOfJob(jobId)) as RunRecord[]).map((r) => r.status)).toEqual(pairs.map(() => 'success'));
  });
});
