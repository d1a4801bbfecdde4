import { readFileSync } from 'node:fs';

/**
 * How much of the machine other work took while the bench measured. The load average alone
 * cannot tell: the bench's own server and load generator keep it near the core count. So the
 * CPU time the whole machine used (/proc/stat) is compared with the bench's own (this process
 * and every child it has reaped, /proc/self/stat): the difference is everyone else's. Linux only;
 * elsewhere the load average is all there is.
 */
export interface CpuSample {
  /** Clock ticks since boot: all CPUs busy, all CPUs in total (busy + idle). */
  machineBusy: number;
  machineTotal: number;
  /** Clock ticks this process and its reaped children used (utime + stime + cutime + cstime). */
  own: number;
}

export function cpuSample(): CpuSample | null {
  try {
    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is
    // already inside user, so the first eight are the total.
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // The command name in parentheses may hold spaces: fields are counted after its closing one.
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self
      .slice(self.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // Fields 14–17 of proc(5) (utime stime cutime cstime) are the 12th–15th after the name.
    const own = fields[11]! + fields[12]! + fields[13]! + fields[14]!;
    return {
      machineBusy: user + nice + system + irq + softirq + steal,
      machineTotal: user + nice + system + idle + iowait + irq + softirq + steal,
      own,
    };
  } catch {
    return null;
  }
}

/** The share (0–1) of all the machine's CPU time between two samples that other processes used, or null off Linux. */
export function othersShare(from: CpuSample | null, to: CpuSample | null): number | null {
  if (!from || !to) return null;
  const total = to.machineTotal - from.machineTotal;
  if (total <= 0) return null;
  return Math.max(0, to.machineBusy - from.machineBusy - (to.own - from.own)) / total;
}
