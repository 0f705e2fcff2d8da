/**
 * A small time-to-live cache of promises on an injected clock. Caching the promise
 * lets concurrent asks share one fetch; a rejected fetch is forgotten at once.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string, load: () => Promise<V>, fresh = false): Promise<V> {
    const hit = fresh ? undefined : this.peek(key);
    return hit ?? this.set(key, load());
  }

  /** The cached value while it is young enough. */
  peek(key: string): Promise<V> | undefined {
    const hit = this.entries.get(key);
    return hit && this.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  set(key: string, value: Promise<V>): Promise<V> {
    const entry = { at: this.now(), value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Drops the keys `match` accepts (all when omitted). */
  invalidate(match?: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (!match || match(key)) this.entries.delete(key);
  }
}
