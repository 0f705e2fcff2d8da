/**
 * Runs async work one piece at a time, in call order; a failure does not stop the next.
 * For read-modify-write of one storage key, and for the engine's starts and retries.
 */
export type Serial = <T>(work: () => Promise<T>) => Promise<T>;

export function createSerial(): Serial {
  let queue: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
}

/**
 * Per key, a readers-writer lock in call order: `exclusive` work waits for everything
 * called before it on that key; `shared` work waits only for the exclusive work called
 * before it, so shared pieces overlap. The engine's per-job lock: a job's POST claims are
 * each one atomic transaction and may overlap, but a cancel's read-then-write must never
 * have a claim between its read and its write.
 */
export interface KeyedLock {
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
  shared<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  /** Per key: the last exclusive piece, everything so far, and how many pieces are not done. */
  const keys = new Map<string, { exclusive: Promise<unknown>; all: Promise<unknown>; open: number }>();
  const run = <T>(key: string, shared: boolean, work: () => Promise<T>): Promise<T> => {
    const state = keys.get(key) ?? { exclusive: Promise.resolve(), all: Promise.resolve(), open: 0 };
    keys.set(key, state);
    state.open += 1;
    const next = (shared ? state.exclusive : state.all).then(work, work);
    const tail = next
      .catch(() => undefined)
      .finally(() => {
        state.open -= 1;
        if (state.open === 0 && keys.get(key) === state) keys.delete(key);
      });
    if (shared) state.all = Promise.all([state.all, tail]);
    else state.exclusive = state.all = tail;
    return next;
  };
  return {
    exclusive: (key, work) => run(key, false, work),
    shared: (key, work) => run(key, true, work),
  };
}
