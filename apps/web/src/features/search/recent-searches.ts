/**
 * Recent searches of one organization, newest first, kept in localStorage (this browser only).
 * The list logic is pure; `loadRecentSearches` / `saveRecentSearch` are its storage edge and
 * never throw (private mode or a full quota simply means no history).
 */
export const MAX_RECENT_SEARCHES = 8;

export function withRecentSearch(list: readonly string[], query: string): string[] {
  const trimmed = query.trim();
  if (trimmed === '') return [...list];
  return [trimmed, ...list.filter((item) => item !== trimmed)].slice(0, MAX_RECENT_SEARCHES);
}

/** Recent searches that start with what is typed (all of them for an empty box). */
export function matchingRecentSearches(list: readonly string[], typed: string): string[] {
  const prefix = typed.trim().toLowerCase();
  return list.filter((item) => item.toLowerCase().startsWith(prefix) && item !== typed.trim());
}

const storageKey = (org: string) => `dexter.recentSearches.${org}`;

export function loadRecentSearches(org: string): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(org)) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((item): item is string => typeof item === 'string').slice(0, MAX_RECENT_SEARCHES)
      : [];
  } catch {
    return [];
  }
}

export function saveRecentSearch(org: string, query: string): string[] {
  const next = withRecentSearch(loadRecentSearches(org), query);
  try {
    localStorage.setItem(storageKey(org), JSON.stringify(next));
  } catch {
    // No storage: the list lives for this page only.
  }
  return next;
}
