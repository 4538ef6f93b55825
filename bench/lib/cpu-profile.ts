/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) into the figures that say where a server's time
 * goes: self time per function, inclusive time per function (each function counted once per
 * sample, so recursion is not double-counted), and self time per package (a `node_modules`
 * package, a workspace package, Node internals, or V8's own buckets such as GC and idle).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const ProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
  /** Microseconds on the monotonic clock, the one `process.hrtime` reads in every process. */
  startTime: z.number(),
});

/** A part of the run, in microseconds of `process.hrtime.bigint() / 1000n` (any process's). */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export interface TimeShare {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  self: TimeShare[];
  inclusive: TimeShare[];
  byPackage: TimeShare[];
}

/** `window`: only the samples taken inside it (e.g. a bench's measured seconds). */
export function summarizeCpuProfile(path: string, top = 25, window?: ProfileWindow): ProfileSummary {
  const profile = ProfileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  let at = profile.startTime;
  for (const [i, sampleId] of profile.samples.entries()) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const node = nodes.get(sampleId);
    if (!node) continue;
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    add(self, frameName(node.callFrame), ms);
    add(byPackage, packageOf(node.callFrame), ms);
    const seen = new Set<string>();
    for (let id: number | undefined = sampleId; id !== undefined; id = parent.get(id)) {
      const frame = nodes.get(id)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const name = frameName(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      add(inclusive, name, ms);
    }
  }
  const busyMs = totalMs - idleMs;
  const rank = (map: Map<string, number>, n: number): TimeShare[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms, percent: busyMs > 0 ? (100 * ms) / busyMs : 0 }));
  return {
    totalMs,
    idleMs,
    self: rank(self, top),
    inclusive: rank(inclusive, top * 2),
    byPackage: rank(byPackage, top),
  };
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function frameName(frame: { functionName: string; url: string; lineNumber: number }): string {
  const where = frame.url === '' ? '' : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const workspace = /\/(packages|apps)\/(.+)$/.exec(path);
  return workspace ? `${workspace[1]}/${workspace[2]}` : path;
}

function packageOf(frame: { functionName: string; url: string }): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native/builtin)';
  if (frame.url.startsWith('node:')) return 'node internals';
  const modules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (modules?.[1]) return modules[1];
  const workspace = /\/(packages|apps)\/([^/]+)\/src\/(?:(features|ingest|api|db)\/)?([^/]+)/.exec(frame.url);
  if (workspace) return `${workspace[1]}/${workspace[2]}${workspace[3] ? `/${workspace[3]}` : ''}`;
  return 'other';
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const busy = summary.totalMs - summary.idleMs;
  const table = (title: string, rows: TimeShare[]) =>
    [
      `${title}`,
      ...rows.map(
        (row) => `  ${row.percent.toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`,
      ),
    ].join('\n');
  return [
    `profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (percentages are of busy time)`,
    table('self time by package:', summary.byPackage),
    table('self time by function:', summary.self),
    table('inclusive time by function:', summary.inclusive),
  ].join('\n');
}
