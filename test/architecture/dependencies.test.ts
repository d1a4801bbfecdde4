import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The tree's structure, checked on every run:
 * - dependencies run one way: runtime code under `sandbox/` never imports seed data (`fixtures/`),
 *   the catalogue (`scenarios/`) or anything test-only; `sandbox/seed.ts`, which the composition
 *   root (`sandbox/sandbox.ts`) hands in by default, is the one place seed data and the catalogue enter;
 * - nothing reads outside the repository: a user clones it alone.
 */
const root = path.resolve(import.meta.dirname, '../..');
const SEED_ENTRY = 'sandbox/seed.ts';
const SEED_AND_CATALOGUE = ['fixtures/', 'scenarios/'];
const TEST_ONLY = ['test/', 'bench/', 'steps/', 'features/', 'scripts/'];

const tracked = (...patterns: string[]) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...patterns], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const runtimeFiles = tracked('sandbox/*.ts', 'sandbox/*.tsx').filter((file) => !isTest(file));

/** Every relative module a file imports (static, dynamic and type-only), as repository paths. */
function importsOf(file: string): string[] {
  const source = readFileSync(path.join(root, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((spec) => path.relative(root, path.resolve(root, path.dirname(file), spec)));
}

describe('dependencies run one way', () => {
  it('finds the runtime files it checks', () => {
    expect(runtimeFiles).toContain(SEED_ENTRY);
    expect(runtimeFiles.length).toBeGreaterThan(50);
  });

  it('runtime code imports seed data and the catalogue only in the seed', () => {
    const offences = runtimeFiles
      .filter((file) => file !== SEED_ENTRY)
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => SEED_AND_CATALOGUE.some((dir) => target.startsWith(dir)))
          .map((target) => `${file} imports ${target}`),
      );
    expect(offences).toEqual([]);
  });

  it('runtime code never imports a test, a test helper or a benchmark', () => {
    const offences = runtimeFiles.flatMap((file) =>
      importsOf(file)
        .filter((target) => TEST_ONLY.some((dir) => target.startsWith(dir)) || /\.test(\.tsx?)?$/.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(offences).toEqual([]);
  });

  it('the runtime tree holds no test-only module', () => {
    const testOnly = runtimeFiles.filter((file) => /(^|\/)(testing|hardening|bench)\/|\.fixture\.ts$/.test(file));
    expect(testOnly).toEqual([]);
  });
});

describe('nothing reads outside the repository', () => {
  const sources = tracked('*.ts', '*.tsx', '*.mjs', '*.mts', '*.json', '.ci/*').filter(
    (file) => !file.startsWith('node_modules/') && file !== 'package-lock.json',
  );

  it('no file names the shared reference folder beside the checkout', () => {
    const offences = sources.filter(
      (file) =>
        /\.\.\/shared\b|shared\/reference/.test(readFileSync(path.join(root, file), 'utf8')) &&
        file !== 'test/architecture/dependencies.test.ts',
    );
    expect(offences).toEqual([]);
  });

  it("every path built from a file's own folder stays inside the repository", () => {
    const offences = sources.flatMap((file) => {
      const source = readFileSync(path.join(root, file), 'utf8');
      return [...source.matchAll(/(?:path\.(?:resolve|join)\(\s*import\.meta\.dirname,\s*|new URL\(\s*)'(\.{1,2}\/[^']*|\.\.)'/g)]
        .map((m) => path.resolve(root, path.dirname(file), m[1]!))
        .filter((target) => path.relative(root, target).startsWith('..'))
        .map((target) => `${file} reads ${target}`);
    });
    expect(offences).toEqual([]);
  });
});
