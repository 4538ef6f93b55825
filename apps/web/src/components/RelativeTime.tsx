import { formatRelativeTime, toIsoTime } from '../lib/relative-time';

interface RelativeTimeProps {
  value: string | null;
  now: number;
}

/** "5m ago", with the exact ISO time in `title` and `dateTime`. `now` comes from one `useNow` per page. */
export function RelativeTime({ value, now }: RelativeTimeProps) {
  const iso = toIsoTime(value);
  return (
    <time dateTime={iso} title={iso}>
      {formatRelativeTime(value, now)}
    </time>
  );
}
