/**
 * The start banner: one framed block that starts with the line tests and benches wait for, says how
 * to sign in, lists every project's DSN, and says where the request lines went.
 */
import { describe, expect, it } from 'vitest';
import { startBanner } from './start-banner';

const store = {
  url: 'http://127.0.0.1:3000',
  org: 'dexter',
  token: 'sntrys_0123456789abcdef0123456789abcdef',
  created: true,
  projects: [
    { id: '1', slug: 'demo', dsn: 'http://a@127.0.0.1:3000/1' },
    { id: '2', slug: 'payments', dsn: 'http://b@127.0.0.1:3000/2' },
  ],
};
const facts = {
  url: 'http://127.0.0.1:3000',
  dataDir: '/data',
  admin: { username: 'admin', password: 'one-time-pw' },
  store,
  demoSeeding: true,
  logLevel: 'info',
};

describe('startBanner', () => {
  it('frames the URL, the sign-in, every DSN and the token of a first start in one block', () => {
    const lines = startBanner(facts).split('\n');
    const rules = lines.flatMap((line, index) => (/^─{20,}$/.test(line) ? [index] : []));
    expect(rules).toHaveLength(2);
    const block = lines.slice(rules[0]! + 1, rules[1]).join('\n');
    expect(lines[rules[0]! + 1]).toBe('  Dexter is running at http://127.0.0.1:3000');
    expect(/Dexter is running at (http:\/\/\S+)/.exec(block)?.[1]).toBe('http://127.0.0.1:3000');
    expect(block).toContain('Sign in as "admin" with the one-time password one-time-pw');
    expect(block).toContain('project demo: DSN http://a@127.0.0.1:3000/1');
    expect(block).toContain('project payments: DSN http://b@127.0.0.1:3000/2');
    expect(block).toContain(store.token);
    expect(block).toContain('LOG_LEVEL=debug');
    expect(block).toMatch(/Demo data/);
  });

  it('on later starts shows neither password nor token, and no demo note', () => {
    const banner = startBanner({
      ...facts,
      admin: { username: 'admin', password: null },
      store: { ...store, created: false },
      demoSeeding: false,
      logLevel: 'debug',
    });
    expect(banner).not.toContain(store.token);
    expect(banner).not.toContain('one-time-pw');
    expect(banner).not.toMatch(/Demo data|LOG_LEVEL/);
    expect(banner).toContain('API token: in /data/bootstrap.json');
  });

  it('in companion mode (no store) still says where Dexter runs', () => {
    const banner = startBanner({ ...facts, admin: null, store: null, demoSeeding: false });
    expect(banner).toContain('Dexter is running at http://127.0.0.1:3000');
    expect(banner).not.toContain('DSN');
  });
});
