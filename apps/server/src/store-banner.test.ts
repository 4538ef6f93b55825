/**
 * The store's admin-scoped API token is printed once (issue 23, finding 7). Before the fix
 * `main.ts` printed it at every start, so the second case failed.
 */
import { describe, expect, it } from 'vitest';
import { storeBanner } from './store-banner';

const bootstrap = {
  url: 'http://127.0.0.1:3000',
  org: 'dexter',
  token: 'sntrys_0123456789abcdef0123456789abcdef',
  projects: [{ id: '1', slug: 'app', dsn: 'http://k@127.0.0.1:3000/1' }],
};

describe('storeBanner', () => {
  it('shows the token on the start that creates it', () => {
    expect(storeBanner({ ...bootstrap, created: true }, '/data')).toContain(bootstrap.token);
  });

  it('never shows it again on later starts, only where it is kept', () => {
    const banner = storeBanner({ ...bootstrap, created: false }, '/data');
    expect(banner).not.toContain(bootstrap.token);
    expect(banner).toContain('API token: in /data/bootstrap.json');
    expect(banner).toContain('DSN http://k@127.0.0.1:3000/1');
  });
});
