/**
 * How busy the machine was around a measurement, apart from the bench: whole-machine busy CPU
 * (/proc/stat) minus what the bench's own processes used (/proc/<pid>/stat), per second of wall
 * time. On a shared machine this is what says whether two runs can be compared. Linux only.
 */
import { readCpuSeconds, readMachineCpuSeconds } from '../lib/proc-stats';

export interface LoadReading {
  /** Cores' worth of CPU that other processes used meanwhile. */
  otherCores: number;
  /** Cores' worth of CPU the bench's processes used meanwhile. */
  benchCores: number;
}

export function startLoadMeter(pids: readonly number[]): () => LoadReading {
  const benchCpu = () => pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
  const started = performance.now();
  const machineAtStart = readMachineCpuSeconds().busy;
  const benchAtStart = benchCpu();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const bench = benchCpu() - benchAtStart;
    const machine = readMachineCpuSeconds().busy - machineAtStart;
    return { otherCores: Math.max(0, machine - bench) / seconds, benchCores: bench / seconds };
  };
}
