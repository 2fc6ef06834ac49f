import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamError } from '../../src/errors';
import { ExportedLogSource, parseExport } from '../../src/logs/exported-logs';
import { parseQuery } from '../../src/query/parser';

const entry = (insertId: string, timestamp: string, project = 'p1') => ({ insertId, timestamp, logName: `projects/${project}/logs/stdout`, resource: { type: 'k8s_container', labels: {} } });
const query = (filter: string, pageSize = 10, resourceNames = ['projects/p1']) => ({ filter, expr: parseQuery(filter), pageSize, resourceNames });
const signal = new AbortController().signal;

describe('parseExport', () => {
  it.each([
    ['gcloud JSON array', JSON.stringify([entry('a', '2025-01-01T00:00:00Z'), entry('b', '2025-01-01T00:00:01Z')]), ['a', 'b']],
    ['NDJSON sink export', `${JSON.stringify(entry('a', '2025-01-01T00:00:00Z'))}\n\n${JSON.stringify(entry('b', '2025-01-01T00:00:01Z'))}\r\n`, ['a', 'b']],
    ['an empty file', '  \n', []],
    // `gcloud logging read --limit=1 --format=json` without the array, or a Logs Explorer "copy entry": one entry, pretty-printed.
    ['a single entry, pretty-printed', JSON.stringify(entry('a', '2025-01-01T00:00:00Z'), null, 2), ['a']],
    ['a single entry on one line', JSON.stringify(entry('a', '2025-01-01T00:00:00Z')), ['a']],
  ])('%s', (_name, text, ids) => {
    expect(parseExport(text, 'f').map((e) => e.insertId)).toEqual(ids);
  });

  it.each([
    ['a JSON value that is no entry', '"text"', /f: neither a log entry nor an array/],
    ['a broken array', '[{"a":1},', /JSON|Unexpected|Expected/],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseExport(text, 'f')).toThrow(message);
  });

  it('names the file and line of a broken NDJSON line', () => {
    expect(() => parseExport('{"a":1}\n{broken', 'exports/x.ndjson')).toThrow(/exports\/x\.ndjson:2/);
  });
});

describe('ExportedLogSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scc-triage-logs-'));
  writeFileSync(join(dir, 'a.json'), JSON.stringify([entry('old', '2025-01-01T00:00:00Z'), entry('new', '2025-01-01T00:00:09Z')]));
  writeFileSync(join(dir, 'b.ndjson'), [entry('mid', '2025-01-01T00:00:05Z'), entry('other', '2025-01-01T00:00:06Z', 'p2')].map((e) => JSON.stringify(e)).join('\n'));
  writeFileSync(join(dir, 'notes.txt'), 'not an export');
  writeFileSync(join(dir, '.DS_Store'), 'finder');
  const source = new ExportedLogSource(dir);

  it('reads a folder of both formats, newest first, within the queried projects', async () => {
    const page = await source.list(query('resource.type="k8s_container"'), signal);
    expect(page).toEqual({ entries: [expect.objectContaining({ insertId: 'new' }), expect.objectContaining({ insertId: 'mid' }), expect.objectContaining({ insertId: 'old' })], truncated: false });
  });

  it('returns at most pageSize entries and says the page is truncated', async () => {
    const page = await source.list(query('resource.type="k8s_container"', 2), signal);
    expect(page.entries.map((e) => e.insertId)).toEqual(['new', 'mid']);
    expect(page.truncated).toBe(true);
  });

  it('a page exactly full is not truncated', async () => {
    expect((await source.list(query('resource.type="k8s_container"', 3), signal)).truncated).toBe(false);
  });

  it('reads a single file too', async () => {
    const page = await new ExportedLogSource(join(dir, 'b.ndjson')).list(query('resource.type="k8s_container"', 10, ['projects/p2']), signal);
    expect(page.entries.map((e) => e.insertId)).toEqual(['other']);
  });

  it('says which files of a folder it did not read, and why', async () => {
    await source.list(query(''), signal);
    expect(source.warnings()).toEqual([`${join(dir, 'notes.txt')}: not read: not a log export (.json, .jsonl, .ndjson or .log)`]);
  });

  describe('a folder with an unreadable file and a .log export', () => {
    const mixed = mkdtempSync(join(tmpdir(), 'scc-triage-logs-'));
    writeFileSync(join(mixed, 'good.json'), JSON.stringify([entry('good', '2025-01-01T00:00:00Z')]));
    writeFileSync(join(mixed, 'broken.json'), '[{"insertId": "half"');
    writeFileSync(join(mixed, 'gcloud-read.log'), JSON.stringify(entry('from-log', '2025-01-01T00:00:01Z'), null, 2));
    const mixedSource = new ExportedLogSource(mixed);

    it('reads the rest, .log files included, and reports the broken file with its reason', async () => {
      const page = await mixedSource.list(query('resource.type="k8s_container"'), signal);
      expect(page.entries.map((e) => e.insertId)).toEqual(['from-log', 'good']);
      expect(mixedSource.warnings()).toEqual([expect.stringMatching(new RegExp(`^${join(mixed, 'broken.json').replace(/[.\\/]/g, '\\$&')}: .+`))]);
    });
  });

  it.each([
    ['a folder with no export', { 'notes.txt': 'x' }, '', /no log export under it/],
    ['a single unreadable file', { 'only.json': '[{' }, 'only.json', /cannot read .*only\.json/],
  ])('%s is an error for every section', async (_name, files, target, message) => {
    const folder = mkdtempSync(join(tmpdir(), 'scc-triage-logs-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    await expect(new ExportedLogSource(join(folder, target)).list(query(''), signal)).rejects.toThrow(message);
  });

  it('a missing path is a non-retryable UpstreamError', async () => {
    const error = await new ExportedLogSource(join(dir, 'missing')).list(query(''), signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(false);
    expect((error as UpstreamError).message).toMatch(/cannot read .*missing/);
  });
});
