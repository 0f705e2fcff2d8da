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

export type KeyedSerial = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** One serial queue per key (the engine's per-job lock), forgotten once a key's queue is empty. */
export function createKeyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const next = (tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return next;
  };
}
