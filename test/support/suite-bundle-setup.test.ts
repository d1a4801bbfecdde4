import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeAbandonedBundles } from './suite-bundle-setup';

describe("the suite's bundle folders", () => {
  it('removes the folder a killed run left, and keeps those of runs still going', () => {
    const reports = mkdtempSync(path.join(tmpdir(), 'reports-'));
    // A process that has ended: its pid names no running process (until reused, which the next run would find alive).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const abandoned = path.join(reports, `suite-bundle-${gone}-abc123`);
    const running = path.join(reports, `suite-bundle-${process.pid}-def456`);
    const unrelated = path.join(reports, 'bench');
    for (const dir of [abandoned, running, unrelated]) mkdirSync(dir);

    expect(removeAbandonedBundles(reports)).toEqual([path.basename(abandoned)]);
    expect([existsSync(abandoned), existsSync(running), existsSync(unrelated)]).toEqual([false, true, true]);
  });
});
