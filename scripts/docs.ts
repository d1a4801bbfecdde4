import { mkdirSync, writeFileSync } from 'node:fs';
import { renderConfigurationTable } from './render/configuration';
import { renderConformancePlan } from './render/plan';
import { renderHttpCollection } from './render/http';
import { renderPatientMapping } from './render/mapping';
import { renderScenarioTable } from './render/table';

/** `npm run docs`: regenerates docs/scenarios.md, docs/conformance-plan.md, docs/configuration.md and docs/sandbox.http from their single sources. */
mkdirSync('docs', { recursive: true });
writeFileSync('docs/scenarios.md', renderScenarioTable());
writeFileSync('docs/conformance-plan.md', renderConformancePlan());
writeFileSync('docs/configuration.md', renderConfigurationTable());
writeFileSync('docs/sandbox.http', renderHttpCollection());
writeFileSync('features/targets/sandbox-patient-mapping.json', renderPatientMapping());
console.log(
  'wrote docs/scenarios.md, docs/conformance-plan.md, docs/configuration.md, docs/sandbox.http, features/targets/sandbox-patient-mapping.json',
);
