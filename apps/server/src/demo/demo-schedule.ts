/**
 * When each demo error and session happens: two weeks of hourly traffic with a daily rhythm, per
 * service, environment and release (`demo-releases.ts`). Counts are Poisson draws from a seeded
 * generator, so every seeding gives the same history shifted to "now". The shape is what a
 * triager would meet: issues that start with a release, one fixed by a release, and a release
 * (shop@1.5.0 in production) whose deploy clearly raises the error rate, with more crashed
 * sessions than the release before it.
 */
import { type DemoEnvironment, releaseAt } from './demo-releases';

const HOUR_MS = 3_600_000;
/** A little under 14 days, so that a "last 14 days" view holds all of it. */
export const HISTORY_HOURS = 13 * 24 + 20;
const SESSION_HOURS = 72;
const ENVIRONMENT_SHARE: Record<DemoEnvironment, number> = { production: 1, staging: 0.3 };

export interface DemoScenarioRate {
  /** The scenario's name in `demo-app.ts`. */
  name: string;
  /** Events per hour in production at the daily peak, before release effects. */
  perHour: number;
  withUser: boolean;
  unhandled?: boolean;
  /** Releases in which the bug exists; all of them when absent. */
  releases?: string[];
  /** Multipliers of the rate per release. */
  boost?: Record<string, number>;
}

export const DEMO_RATES: Record<string, DemoScenarioRate[]> = {
  storefront: [
    { name: 'checkout', perHour: 0.5, withUser: true, boost: { 'shop@1.5.0': 3 } },
    { name: 'cart-preview', perHour: 0.35, withUser: true },
    { name: 'list-orders', perHour: 0.45, withUser: false, releases: ['shop@1.3.0', 'shop@1.4.0'] },
    { name: 'signup', perHour: 0.3, withUser: true },
    { name: 'parse-page', perHour: 24, withUser: false, releases: ['shop@1.5.0'] },
  ],
  payments: [
    { name: 'charge-card', perHour: 0.45, withUser: true, unhandled: true },
    { name: 'list-orders', perHour: 0.25, withUser: false, releases: ['shop@1.3.0', 'shop@1.4.0'] },
  ],
  invoicing: [
    { name: 'render-invoice', perHour: 0.4, withUser: false, releases: ['shop@1.4.0', 'shop@1.5.0'] },
    { name: 'checkout', perHour: 0.15, withUser: true, boost: { 'shop@1.5.0': 3 } },
  ],
};

/** Share of sessions that crash, per release: 1.5.0 is the bad one. */
const CRASH_RATE: Record<string, number> = { 'shop@1.3.0': 0.01, 'shop@1.4.0': 0.015, 'shop@1.5.0': 0.07 };
const ERRORED_RATE = 0.06;

export interface ScheduledError {
  scenario: DemoScenarioRate;
  /** Epoch ms. */
  at: number;
  release: string;
  environment: DemoEnvironment;
  /** Index into the demo's users, when the scenario has users. */
  user: number;
}

export interface ScheduledSession {
  started: number;
  release: string;
  environment: DemoEnvironment;
  user: number;
  status: 'exited' | 'errored' | 'crashed';
}

export const DEMO_USER_COUNT = 40;

/** mulberry32: small, fast and good enough for demo data. */
function seededRandom(seedText: string): () => number {
  let seed = [...seedText].reduce(
    (hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16_777_619),
    2_166_136_261,
  );
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Knuth's method; the demo's rates are small. */
function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random(); product > limit; product *= random()) count++;
  return count;
}

/** Traffic by hour of day (UTC): quiet at night, busiest mid-afternoon. */
function dailyRhythm(at: number): number {
  const hour = new Date(at).getUTCHours();
  return 0.35 + 0.65 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) ** 2 + 0.1;
}

/** Hour slots from `hours` ago up to now, with the release live in each environment. */
function* hourSlots(now: number, hours: number) {
  for (let slot = hours - 1; slot >= 0; slot--) {
    const start = now - (slot + 1) * HOUR_MS;
    for (const environment of ['production', 'staging'] as const) {
      const release = releaseAt(environment, slot + 0.5);
      if (release !== null) yield { start, environment, release, rhythm: dailyRhythm(start) };
    }
  }
}

const within = (start: number, now: number, random: () => number) =>
  Math.min(now - 1_000, Math.floor(start + random() * HOUR_MS));

export function scheduleErrors(service: string, now: number): ScheduledError[] {
  const random = seededRandom(`errors:${service}`);
  const errors: ScheduledError[] = [];
  for (const { start, environment, release, rhythm } of hourSlots(now, HISTORY_HOURS)) {
    for (const scenario of DEMO_RATES[service] ?? []) {
      if (scenario.releases && !scenario.releases.includes(release)) continue;
      const mean =
        scenario.perHour * ENVIRONMENT_SHARE[environment] * rhythm * (scenario.boost?.[release] ?? 1);
      for (let n = poisson(random, mean); n > 0; n--) {
        const user = Math.floor(random() * DEMO_USER_COUNT);
        errors.push({ scenario, at: within(start, now, random), release, environment, user });
      }
    }
  }
  return errors.sort((a, b) => a.at - b.at);
}

export function scheduleSessions(service: string, now: number): ScheduledSession[] {
  const random = seededRandom(`sessions:${service}`);
  const sessions: ScheduledSession[] = [];
  for (const { start, environment, release, rhythm } of hourSlots(now, SESSION_HOURS)) {
    for (let n = poisson(random, 4 * ENVIRONMENT_SHARE[environment] * rhythm); n > 0; n--) {
      const roll = random();
      const crash = CRASH_RATE[release] ?? 0.01;
      const status = roll < crash ? 'crashed' : roll < crash + ERRORED_RATE ? 'errored' : 'exited';
      const user = Math.floor(random() * DEMO_USER_COUNT);
      sessions.push({ started: within(start, now, random), release, environment, user, status });
    }
  }
  return sessions;
}
