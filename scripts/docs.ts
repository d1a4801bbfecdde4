import { mkdirSync, writeFileSync } from 'node:fs';
import { renderConformancePlan } from '../scenarios/render-plan';
import { renderHttpCollection } from '../scenarios/render-http';
import { renderPatientMapping } from '../scenarios/render-mapping';
import { renderScenarioTable } from '../scenarios/render-table';

/** `npm run docs`: regenerates docs/scenarios.md, docs/conformance-plan.md and docs/sandbox.http from their single sources. */
mkdirSync('docs', { recursive: true });
writeFileSync('docs/scenarios.md', renderScenarioTable());
writeFileSync('docs/conformance-plan.md', renderConformancePlan());
writeFileSync('docs/sandbox.http', renderHttpCollection());
writeFileSync('features/targets/sandbox-patient-mapping.json', renderPatientMapping());
console.log('wrote docs/scenarios.md, docs/conformance-plan.md, docs/sandbox.http, features/targets/sandbox-patient-mapping.json');
