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
