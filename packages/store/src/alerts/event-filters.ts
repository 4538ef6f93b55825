/**
 * A rule's environment and filters against the arriving event, as Sentry's level, tagged-event and
 * event-attribute filters judge them: string matches ignore case; a tag may carry several values
 * (any one matching satisfies the positive matches, none may match the negative ones). Compiled
 * once per rule when the rules load, so judging an event does no parsing or lowercasing of the
 * rule's own values.
 */

import { ALERT_LEVELS, type AlertFilter, type AlertLevel, type StringMatch } from '@dexter/contracts';
import type { EventToWrite } from '../ingest/write/event-writer';

export type EventPredicate = (event: EventToWrite) => boolean;

/** One predicate for the rule's environment (null: any) and all its filters. */
export function compileEventPredicate(
  environment: string | null,
  filters: readonly AlertFilter[],
): EventPredicate {
  const parts = filters.map(compileFilter);
  if (environment !== null) parts.unshift((event) => event.environment === environment);
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0]!;
  return (event) => {
    for (const part of parts) if (!part(event)) return false;
    return true;
  };
}

function compileFilter(filter: AlertFilter): EventPredicate {
  switch (filter.type) {
    case 'level': {
      const wanted = ALERT_LEVELS[filter.level];
      const compare =
        filter.match === 'eq'
          ? (level: number) => level === wanted
          : filter.match === 'gte'
            ? (level: number) => level >= wanted
            : (level: number) => level <= wanted;
      return (event) => {
        const level = ALERT_LEVELS[event.issue.level as AlertLevel];
        return level !== undefined && compare(level);
      };
    }
    case 'tag': {
      const matches = compileMatch(filter.match, filter.value);
      const key = filter.key;
      return (event) => {
        const values: string[] = [];
        for (const [k, value] of event.tags) if (k === key) values.push(value.toLowerCase());
        return matches(values);
      };
    }
    case 'release': {
      const matches = compileMatch(filter.match, filter.value);
      return (event) => matches(event.release === null ? [] : [event.release.toLowerCase()]);
    }
  }
}

/** A string match over values already lowercased. */
function compileMatch(match: StringMatch, wanted: string): (lower: readonly string[]) => boolean {
  const want = wanted.toLowerCase();
  switch (match) {
    case 'is':
      return (lower) => lower.length > 0;
    case 'ns':
      return (lower) => lower.length === 0;
    case 'eq':
      return (lower) => lower.includes(want);
    case 'ne':
      return (lower) => !lower.includes(want);
    case 'co':
      return (lower) => lower.some((v) => v.includes(want));
    case 'nc':
      return (lower) => !lower.some((v) => v.includes(want));
    case 'sw':
      return (lower) => lower.some((v) => v.startsWith(want));
    case 'ew':
      return (lower) => lower.some((v) => v.endsWith(want));
  }
}
