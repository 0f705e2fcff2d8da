/**
 * A token bucket on an injected clock. `capacity + ratePerMinute` bounds the calls of
 * any 60-second window, so the tracker picks them to sum to its budget (120 a minute).
 */
export interface TokenBucket {
  /** Takes a token when one is there; never waits (the caller tries again later). */
  tryTake(): boolean;
  /** Spends a token whatever the balance (a call already made, e.g. a next page). */
  spend(): void;
  available(): number;
  /** When the next whole token will be there, as a time on the bucket's clock. */
  nextTokenAt(): number;
}

export function createTokenBucket(options: { capacity: number; ratePerMinute: number; now: () => number }): TokenBucket {
  const perMs = options.ratePerMinute / 60_000;
  let tokens = options.capacity;
  let at = options.now();
  const refill = () => {
    const now = options.now();
    if (now > at) tokens = Math.min(options.capacity, tokens + (now - at) * perMs);
    at = Math.max(at, now);
  };
  return {
    tryTake() {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    spend() {
      refill();
      tokens -= 1;
    },
    available() {
      refill();
      return tokens;
    },
    nextTokenAt() {
      refill();
      return tokens >= 1 ? at : at + Math.ceil((1 - tokens) / perMs);
    },
  };
}
