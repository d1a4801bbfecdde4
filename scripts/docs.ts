import { mkdirSync, writeFileSync } from 'node:fs';
import { renderScenarioTable } from '../scenarios/render-table';

/** `npm run docs`: regenerates docs/scenarios.md from the catalogue. */
mkdirSync('docs', { recursive: true });
writeFileSync('docs/scenarios.md', renderScenarioTable());
console.log('wrote docs/scenarios.md');
