/**
 * Fills a built-in store's data directory before Dexter opens it, through the store's own ingest
 * path minus HTTP: each event is prepared exactly as the ingest workers prepare a `/store/` body
 * (decode, normalize, group, compress the raw payload: `prepareIngest`) and committed through the
 * store's batching write queue, which creates and counts the issues the same way as live ingest.
 * Preparation runs in the store's own worker pool, as in the server. 100,000 events over HTTP
 * would take minutes; this is several times faster and writes the same rows.
 *
 * The shape of the data: one defect per issue across several projects; first occurrences spread
 * over the last `spanDays`; extra occurrences drawn from a Zipf law (a few loud issues, a long
 * tail), so counts, users and last-seen times vary like production. Two releases, two environments.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPreparePool,
  createStore,
  defaultIngestLimits,
  defaultIngestWorkers,
  newEventId,
} from '@dexter/store/testing';
import { pick, seededRng, zipfSampler } from '../lib/random';
import { buildDefect, buildOccurrence, type TriageDefect } from './triage-events';

export interface SeedPlan {
  issues: number;
  /** Extra events per issue on average, on top of the first occurrence of each. */
  extraEventsPerIssue: number;
  /** The first is the store's bootstrap project. */
  projectSlugs: string[];
  spanDays: number;
  seed: number;
}

export interface SeededStore {
  issues: number;
  events: number;
  seconds: number;
  projects: Array<{ id: string; slug: string; issues: number }>;
  /** Every issue id, most recently seen first (the stream's default order). */
  issueIds: string[];
}

const DAY_MS = 86_400_000;
/** Events in preparation or waiting for their commit: enough to fill the 200-event commits. */
const IN_FLIGHT = 1000;

export async function seedStore(dataDir: string, plan: SeedPlan): Promise<SeededStore> {
  const started = performance.now();
  const [firstSlug, ...otherSlugs] = plan.projectSlugs;
  if (!firstSlug) throw new Error('a seed plan needs at least one project');
  const store = await createStore({ dataDir, ingestWorkers: 0 });
  const pool = createPreparePool({
    workers: defaultIngestWorkers(),
    maxPending: IN_FLIGHT,
    limits: defaultIngestLimits,
  });
  try {
    // The URL only shapes DSNs in bootstrap.json; Dexter rewrites them with its own at start.
    const publicUrl = 'http://127.0.0.1:9';
    const boot = await store.bootstrap({ publicUrl, projectSlug: firstSlug });
    const projects = [boot.projects[0]!.id];
    for (const slug of otherSlugs) projects.push((await store.ensureProject(boot.org, slug, publicUrl)).id);

    const now = Date.now();
    const rng = seededRng(plan.seed);
    const taken = new Set<string>();
    const defects: TriageDefect[] = [];
    const firstSeen: number[] = [];
    let events = 0;
    let inFlight: Promise<unknown>[] = [];
    const send = async (issue: number, at: number) => {
      const defect = defects[issue]!;
      const event = buildOccurrence(defect, rng, {
        eventId: newEventId(),
        at,
        release: at > now - plan.spanDays * DAY_MS * 0.3 ? 'shop@2.4.0' : 'shop@2.3.1',
        environment: rng() < 0.8 ? 'production' : 'staging',
      });
      const projectId = Number(projects[issue % projects.length]);
      const task = {
        kind: 'store' as const,
        body: Buffer.from(JSON.stringify(event)),
        contentEncoding: undefined,
        context: { projectId, receivedAt: now },
      };
      events += 1;
      inFlight.push(
        pool.run(task).then((prepared) => {
          const item = prepared.items[0];
          if (!item?.ok) throw new Error(`seed event was refused: ${JSON.stringify(item)}`);
          return store.queue.submit(item.event);
        }),
      );
      if (inFlight.length >= IN_FLIGHT) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    };

    for (let i = 0; i < plan.issues; i++) {
      defects.push(buildDefect(i, taken));
      // Older issues are rarer than recent ones: squaring skews first sightings toward now.
      const at = now - rng() ** 2 * plan.spanDays * DAY_MS;
      firstSeen.push(at);
      await send(i, at);
    }
    const loud = zipfSampler(plan.issues, 1.1, rng);
    const extra = Math.round(plan.issues * plan.extraEventsPerIssue);
    for (let k = 0; k < extra; k++) {
      // The Zipf rank is shuffled over the issues so loud issues are spread over projects and time.
      const issue = (loud() * 7919 + 13) % plan.issues;
      const from = firstSeen[issue]!;
      await send(issue, from + rng() * (now - from));
    }
    await Promise.all(inFlight);

    const rows = await store.db
      .selectFrom('issues')
      .select(['id', 'project_id'])
      .orderBy('last_seen', 'desc')
      .execute();
    const perProject = new Map<number, number>();
    for (const row of rows) perProject.set(row.project_id, (perProject.get(row.project_id) ?? 0) + 1);
    return {
      issues: rows.length,
      events,
      seconds: (performance.now() - started) / 1000,
      projects: projects.map((id, i) => ({
        id,
        slug: plan.projectSlugs[i]!,
        issues: perProject.get(Number(id)) ?? 0,
      })),
      issueIds: rows.map((row) => String(row.id)),
    };
  } finally {
    await pool.close();
    await store.close();
  }
}

/** A few distinct issue ids spread over the whole list (for detail opens). */
export function spreadSample(ids: readonly string[], count: number, seed: number): string[] {
  const rng = seededRng(seed);
  const picked = new Set<string>();
  while (picked.size < Math.min(count, ids.length)) picked.add(pick(rng, ids));
  return [...picked];
}

/** Bump when the generator or the seeding changes, so a cache never serves another data set. */
const SEED_VERSION = 1;
const SEED_FILES = ['store.sqlite', 'bootstrap.json'];

/**
 * `seedStore`, or a copy of an earlier seeding of the same plan kept in `cacheDir` (opt-in: the
 * 100,000-issue store is over a gigabyte). The copy is the same database, so what is measured on
 * it does not change; only the minute of seeding is saved.
 */
export async function seedStoreCached(
  dataDir: string,
  plan: SeedPlan,
  cacheDir: string | null,
): Promise<SeededStore & { fromCache: boolean }> {
  if (!cacheDir) return { ...(await seedStore(dataDir, plan)), fromCache: false };
  const key = createHash('sha256').update(JSON.stringify({ SEED_VERSION, plan })).digest('hex').slice(0, 16);
  const entry = join(cacheDir, `triage-seed-${key}`);
  const summary = join(entry, 'seeded.json');
  if (existsSync(summary)) {
    const started = performance.now();
    for (const file of SEED_FILES) copyFileSync(join(entry, file), join(dataDir, file));
    const seeded = JSON.parse(readFileSync(summary, 'utf8')) as SeededStore;
    return { ...seeded, seconds: (performance.now() - started) / 1000, fromCache: true };
  }
  const seeded = await seedStore(dataDir, plan);
  mkdirSync(entry, { recursive: true });
  for (const file of SEED_FILES) copyFileSync(join(dataDir, file), join(entry, file));
  writeFileSync(summary, JSON.stringify(seeded));
  return { ...seeded, fromCache: false };
}
