/**
 * Which of two releases is newer, as Sentry decides it for resolutions and regressions
 * (`GroupResolution.has_resolution`, `get_release_to_resolve_by`): by semantic version when both
 * versions parse as one (`package@1.2.3-rc.1+build`, 1 to 4 numeric parts, the package ignored),
 * otherwise by date: `COALESCE(date_released, date_added)` of the release record, or, for a version
 * events named without anyone creating its record, when the project first saw it.
 *
 * Pure: no database, no clock. `release-facts.ts` reads the dates.
 */

export interface OrderedRelease {
  version: string;
  /** Epoch ms the release is ordered by (see above). */
  date: number;
}

interface Semver {
  parts: [number, number, number, number];
  pre: string[];
}

const SEMVER =
  /^(\d{1,15})(?:\.(\d{1,15}))?(?:\.(\d{1,15}))?(?:\.(\d{1,15}))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** The version part of `package@version` (the last `@`, as Relay's `parse_release` splits it). */
const versionPart = (version: string) => version.slice(version.lastIndexOf('@') + 1);

export function parseSemver(version: string): Semver | null {
  const match = SEMVER.exec(versionPart(version));
  if (!match) return null;
  const number = (text: string | undefined) => (text === undefined ? 0 : Number(text));
  return {
    parts: [number(match[1]), number(match[2]), number(match[3]), number(match[4])],
    pre: match[5] === undefined ? [] : match[5].split('.'),
  };
}

/** SemVer 2.0 precedence of pre-release identifiers: none ranks above any. */
function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (!nx && x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 4; i++) {
    const diff = a.parts[i]! - b.parts[i]!;
    if (diff !== 0) return Math.sign(diff);
  }
  return Math.sign(comparePre(a.pre, b.pre));
}

/** Negative when `a` is older than `b`, positive when newer, 0 when neither. */
export function compareReleases(a: OrderedRelease, b: OrderedRelease): number {
  if (a.version === b.version) return 0;
  const [sa, sb] = [parseSemver(a.version), parseSemver(b.version)];
  if (sa && sb) {
    const bySemver = compareSemver(sa, sb);
    if (bySemver !== 0) return bySemver;
  }
  return Math.sign(a.date - b.date);
}

/**
 * The newest of `releases`: by semver when every one parses as semver (Sentry's "project follows
 * semver"), else by date; the later in the list wins a tie. Null for none.
 */
export function latestRelease(releases: readonly OrderedRelease[]): OrderedRelease | null {
  const semver = releases.every((release) => parseSemver(release.version) !== null);
  let latest: OrderedRelease | null = null;
  for (const release of releases) {
    if (latest === null) {
      latest = release;
      continue;
    }
    const order = semver ? compareReleases(release, latest) : Math.sign(release.date - latest.date) || 0;
    if (order >= 0) latest = release;
  }
  return latest;
}
