import { describe, expect, it } from 'vitest';
import { discoverLinkOfIssue, discoverLinkOfSearch } from './discover-links';

const paramsOf = (href: string) => new URL(href, 'http://dexter').searchParams;

describe('Open in Discover', () => {
  it('takes the stream’s event conditions, its projects and its period', () => {
    const href = discoverLinkOfSearch('acme', {
      search: 'is:unresolved level:error environment:prod lastSeen:-7d timeout',
      period: '7d',
      projectSlugs: ['api', 'web'],
    });
    expect(href.startsWith('/acme/discover?field=title&field=issue.id&field=count()')).toBe(true);
    const params = paramsOf(href);
    expect(params.get('query')).toBe('level:error environment:prod timeout project:[api, web]');
    expect(params.get('statsPeriod')).toBe('7d');
  });

  it('opens an issue’s events by release, for the last 14 days unless the stream says otherwise', () => {
    expect(paramsOf(discoverLinkOfIssue('acme', 'API-1A')).get('query')).toBe('issue:API-1A');
    const all = paramsOf(
      discoverLinkOfSearch('acme', { search: 'is:unresolved', period: null, projectSlugs: [] }),
    );
    expect([all.get('query'), all.get('statsPeriod')]).toEqual([null, '14d']);
  });
});
