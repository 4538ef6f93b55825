/**
 * When a route's message may go out: quiet hours (a local start and end in the route's IANA time
 * zone; a start after the end spans midnight) hold messages until they end, and a digest period
 * (hourly: the next full hour; daily: the next `DAILY_DIGEST_AT` local time) holds them until the
 * period closes. A digest that would close inside quiet hours waits for their end. Pure: the
 * instant is a parameter; daylight-saving jumps are corrected by re-reading the local clock.
 */
export type DigestPeriod = 'off' | 'hourly' | 'daily';

export interface RouteSchedule {
  timeZone: string | null;
  quietStart: string | null;
  quietEnd: string | null;
  digest: DigestPeriod;
}

export const DAILY_DIGEST_AT = '09:00';
const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Minutes since local midnight at `at` in `zone`. */
export function localMinutes(at: number, zone: string): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

export const clockMinutes = (hhmm: string) => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return (hour ?? 0) * 60 + (minute ?? 0);
};

/** The first instant after `at` (to the minute) whose local clock in `zone` reads `hhmm`. */
export function nextLocal(at: number, zone: string, hhmm: string): number {
  const start = Math.floor(at / MINUTE) * MINUTE;
  const target = clockMinutes(hhmm);
  let delta = (target - localMinutes(start, zone) + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
  let candidate = start + delta * MINUTE;
  // A daylight-saving change in between moves the local clock by its offset: correct once.
  const drift = (target - localMinutes(candidate, zone) + DAY_MINUTES) % DAY_MINUTES;
  if (drift !== 0) {
    delta += drift > DAY_MINUTES / 2 ? drift - DAY_MINUTES : drift;
    candidate = start + delta * MINUTE;
  }
  return candidate;
}

export function inQuietHours(at: number, schedule: RouteSchedule): boolean {
  if (!schedule.quietStart || !schedule.quietEnd) return false;
  const local = localMinutes(at, schedule.timeZone ?? 'UTC');
  const start = clockMinutes(schedule.quietStart);
  const end = clockMinutes(schedule.quietEnd);
  if (start === end) return false;
  return start < end ? local >= start && local < end : local >= start || local < end;
}

/** Null to send now; otherwise the instant the message is due (as part of a digest). */
export function holdUntil(at: number, schedule: RouteSchedule): number | null {
  const zone = schedule.timeZone ?? 'UTC';
  let until: number | null = null;
  if (schedule.digest === 'hourly') until = (Math.floor(at / 3_600_000) + 1) * 3_600_000;
  else if (schedule.digest === 'daily') until = nextLocal(at, zone, DAILY_DIGEST_AT);
  const from = until ?? at;
  if (inQuietHours(from, schedule)) return nextLocal(from, zone, schedule.quietEnd!);
  return until;
}
