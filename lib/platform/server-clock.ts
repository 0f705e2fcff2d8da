/**
 * The Platform's clock, as the `Date` header of its answers tells it. Run and audience
 * timestamps are the server's: a browser clock minutes off would open the "runs since"
 * and reconciliation windows in the wrong place and call an audience eligible (or not)
 * too early. Records keep the browser's time (the popup's "5 min ago" stays right); what
 * is compared with a server time goes through `offset()` or `now()`.
 *
 * Memory only: a restarted worker starts at 0 and corrects itself on its first answer,
 * which comes before any comparison (every window is compared with a listed run).
 */
export interface ServerClock {
  /** Server time minus browser time, in ms (0 until an answer says otherwise). */
  offset(): number;
  /** The server's time now. */
  now(): number;
  /** An answer's `Date` header, received at browser time `receivedAt`. */
  observe(dateHeader: string | null, receivedAt: number): void;
}

/**
 * A `Date` header counts whole seconds and the answer took a while to come: a difference
 * this small is noise, so the offset does not flap between answers.
 */
const RESOLUTION_MS = 2_000;

export function createServerClock(browserNow: () => number = Date.now): ServerClock {
  let offset = 0;
  return {
    offset: () => offset,
    now: () => browserNow() + offset,
    observe(dateHeader, receivedAt) {
      if (!dateHeader) return;
      const server = Date.parse(dateHeader);
      if (!Number.isFinite(server)) return;
      // The header drops the fraction of its second: the server's time was, on average, half a second on.
      const estimate = server + 500 - receivedAt;
      if (Math.abs(estimate - offset) > RESOLUTION_MS) offset = estimate;
    },
  };
}
