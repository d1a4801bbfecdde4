import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sandbox/**/*.test.ts', 'scenarios/**/*.test.ts', 'fixtures/**/*.test.ts', 'steps/**/*.test.ts', 'test/**/*.test.ts'],
    // Vitest's default is one worker fewer than the cores: one worker on a two-core machine, where
    // most test files wait on child processes, sockets and Chromium, leaving a core idle.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Each worker keeps the modules it has loaded from one test file to the next instead of starting
    // a fresh process per file: re-importing the sandbox's module graph cost about 1.3 s of CPU per
    // file (20 unit files: 47 s of CPU isolated, 21 s not). No test mocks modules, stubs globals or
    // changes process.env, and each starts its own sandbox, so nothing carries from file to file.
    isolate: false,
    // The entries the suite runs as child processes (the sandbox, the CLIs, the reference GP
    // driver), bundled once per run so each child starts without tsx (test/support/suite-bundle.ts).
    globalSetup: ['test/support/suite-bundle-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
