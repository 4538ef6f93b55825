/**
 * Where to go after signing in: the page the user was sent away from, carried in `?next=`. Only a
 * path on this site is followed (`/x`, not `//evil.example` or `https://...`), so a crafted
 * sign-in link cannot bounce the user to another site.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/^\/(sign-in|change-password)(\/|\?|$)/.test(next)) return '/';
  return next;
}

export const signInPathFor = (current: string) =>
  current === '/' ? '/sign-in' : `/sign-in?${new URLSearchParams({ next: current })}`;
