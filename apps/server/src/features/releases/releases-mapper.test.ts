import { ReleaseSchema } from '@dexter/sentry-wire';
import { describe, expect, it } from 'vitest';
import { toDeploy, toRelease } from './releases-mapper';

describe('release mapping', () => {
  it('fills every field of a release that carries only its version', () => {
    expect(toRelease(ReleaseSchema.parse({ version: '1.0' }))).toEqual({
      version: '1.0',
      shortVersion: '1.0',
      dateCreated: null,
      dateReleased: null,
      newGroups: 0,
      projects: [],
      lastDeploy: null,
      deployCount: 0,
      commitCount: 0,
      authors: [],
      health: null,
      lastDeploys: [],
    });
  });

  it('weighs each project’s health (percent, `health=1`) by the sessions it served', () => {
    const release = ReleaseSchema.parse({
      version: 'web@3',
      projects: [
        { id: 1, slug: 'web', healthData: { crashFreeSessions: 90, crashFreeUsers: 80, totalSessions: 100 } },
        {
          id: 2,
          slug: 'api',
          healthData: { crashFreeSessions: 100, crashFreeUsers: null, totalSessions: 300 },
        },
        { id: 3, slug: 'idle', healthData: { crashFreeSessions: null, totalSessions: 0 } },
      ],
    });
    expect(toRelease(release).health).toEqual({
      crashFreeSessions: 97.5,
      crashFreeUsers: 80,
      adoption: null,
      totalSessions: 400,
    });
  });

  it('reads an unnamed last deploy ("" in Sentry’s answer) as a deploy without a name', () => {
    const release = ReleaseSchema.parse({
      version: 'web@2',
      projects: [{ id: 4, slug: 'web', name: 'Web' }, { id: 5 }],
      lastDeploy: { environment: 'prod', name: '', dateFinished: '2026-01-01T00:00:00Z' },
      authors: [{ username: 'raj', email: 'raj@example.com' }],
    });
    expect(toRelease(release)).toMatchObject({
      projects: [
        { slug: 'web', name: 'Web' },
        { slug: '5', name: '5' },
      ],
      lastDeploy: { environment: 'prod', name: null, dateFinished: '2026-01-01T00:00:00Z' },
      authors: [{ name: 'raj', email: 'raj@example.com' }],
    });
    expect(toDeploy({ id: '1', name: '' })).toMatchObject({ id: '1', name: null, environment: null });
  });
});
