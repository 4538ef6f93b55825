/**
 * Resident memory of the processes a server started (the TypeScript loader's esbuild service,
 * for one), which its own VmRSS/VmHWM leave out: the ingest figures report them beside the
 * server's, so memory moved into a child process cannot pass for memory saved. Linux only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readMemory } from '../lib/proc-stats';

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 (ppid) follows the parenthesized command name, which may contain spaces.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Every live descendant of `pid`. */
export function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    if (!Number.isInteger(child)) continue;
    const parent = parentOf(child);
    if (parent !== undefined) parents.set(child, parent);
  }
  const found: number[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const current = frontier.pop()!;
    for (const [child, parent] of parents) {
      if (parent === current) {
        found.push(child);
        frontier.push(child);
      }
    }
  }
  return found;
}

/** Current RSS of all descendants of `pid` together, in bytes. */
export function descendantsRssBytes(pid: number): number {
  let total = 0;
  for (const child of descendantsOf(pid)) {
    try {
      total += readMemory(child).rssBytes;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}
