/**
 * The exported-logs source: a file or a folder of `gcloud logging read --format=json` arrays or
 * NDJSON sink exports, queried with the project's own evaluator. Loaded once, then queried in memory.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { filesUnder } from '../lib/files';
import { UpstreamError } from '../errors';
import { evaluate } from '../query/evaluator';
import { compareNanos, timestampNanos } from '../lib/time';
import { type TimeHull, timeHullOf } from '../query/time-hull';
import type { LogEntry, LogOrder, LogPage, LogQuery, LogSource } from './port';

/** Export files in a folder: gcloud's JSON (`--format=json`, an array or one entry), NDJSON sink exports, and `.log` files of either. */
export const exportExtensions = /\.(json|jsonl|ndjson|log)$/i;

/** Parses one export file's text: a JSON array, a single entry (one line or pretty-printed), or one entry per line. */
export function parseExport(text: string, file: string): LogEntry[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const whole = parseWhole(trimmed);
  if (whole !== undefined) {
    if (Array.isArray(whole)) return whole.filter(isEntry);
    if (isEntry(whole)) return [whole];
    throw new Error(`${file}: neither a log entry nor an array of them`);
  }
  return trimmed
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new Error(`${file}:${index + 1}: ${(error as Error).message}`);
      }
    })
    .filter(isEntry);
}

/** The text as one JSON value, or undefined when it is not one (NDJSON: the parse stops at the second line). */
function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // An array that does not parse is a broken file, not NDJSON.
    if (text.startsWith('[')) throw error;
    return undefined;
  }
}

function isEntry(value: unknown): value is LogEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const exportExtensionNames = '.json, .jsonl, .ndjson or .log';

/** A file to read, or one of a folder that is not an export and why. */
interface ExportFile {
  readonly path: string;
  readonly skipped?: string;
}

/** The path itself when it is a file (read whatever its name); a folder's files, those without an export extension marked skipped. */
async function exportFiles(path: string): Promise<ExportFile[]> {
  const files = await filesUnder(path, /./);
  if (files.length === 1 && files[0] === path) return [{ path }];
  // Hidden files (.DS_Store, editor swap files) are no one's export.
  return files
    .filter((file) => !basename(file).startsWith('.'))
    .map((file) => (exportExtensions.test(file) ? { path: file } : { path: file, skipped: `not read: not a log export (${exportExtensionNames})` }));
}

/** One file's entries, or why it could not be read; the rest of a folder is read either way. */
async function readExportFile(file: ExportFile): Promise<{ readonly entries: readonly LogEntry[]; readonly problem?: string }> {
  if (file.skipped !== undefined) return { entries: [] };
  try {
    return { entries: parseExport(await readFile(file.path, 'utf8'), file.path) };
  } catch (error) {
    const message = (error as Error).message;
    return { entries: [], problem: message.startsWith(file.path) ? message : `${file.path}: ${message}` };
  }
}

/** An entry with its parsed time, so sorting and searching parse each timestamp once. */
interface Timed {
  readonly entry: LogEntry;
  readonly at: bigint;
}

const byInsertId = (a: Timed, b: Timed): number => String(a.entry.insertId ?? '').localeCompare(String(b.entry.insertId ?? ''));

/** Newest first, ties by insertId, as entries.list with `timestamp desc` orders them. */
const newestFirst = (a: Timed, b: Timed): number => compareNanos(b.at, a.at) || byInsertId(a, b);

/** Oldest first, ties by insertId, as entries.list with `timestamp asc` orders them. */
const oldestFirst = (a: Timed, b: Timed): number => compareNanos(a.at, b.at) || byInsertId(a, b);

/** The corpus in both orders, so a query can start at its time bounds. */
interface Corpus {
  readonly desc: readonly Timed[];
  readonly asc: readonly Timed[];
}

/** The first index whose entry is not `before` the bound (binary search over a sorted list). */
function firstIndex(list: readonly Timed[], before: (at: bigint) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(list[mid]!.at)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The entries in `order`, from the first one that can lie inside the hull to the last. */
function* candidates(corpus: Corpus, order: LogOrder, hull: TimeHull): Generator<LogEntry> {
  const { from, to } = hull;
  const list = order === 'asc' ? corpus.asc : corpus.desc;
  const start = order === 'asc' ? (from === undefined ? 0 : firstIndex(list, (at) => at < from)) : to === undefined ? 0 : firstIndex(list, (at) => at > to);
  for (let i = start; i < list.length; i++) {
    const { entry, at } = list[i]!;
    if (order === 'asc' ? to !== undefined && at > to : from !== undefined && at < from) return;
    yield entry;
  }
}

/** Reads exported logs from a file or folder; the files are read on the first query. */
export class ExportedLogSource implements LogSource {
  readonly name = 'exported-logs';
  private entries: Promise<Corpus> | undefined;
  private problems: readonly string[] = [];

  constructor(private readonly path: string) {}

  private load(): Promise<Corpus> {
    this.entries ??= this.readAll().catch((error: unknown) => {
      this.entries = undefined;
      throw error;
    });
    return this.entries;
  }

  private async readAll(): Promise<Corpus> {
    try {
      const files = await exportFiles(this.path);
      const read = await Promise.all(files.map(readExportFile));
      this.problems = [...files.flatMap((file) => (file.skipped === undefined ? [] : [`${file.path}: ${file.skipped}`])), ...read.flatMap((r) => (r.problem === undefined ? [] : [r.problem]))];
      if (!files.some((file) => file.skipped === undefined)) throw new Error(`no log export under it (${exportExtensionNames})`);
      if (files.length === 1 && read[0]?.problem !== undefined) throw new Error(read[0].problem);
      const timed = read.flatMap((r) => r.entries).map((entry) => ({ entry, at: timestampNanos(String(entry.timestamp ?? '')) ?? 0n }));
      return { desc: [...timed].sort(newestFirst), asc: timed.sort(oldestFirst) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UpstreamError('exported-logs', `cannot read ${this.path}: ${(error as Error).message}`, false, { cause: error, ...(code ? { code } : {}) });
    }
  }

  /**
   * Reads the logs now rather than on the first query, so a path that cannot be read is known at once.
   * @throws UpstreamError (not retryable) naming the path and why.
   */
  async open(): Promise<void> {
    await this.load();
  }

  /** Files of a folder that were not read, and why; empty until the first query has loaded the logs. */
  warnings(): readonly string[] {
    return this.problems;
  }

  /**
   * Evaluates the query with entries.list's page semantics: the query's order (newest first by
   * default), at most `pageSize` entries, truncated when more match. `resourceNames` of projects
   * restrict by `logName`. Only entries inside the filter's time bounds are looked at.
   */
  async list(query: LogQuery, signal: AbortSignal): Promise<LogPage> {
    const corpus = await this.load();
    signal.throwIfAborted();
    const projects = query.resourceNames.filter((name) => /^projects\/[^/]+$/.test(name)).map((name) => `${name}/logs/`);
    const matches: LogEntry[] = [];
    for (const entry of candidates(corpus, query.order ?? 'desc', timeHullOf(query.expr))) {
      const inScope = projects.length === 0 || projects.some((prefix) => String(entry.logName ?? '').startsWith(prefix));
      if (!inScope || !evaluate(query.expr, entry)) continue;
      if (matches.length === query.pageSize) return { entries: matches, truncated: true };
      matches.push(entry);
    }
    return { entries: matches, truncated: false };
  }
}
