/**
 * `new Date(ms).toISOString()`, its text up to the second remembered: every journalled exchange
 * writes the time it arrived, and V8's toISOString cost about 0.9 µs of each; requests arriving
 * within the same second now only append their milliseconds, about 0.04 µs (issue #31).
 */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === last.second && Number.isInteger(ms)) return `${last.prefix}${String(ms - second * 1000).padStart(3, '0')}Z`;
  const iso = new Date(ms).toISOString();
  // Everything before the milliseconds ("sssZ"), whatever the year's width.
  last = { second, prefix: iso.slice(0, -4) };
  return iso;
}

let last = { second: NaN, prefix: '' };
