import { mkdirSync, writeFileSync } from 'node:fs';
import { renderConformancePlan } from '../scenarios/render-plan';
import { renderScenarioTable } from '../scenarios/render-table';

/** `npm run docs`: regenerates docs/scenarios.md and docs/conformance-plan.md from their single sources. */
mkdirSync('docs', { recursive: true });
writeFileSync('docs/scenarios.md', renderScenarioTable());
writeFileSync('docs/conformance-plan.md', renderConformancePlan());
console.log('wrote docs/scenarios.md, docs/conformance-plan.md');
