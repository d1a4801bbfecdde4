import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sandbox/**/*.test.ts', 'scenarios/**/*.test.ts', 'fixtures/**/*.test.ts', 'steps/**/*.test.ts', 'test/**/*.test.ts'],
    // Vitest's default is one worker fewer than the cores: one worker on a two-core machine, where
    // most test files wait on child processes, sockets and Chromium, leaving a core idle.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
