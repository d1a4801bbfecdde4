/**
 * The bench's table: one row per measure, with its ratio to what it is judged against and, where
 * an issue set one, the target and whether it was met. Printed for the terminal and written as
 * markdown for the guide (docs/operating.md shows a run's table as it was written).
 */
export interface Row {
  measure: string;
  value: string;
  ratio?: string;
  target?: string;
  /** Met or not; absent for a row with no target, 'not measured' where the target could not be judged. */
  met?: boolean | 'not measured';
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface Judged {
  ratio?: number;
  target?: number;
  higherIsBetter?: boolean;
  /** What the ratio is in, when it is not a percentage ('s', '× quiet p99'). */
  unit?: string;
  /** A further condition of the target (nothing lost): the row is met only when it holds too. */
  alsoRequired?: boolean;
  /** The target excludes its bound (p99 < 50 ms), where the issue says so. */
  strictly?: boolean;
}

export function row(measure: string, value: string, judged: Judged = {}): Row {
  const { ratio, target, unit } = judged;
  const percent = (n: number) => `${fmt(n * 100, 0)} %`;
  const shown = (n: number) => (unit ? `${fmt(n, 2)} ${unit}` : percent(n));
  const lower = judged.higherIsBetter === false;
  const beyond = (a: number, b: number) => (judged.strictly ? a > b : a >= b);
  const reached = target === undefined || ratio === undefined ? undefined : lower ? beyond(target, ratio) : beyond(ratio, target);
  const operator = lower ? (judged.strictly ? '<' : '≤') : judged.strictly ? '>' : '≥';
  return {
    measure,
    value,
    ...(ratio !== undefined ? { ratio: shown(ratio) } : {}),
    ...(target !== undefined
      ? {
          target: `${operator} ${unit ? `${target} ${unit}` : percent(target)}`,
          met: reached === undefined ? ('not measured' as const) : reached && judged.alsoRequired !== false,
        }
      : {}),
  };
}

const metCell = (met: Row['met']) => (met === undefined ? '' : met === 'not measured' ? 'not measured' : met ? 'yes' : 'NO');

export function textTable(rows: Row[]): string {
  const cells = rows.map((r) => [r.measure, r.value, r.ratio ?? '', r.target ?? '', metCell(r.met)]);
  const header = ['measure', 'value', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    '| measure | result | ratio | target | met |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${[r.measure, r.value, r.ratio ?? '', r.target ?? '', metCell(r.met)].map(escape).join(' | ')} |`),
  ].join('\n');
}
