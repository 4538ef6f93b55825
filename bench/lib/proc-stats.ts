/**
 * Reads another process's resource use from Linux /proc: resident memory now (VmRSS) and at its
 * peak (VmHWM, the kernel's high-water mark, so no sampling can miss a spike), and CPU time
 * (utime + stime) in seconds. Linux only; benches that use it say so.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface MemoryReading {
  rssBytes: number;
  peakRssBytes: number;
}

export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: statusKb(status, 'VmRSS') * 1024, peakRssBytes: statusKb(status, 'VmHWM') * 1024 };
}

function statusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`/proc status has no ${field} line`);
  return Number(match[1]);
}

let clockTicksPerSecond: number | undefined;

function clockTicks(): number {
  if (clockTicksPerSecond === undefined) {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    clockTicksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return clockTicksPerSecond;
}

/** User plus system CPU seconds the process has used so far (its threads included). */
export function readCpuSeconds(pid: number): number {
  const { user, system } = readCpuTimes(pid);
  return user + system;
}

/**
 * User and system CPU seconds apart. On a machine shared with other loopback-heavy work, system
 * time also carries softirq network processing done on the process's behalf for others' packets,
 * so user time is the steadier measure of what the process's own code costs.
 */
export function readCpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) is parenthesized and may contain spaces; count fields after its closing paren.
  // There, index 0 is field 3 (state), so utime (field 14) and stime (field 15) are 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc/${pid}/stat`);
  return { user: utime / clockTicks(), system: stime / clockTicks() };
}

/**
 * CPU seconds the whole machine has spent busy (all CPUs, steal included) and in total, from the
 * first line of /proc/stat. Subtracting the processes a bench knows about tells how much other
 * load ran beside it, which is what makes two runs on a shared machine comparable or not.
 */
export function readMachineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / clockTicks(), total: (busy + idle + iowait) / clockTicks() };
}
