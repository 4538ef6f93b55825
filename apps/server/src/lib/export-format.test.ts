/** The export encodings, row by row: RFC 4180 CSV, a JSON array, NDJSON; and early failures. */
import { describe, expect, it } from 'vitest';
import { exportFilename, exportText, primed } from './export-format';

async function* rows() {
  yield { id: '1', title: 'plain', n: 3 };
  yield { id: '2', title: 'a "quoted", multi\r\nline title', n: null };
  yield { id: '3', title: '=HYPERLINK("x")', n: 0 };
}

const text = async (format: 'csv' | 'json' | 'ndjson') => {
  let out = '';
  for await (const chunk of exportText(rows(), ['id', 'title', 'n'], format)) out += chunk;
  return out;
};

describe('exportText', () => {
  it('writes CSV with a header, CRLF records, doubled quotes and neutralized formulas', async () => {
    expect(await text('csv')).toBe(
      'id,title,n\r\n1,plain,3\r\n2,"a ""quoted"", multi\r\nline title",\r\n3,"\'=HYPERLINK(""x"")",0\r\n',
    );
  });

  it('writes a JSON array that parses, and NDJSON with one object per line', async () => {
    const parsed = JSON.parse(await text('json')) as Array<{ id: string }>;
    expect(parsed.map((r) => r.id)).toEqual(['1', '2', '3']);
    const lines = (await text('ndjson')).split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[1]!)).toEqual({ id: '2', title: 'a "quoted", multi\r\nline title', n: null });
  });

  it('writes an empty but valid file when there are no rows', async () => {
    let out = '';
    for await (const chunk of exportText((async function* () {})(), ['id'], 'json')) out += chunk;
    expect(JSON.parse(out)).toEqual([]);
  });
});

describe('primed', () => {
  it('fails before the answer starts when the first page fails', async () => {
    const failing = (async function* () {
      yield* [];
      throw new Error('no such issue');
    })();
    await expect(primed(failing)).rejects.toThrow('no such issue');
  });

  it('keeps every row, the first included, and closes the source when the reader stops', async () => {
    let closed = false;
    const source = (async function* () {
      try {
        yield 1;
        yield 2;
        yield 3;
      } finally {
        closed = true;
      }
    })();
    const iterator = await primed(source);
    expect((await iterator.next()).value).toBe(1);
    expect((await iterator.next()).value).toBe(2);
    await iterator.return(undefined);
    expect(closed).toBe(true);
  });
});

it('makes a safe filename', () => {
  expect(exportFilename('issues', 'acme"; x=1', 'csv')).toMatch(
    /^dexter-issues-acme___x_1-\d{4}-\d{2}-\d{2}\.csv$/,
  );
});
