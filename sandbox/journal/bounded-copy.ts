import { setOwn } from '../text/set-own';

/**
 * A copy of untrusted JSON-like input that no input can make large or deep: the journal keeps what
 * a request said as evidence, and one hostile body (64 KiB of control characters, a thousand
 * nested arrays) must not be able to grow the journal without bound or break a report that
 * quotes it. Written by hand because it has to walk the value once, with one shared budget.
 */
export interface CopyLimits {
  /** Nesting deeper than this becomes a marker. */
  depth: number;
  /** Characters kept of any one string (and key). */
  stringChars: number;
  /** Members kept of any one object or array. */
  members: number;
  /** Characters of strings and keys kept in the whole copy. */
  totalChars: number;
}

export const JOURNAL_COPY_LIMITS: CopyLimits = { depth: 6, stringChars: 512, members: 40, totalChars: 8192 };

export function boundedCopy(value: unknown, limits: CopyLimits = JOURNAL_COPY_LIMITS): unknown {
  return new BoundedCopy(limits).walk(value, 0);
}

/**
 * One copy's walk and its budget. A class rather than closures made on each call: the sandbox runs
 * through tsx, whose esbuild keeps function names by defining each new closure's `name`, and that
 * cost more than a small copy itself; the journal makes several copies of every exchange (issue #31).
 */
class BoundedCopy {
  #budget: number;

  constructor(private readonly limits: CopyLimits) {
    this.#budget = limits.totalChars;
  }

  text(s: string): string {
    const kept = s.slice(0, Math.max(0, Math.min(this.limits.stringChars, this.#budget)));
    this.#budget -= kept.length;
    return kept.length < s.length ? `${kept}[… ${s.length - kept.length} more characters]` : kept;
  }

  walk(v: unknown, depth: number): unknown {
    const { limits } = this;
    if (typeof v === 'string') return this.text(v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : `[${typeof v}]`;
    if (depth >= limits.depth) return `[nested deeper than ${limits.depth} levels, not kept]`;
    if (Array.isArray(v)) {
      const kept: unknown[] = [];
      for (const item of v.slice(0, limits.members)) kept.push(this.#budget > 0 ? this.walk(item, depth + 1) : '[…]');
      return v.length > limits.members ? [...kept, `[… ${v.length - limits.members} more items]`] : kept;
    }
    // Keys such as __proto__ stay plain data (setOwn), as in an entry read back from the file.
    const copy: Record<string, unknown> = {};
    const entries = Object.entries(v);
    for (const [key, item] of entries.slice(0, limits.members))
      setOwn(copy, this.text(key), this.#budget > 0 ? this.walk(item, depth + 1) : '[…]');
    if (entries.length > limits.members) copy['[…]'] = `${entries.length - limits.members} more members`;
    return copy;
  }
}

/** JSON with object keys sorted, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(withSortedKeys(value));
}

/**
 * `value` with the keys of every object in sorted order, as `JSON.stringify` then writes them.
 * Written by hand instead of a sorting replacer because every journal entry is serialised this
 * way (issue #31): the replacer copied every object; here only an object whose keys are not
 * already in order is copied (most are: parsed canonical JSON, built entries' inner objects).
 * Integer-like keys come first in numeric order whatever is done, as in any JavaScript object, so
 * an object holding them is copied each time and comes out as the replacer's copy did.
 */
function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = withSortedKeys(items[i]);
      if (item !== items[i]) (copy ??= [...items])[i] = item;
    }
    return copy ?? items;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  if (!inOrder) keys.sort();
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = withSortedKeys(record[key]);
    if (!copy && (item !== record[key] || !inOrder)) {
      copy = {};
      for (let j = 0; j < i; j++) setOwn(copy, keys[j]!, record[keys[j]!]);
    }
    if (copy) setOwn(copy, key, item);
  }
  return copy ?? value;
}
