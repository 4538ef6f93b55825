/**
 * CSV metric sources through Dexter's API on a real Dexter: an upload is stored and listed with its
 * span; a bad row is a 400 naming its line and column; an upload over the cap is refused; a viewer
 * may read but not upload; a deleted source is gone and its correlation a 404.
 */
import { METRIC_CSV_MAX_BYTES, type MetricSource, type MetricSourceList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

const HOUR = 3_600_000;
/** Yesterday at a whole hour: within the 90 days Dexter keeps, whenever the test runs. */
const yesterday = Math.floor(Date.now() / HOUR) * HOUR - 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const unix = Math.floor(yesterday / 1000);

let dexter: TestDexter;
let viewer: TestClient;
let base: string;

beforeAll(async () => {
  dexter = await startTestDexter({ DEXTER_DEPLOY_CHECK_MS: '0' });
  viewer = await dexter.clientAs('viewer');
  base = `/api/v1/organizations/${dexter.bootstrap!.org}/metric-sources`;
});

afterAll(async () => {
  await dexter?.close();
});

const upload = (body: unknown, client = dexter.admin) =>
  client.request(base, { method: 'POST', body: JSON.stringify(body) });

describe('CSV metric sources', () => {
  it('stores an upload and lists it with its span', async () => {
    const csv = `timestamp,value\n${iso(yesterday)},10\n${iso(yesterday + HOUR)},12\n${iso(yesterday + HOUR)},13\n`;
    const res = await upload({ kind: 'csv', name: 'Revenue', csv });
    expect(res.status).toBe(201);
    const source = (await res.json()) as MetricSource;
    // The repeated time keeps its last value: two points.
    expect(source).toMatchObject({
      name: 'Revenue',
      kind: 'csv',
      points: 2,
      firstAt: iso(yesterday),
      lastAt: iso(yesterday + HOUR),
      baseUrl: null,
    });
    const list = (await (await viewer.request(base)).json()) as MetricSourceList;
    expect(list.items.map((item) => item.name)).toContain('Revenue');
    // Audited with the new source's id, never the uploaded rows.
    const entries = await dexter.security.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'metricSources.create')
      .execute();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.targets)).toMatchObject({ sourceId: source.id });
    expect(JSON.stringify(entries[0])).not.toContain(`${iso(yesterday)},10`);
  });

  it('names the line and column of a bad row', async () => {
    const res = await upload({
      kind: 'csv',
      name: 'Bad',
      csv: `timestamp,value\n${iso(yesterday)},10\n${iso(yesterday + HOUR)},lots\n`,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: { problems: unknown[] } };
    };
    expect(body.error.code).toBe('DEXTER_ERR_VALIDATION');
    expect(body.error.message).toBe('Invalid csv: line 3, column 2: value "lots" is not a finite number');
    expect(body.error.details.problems).toHaveLength(1);
  });

  it('refuses an upload over the size cap, naming the field', async () => {
    const row = `${iso(yesterday)},10\n`;
    const csv = row.repeat(Math.ceil((METRIC_CSV_MAX_BYTES + 1) / row.length));
    const res = await upload({ kind: 'csv', name: 'Huge', csv });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^Invalid body\.csv: must be at most 1048576 characters/);
  });

  it('refuses a file whose rows are all older than the retention', async () => {
    const res = await upload({
      kind: 'csv',
      name: 'Old',
      csv: '2020-01-01T00:00:00Z,1\n2020-01-02T00:00:00Z,2\n',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid csv: every row is older than 90 days, and Dexter keeps a metric that long',
    );
  });

  it('refuses a missing name and an unknown kind', async () => {
    const noName = await upload({ kind: 'csv', csv: `${unix},1\n` });
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { error: { message: string } }).error.message).toMatch(/body\.name/);
    expect((await upload({ kind: 'graphite', name: 'x' })).status).toBe(400);
  });

  it('lets a viewer read but not upload', async () => {
    const res = await upload({ kind: 'csv', name: 'Nope', csv: `${unix},1\n` }, viewer);
    expect(res.status).toBe(403);
  });

  it('deletes a source; its correlation is then a 404', async () => {
    const created = (await (
      await upload({ kind: 'csv', name: 'Gone', csv: `${unix},1\n` })
    ).json()) as MetricSource;
    expect((await dexter.request(`${base}/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    const res = await dexter.request(`${base}/${created.id}/correlation`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      `No metric source ${created.id}`,
    );
  });
});
