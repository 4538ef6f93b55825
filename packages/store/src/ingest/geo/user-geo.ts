/**
 * `user.geo` from the user's IP, as Relay's `normalize_user_geoinfo` fills it: only when the SDK
 * sent no geo of its own and an IP is known (an empty `user.geo: {}` from the SDK normalizes to
 * none and is filled too). Relay reads a City database; the country database gives
 * `country_code`, and `region` is the country's English name, as in Relay (a trap:
 * sentry-protocols-wave2.md §8.17), here from ICU's region names instead of the database.
 * The IP itself is not copied anywhere: it stays in the event, and dies with it.
 */
import type { NormalizedUser } from '../normalize/normalized-event';
import { type CountryLookup, defaultCountryLookup } from './country-lookup';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** The English name of an ISO 3166-1 alpha-2 code, or the code when ICU does not know it. */
export const countryName = (code: string): string => regionNames.of(code) ?? code;

export function withUserGeo(
  user: NormalizedUser | null,
  lookup: () => CountryLookup | null = defaultCountryLookup,
): NormalizedUser | null {
  if (user === null || user.geo !== null || user.ipAddress === null) return user;
  const countryCode = lookup()?.countryOf(user.ipAddress) ?? null;
  return countryCode === null ? user : { ...user, geo: { countryCode, region: countryName(countryCode) } };
}

/**
 * The tags of an event plus Sentry's `geo.country_code` (from `user.geo`, which replaces
 * an SDK tag of that key), so the tag endpoints count countries and `geo.country_code:XX` finds
 * issues. Not added to the event's own `tags`: Sentry shows geo under `user`, not as an event tag.
 */
export function withGeoTag(
  tags: Array<[string, string]>,
  user: NormalizedUser | null,
): Array<[string, string]> {
  const code = user?.geo?.countryCode;
  if (!code) return tags;
  return [...tags.filter(([key]) => key !== 'geo.country_code'), ['geo.country_code', code]];
}
