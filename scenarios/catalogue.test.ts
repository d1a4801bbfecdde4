import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outcomeCodeIds } from '../sandbox/provisioning/outcome-codes';
import { provisioningScenarios } from './catalogue';
import { claimStops } from '../sandbox/claim/claim-stops';
import { claimScenarios } from './claim-scenarios';
import { renderHttpCollection } from '../scripts/render/http';
import { renderPatientMapping } from '../scripts/render/mapping';
import { renderScenarioTable } from '../scripts/render/table';
import { renderConformancePlan } from '../scripts/render/plan';

const root = path.resolve(import.meta.dirname, '..');
const outline = readFileSync(path.join(root, 'features/eligibility-outcomes.feature'), 'utf8');
const rows = [...outline.matchAll(/^\s*\|\s*([a-z0-9-]+)\s*\|\s*([a-z0-9]+)\s*\|\s*$/gm)].map((m) => ({ id: m[1]!, code: m[2]! }));

describe('scenario catalogue', () => {
  it('has unique ids across provisioning and claim scenarios', () => {
    const ids = [...provisioningScenarios, ...claimScenarios].map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers every outcome code', () => {
    const covered = new Set(provisioningScenarios.map((s) => s.expectedCode));
    expect(outcomeCodeIds.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('has exactly one eligibility-outcome feature row per entry, with its code', () => {
    const missing = provisioningScenarios.filter((s) => !rows.some((r) => r.id === s.id && r.code === s.expectedCode)).map((s) => s.id);
    expect(missing).toEqual([]);
    expect(rows.filter((r) => r.id !== 'scenario')).toHaveLength(provisioningScenarios.length);
  });

  it('has one claim-journey feature row per claim scenario that stops, with its heading and reference (none where none is shown)', () => {
    const feature = readFileSync(path.join(root, 'features/claim-journey.feature'), 'utf8');
    const claimRows = [...feature.matchAll(/^\s*\|\s*(claim-[a-z0-9-]+)\s*\|(.*)\|\s*$/gm)].map((m) =>
      [m[1], ...m[2]!.split('|').map((cell) => cell.trim())].join(' / '),
    );
    const expected = claimScenarios.flatMap((s) => {
      if (s.expected === 'done') return [];
      const { title, reference } = claimStops[s.expected];
      return [[s.id, title, ...(reference === null ? [] : [reference])].join(' / ')];
    });
    expect(claimRows.sort()).toEqual(expected.sort());
  });

  it('is documented by up-to-date generated tables (npm run docs)', () => {
    expect(readFileSync(path.join(root, 'docs/scenarios.md'), 'utf8')).toBe(renderScenarioTable());
    expect(readFileSync(path.join(root, 'docs/conformance-plan.md'), 'utf8')).toBe(renderConformancePlan());
    expect(readFileSync(path.join(root, 'docs/sandbox.http'), 'utf8')).toBe(renderHttpCollection());
    expect(readFileSync(path.join(root, 'features/targets/sandbox-patient-mapping.json'), 'utf8')).toBe(renderPatientMapping());
  });
});
