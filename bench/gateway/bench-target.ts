/** What every gateway bench section works against: Dexter, its credentials, and the fixtures behind it. */
import type { CompanionDexter } from './companion-dexter';
import type { Fixtures } from './fixtures';

export interface BenchTarget {
  dexter: CompanionDexter;
  fixtures: Fixtures;
  org: string;
}

export const apiV1 = (target: BenchTarget, rest: string) =>
  `/api/v1/organizations/${encodeURIComponent(target.org)}/${rest}`;

export const sessionHeaders = (target: BenchTarget): Record<string, string> => ({
  cookie: target.dexter.cookie,
});

export const tokenHeaders = (target: BenchTarget): Record<string, string> => ({
  authorization: `Bearer ${target.dexter.apiToken}`,
});

/** The bench's own processes: Dexter, the fixtures, and this client. */
export const benchPids = (target: BenchTarget) => [target.dexter.pid, target.fixtures.pid, process.pid];
