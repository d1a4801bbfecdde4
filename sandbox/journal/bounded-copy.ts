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
  let budget = limits.totalChars;
  const text = (s: string): string => {
    const kept = s.slice(0, Math.max(0, Math.min(limits.stringChars, budget)));
    budget -= kept.length;
    return kept.length < s.length ? `${kept}[… ${s.length - kept.length} more characters]` : kept;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : `[${typeof v}]`;
    if (depth >= limits.depth) return `[nested deeper than ${limits.depth} levels, not kept]`;
    if (Array.isArray(v)) {
      const kept = v.slice(0, limits.members).map((item) => (budget > 0 ? walk(item, depth + 1) : '[…]'));
      return v.length > limits.members ? [...kept, `[… ${v.length - limits.members} more items]`] : kept;
    }
    // A null-prototype object: keys such as __proto__ stay plain data.
    const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const entries = Object.entries(v);
    for (const [key, item] of entries.slice(0, limits.members)) copy[text(key)] = budget > 0 ? walk(item, depth + 1) : '[…]';
    if (entries.length > limits.members) copy['[…]'] = `${entries.length - limits.members} more members`;
    return copy;
  };
  return walk(value, 0);
}

/** JSON with object keys sorted, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}
