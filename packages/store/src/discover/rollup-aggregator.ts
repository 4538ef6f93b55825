/**
 * Counts events into Discover's rollup rows in memory: per tag key and value, hour, project and
 * environment, the number of events, the latest one and a sketch of their distinct users. The key
 * '' (value '') is every event, which ungrouped queries and time series read.
 *
 * Grouping by a tag shows events without it under '' (as Sentry does), so every key a project
 * has ever had also counts the events that lack it under value ''. A key seen for the first time
 * starts with a copy of the project's '' rows (every earlier event lacked it): in memory here for
 * this batch's earlier events, and in the database by the writer for everything committed before.
 * A project tracks at most MAX_KEYS_PER_PROJECT keys; later keys are not rolled up, and queries
 * grouping by them scan events instead (`discover-engine.ts`).
 */
import { hashUser, UserSketch } from './user-sketch';

export const MAX_KEYS_PER_PROJECT = 100;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The key (and value) of the rows that count every event. */
export const ALL_EVENTS = '';

export interface RollupEvent {
  projectId: number;
  /** Epoch ms. */
  timestamp: number;
  environment: string | null;
  userKey: string | null;
  tags: ReadonlyArray<readonly [string, string]>;
}

export interface RollupEntry {
  key: string;
  value: string;
  projectId: number;
  environment: string;
  /** Start of the hour (or day) in epoch ms. */
  bucket: number;
  events: number;
  lastSeen: number;
  users: UserSketch;
}

/** The keys each project tracked before this batch (the writer keeps them from the database). */
export type KnownKeys = (projectId: number) => ReadonlySet<string>;

export class RollupAggregator {
  readonly entries = new Map<string, RollupEntry>();
  /** Keys seen for the first time in this batch, in order. */
  readonly discovered: Array<{ projectId: number; key: string }> = [];
  private readonly fresh = new Map<number, Set<string>>();

  constructor(private readonly known: KnownKeys) {}

  private isKnown(projectId: number, key: string): boolean {
    return this.known(projectId).has(key) || (this.fresh.get(projectId)?.has(key) ?? false);
  }

  add(event: RollupEvent): void {
    const { projectId } = event;
    const hour = Math.floor(event.timestamp / HOUR_MS) * HOUR_MS;
    const environment = event.environment ?? '';
    const user = event.userKey === null ? null : hashUser(event.userKey);
    const present = new Set<string>();
    for (const [key] of event.tags) {
      if (key === ALL_EVENTS || this.isKnown(projectId, key)) continue;
      const tracked = this.known(projectId).size + (this.fresh.get(projectId)?.size ?? 0);
      if (tracked < MAX_KEYS_PER_PROJECT) this.discover(projectId, key);
    }
    this.count(ALL_EVENTS, ALL_EVENTS, projectId, environment, hour, event.timestamp, user);
    for (const [key, value] of event.tags) {
      if (present.has(key) || !this.isKnown(projectId, key)) continue;
      present.add(key);
      this.count(key, value, projectId, environment, hour, event.timestamp, user);
    }
    for (const keys of [this.known(projectId), this.fresh.get(projectId)]) {
      for (const key of keys ?? []) {
        if (!present.has(key)) this.count(key, '', projectId, environment, hour, event.timestamp, user);
      }
    }
  }

  /** The keys this batch saw for the first time, per project. */
  freshKeys(): ReadonlyMap<number, ReadonlySet<string>> {
    return this.fresh;
  }

  private discover(projectId: number, key: string): void {
    let fresh = this.fresh.get(projectId);
    if (!fresh) {
      fresh = new Set();
      this.fresh.set(projectId, fresh);
    }
    fresh.add(key);
    this.discovered.push({ projectId, key });
    // This batch's earlier events of the project lacked the key.
    for (const entry of [...this.entries.values()]) {
      if (entry.key !== ALL_EVENTS || entry.projectId !== projectId) continue;
      const copy = this.entry(key, '', projectId, entry.environment, entry.bucket);
      copy.events += entry.events;
      copy.lastSeen = Math.max(copy.lastSeen, entry.lastSeen);
      copy.users.merge(entry.users);
    }
  }

  private entry(
    key: string,
    value: string,
    projectId: number,
    environment: string,
    bucket: number,
  ): RollupEntry {
    const id = `${bucket}\u0000${projectId}\u0000${environment}\u0000${key}\u0000${value}`;
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { key, value, projectId, environment, bucket, events: 0, lastSeen: 0, users: new UserSketch() };
      this.entries.set(id, entry);
    }
    return entry;
  }

  private count(
    key: string,
    value: string,
    projectId: number,
    environment: string,
    hour: number,
    timestamp: number,
    user: number | null,
  ): void {
    const entry = this.entry(key, value, projectId, environment, hour);
    entry.events += 1;
    if (timestamp > entry.lastSeen) entry.lastSeen = timestamp;
    if (user !== null) entry.users.add(user);
  }

  /** The hour entries summed per day, for the day tier. */
  dayEntries(): RollupEntry[] {
    const days = new Map<string, RollupEntry>();
    for (const entry of this.entries.values()) {
      const bucket = Math.floor(entry.bucket / DAY_MS) * DAY_MS;
      const id = `${bucket}\u0000${entry.projectId}\u0000${entry.environment}\u0000${entry.key}\u0000${entry.value}`;
      let day = days.get(id);
      if (!day) {
        day = { ...entry, bucket, events: 0, lastSeen: 0, users: new UserSketch() };
        days.set(id, day);
      }
      day.events += entry.events;
      day.lastSeen = Math.max(day.lastSeen, entry.lastSeen);
      day.users.merge(entry.users);
    }
    return [...days.values()];
  }
}
