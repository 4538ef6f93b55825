/**
 * No ingest log line carries the DSN key (issue 23, finding 7). Before the fix the request line
 * logged `url` as received, `?sentry_key=...` included, so the first test failed.
 */
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DebugRequestLogController, loggerOptions, redactUrl } from './log-options';

describe('request logging', () => {
  it('logs ingest requests without their sentry_key', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const app = Fastify({ logger: { ...loggerOptions('info'), stream } });
    app.post('/api/:projectId/envelope/', async () => ({}));
    const key = 'e3b0c44298fc1c149afbf4c8996fb924';
    await app.inject({
      method: 'POST',
      url: `/api/1/envelope/?sentry_version=7&sentry_key=${key}&sentry_client=sentry.javascript.node%2F11.12.0`,
      payload: '{}',
    });
    await app.close();
    const logged = lines.join('');
    expect(logged).toContain('/api/1/envelope/?sentry_version=7&sentry_key=[redacted]&sentry_client=');
    expect(logged).not.toContain(key);
  });

  it('redacts credential parameters however they are spelled, and leaves the rest', () => {
    expect(redactUrl('/x?SENTRY_KEY=a&b=c&sentry%5Fsecret=s&token=t')).toBe(
      '/x?SENTRY_KEY=[redacted]&b=c&sentry%5Fsecret=[redacted]&token=[redacted]',
    );
    expect(redactUrl('/api/v1/issues?query=is%3Aunresolved')).toBe('/api/v1/issues?query=is%3Aunresolved');
  });
});

describe('request lines at debug (the start banner stays on screen)', () => {
  async function linesAt(
    level: string,
  ): Promise<Array<{ level: number; msg: string; req?: { url: string } }>> {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const app = Fastify({
      logger: { ...loggerOptions(level), stream },
      logController: new DebugRequestLogController(),
    });
    app.get('/assets/app.js', async () => 'ok');
    await app.inject({ method: 'GET', url: '/assets/app.js?token=secret' });
    await app.close();
    return lines
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  it('writes no request line at info', async () => {
    expect((await linesAt('info')).filter((line) => /request/.test(line.msg))).toEqual([]);
  });

  it('writes both lines at debug, the URL still redacted', async () => {
    const lines = (await linesAt('debug')).filter((line) => /request/.test(line.msg));
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [20, 'incoming request'],
      [20, 'request completed'],
    ]);
    expect(lines[0]?.req?.url).toBe('/assets/app.js?token=[redacted]');
  });
});
