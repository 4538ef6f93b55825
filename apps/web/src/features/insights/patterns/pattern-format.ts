/** Words for the patterns cards: schedules, offsets and times, all in UTC as the server computes. */

const pad = (value: number) => String(value).padStart(2, '0');

/** "every day at 02:10 UTC" or "every hour at :15". */
export function scheduleOf(period: 'daily' | 'hourly', phaseMinutes: number): string {
  const minutes = ((Math.round(phaseMinutes) % 1440) + 1440) % 1440;
  if (period === 'hourly') return `every hour at :${pad(minutes % 60)}`;
  return `every day at ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)} UTC`;
}

/** "25 min before the start", "2 h 5 min after the start", "at the start". */
export function offsetOf(offsetMinutes: number): string {
  const size = Math.abs(Math.round(offsetMinutes));
  if (size === 0) return 'at the start';
  const hours = Math.floor(size / 60);
  const minutes = size % 60;
  const length = [hours > 0 ? `${hours} h` : '', minutes > 0 ? `${minutes} min` : '']
    .filter(Boolean)
    .join(' ');
  return `${length} ${offsetMinutes < 0 ? 'before' : 'after'} the start`;
}

/** "Dec 7, 14:00 UTC": a pattern's hour, without the year. */
export function hourOf(iso: string): string {
  const date = new Date(iso);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${month} ${date.getUTCDate()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** "12 events (expected 0.4)". */
export function spikeSummary(count: number, expected: number): string {
  return `${count.toLocaleString('en-US')} events in an hour (usually ${expected.toLocaleString('en-US')})`;
}
