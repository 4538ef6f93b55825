/**
 * A rule's filters against the arriving event, as Sentry's level, tagged-event and event-attribute
 * filters judge them: string matches ignore case; a tag may carry several values (any one
 * matching satisfies the positive matches, none may match the negative ones).
 */

import { ALERT_LEVELS, type AlertFilter, type AlertLevel, type StringMatch } from '@dexter/contracts';
import type { EventToWrite } from '../ingest/write/event-writer';

export function matchesFilters(filters: readonly AlertFilter[], event: EventToWrite): boolean {
  for (const filter of filters) if (!matchesFilter(filter, event)) return false;
  return true;
}

function matchesFilter(filter: AlertFilter, event: EventToWrite): boolean {
  switch (filter.type) {
    case 'level': {
      const level = ALERT_LEVELS[event.issue.level as AlertLevel];
      if (level === undefined) return false;
      const wanted = ALERT_LEVELS[filter.level];
      return filter.match === 'eq'
        ? level === wanted
        : filter.match === 'gte'
          ? level >= wanted
          : level <= wanted;
    }
    case 'tag':
      return matchesValues(
        filter.match,
        event.tags.filter(([key]) => key === filter.key).map(([, value]) => value),
        filter.value,
      );
    case 'release':
      return matchesValues(filter.match, event.release === null ? [] : [event.release], filter.value);
  }
}

export function matchesValues(match: StringMatch, values: readonly string[], wanted: string): boolean {
  const want = wanted.toLowerCase();
  const lower = values.map((v) => v.toLowerCase());
  switch (match) {
    case 'is':
      return lower.length > 0;
    case 'ns':
      return lower.length === 0;
    case 'eq':
      return lower.includes(want);
    case 'ne':
      return !lower.includes(want);
    case 'co':
      return lower.some((v) => v.includes(want));
    case 'nc':
      return !lower.some((v) => v.includes(want));
    case 'sw':
      return lower.some((v) => v.startsWith(want));
    case 'ew':
      return lower.some((v) => v.endsWith(want));
  }
}
