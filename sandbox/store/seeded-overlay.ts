import type { Collection } from './store';

/**
 * Records that start from a deterministic seed and may be changed at run time. The seed is never
 * stored (it is regenerated from fixtures on every start); only changed or added records are, in a
 * store collection that overrides the seed. Reset empties the collection, which restores the seed.
 */
export class SeededOverlay<T> {
  constructor(
    private readonly seed: { get(key: string): T | undefined; keys(): Iterable<string> },
    readonly changes: Collection<T>,
  ) {}

  get(key: string): T | undefined {
    return this.changes.get(key) ?? this.seed.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  put(key: string, value: T): void {
    this.changes.put(key, value);
  }

  isSeeded(key: string): boolean {
    return this.seed.get(key) !== undefined;
  }

  /** Every current record: changed and added ones, then unchanged seeds. */
  *values(): Generator<T> {
    yield* this.changes.values();
    for (const key of this.seed.keys()) if (!this.changes.has(key)) yield this.seed.get(key)!;
  }
}
