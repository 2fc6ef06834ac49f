/**
 * The exported-logs source: a file or a folder of `gcloud logging read --format=json` arrays or
 * NDJSON sink exports, queried with the project's own evaluator. Loaded once, then queried in memory.
 */
import { readFile } from 'node:fs/promises';
import { filesUnder } from '../files';
import { UpstreamError } from '../errors';
import { evaluate } from '../query/evaluator';
import { compareTimestamps } from '../query/values';
import type { LogEntry, LogPage, LogQuery, LogSource } from './port';

const exportExtensions = /\.(json|jsonl|ndjson)$/i;

/** Parses one export file's text: a JSON array, a single entry, or one entry per line. */
export function parseExport(text: string, file: string): LogEntry[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) throw new Error('not an array');
    return parsed.filter(isEntry);
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

function isEntry(value: unknown): value is LogEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Newest first, ties by insertId, as entries.list with `timestamp desc` orders them. */
function newestFirst(a: LogEntry, b: LogEntry): number {
  return compareTimestamps(String(b.timestamp ?? ''), String(a.timestamp ?? '')) || String(a.insertId ?? '').localeCompare(String(b.insertId ?? ''));
}

/** Reads exported logs from a file or folder; the files are read on the first query. */
export class ExportedLogSource implements LogSource {
  readonly name = 'exported-logs';
  private entries: Promise<readonly LogEntry[]> | undefined;

  constructor(private readonly path: string) {}

  private load(): Promise<readonly LogEntry[]> {
    this.entries ??= this.readAll().catch((error: unknown) => {
      this.entries = undefined;
      throw error;
    });
    return this.entries;
  }

  private async readAll(): Promise<readonly LogEntry[]> {
    try {
      const files = await filesUnder(this.path, exportExtensions);
      const all = await Promise.all(files.map(async (file) => parseExport(await readFile(file, 'utf8'), file)));
      return all.flat().sort(newestFirst);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UpstreamError('exported-logs', `cannot read ${this.path}: ${(error as Error).message}`, false, { cause: error, ...(code ? { code } : {}) });
    }
  }

  /** Evaluates the query over every entry; `resourceNames` of projects restrict by `logName`. */
  async list(query: LogQuery, signal: AbortSignal): Promise<LogPage> {
    const entries = await this.load();
    signal.throwIfAborted();
    const projects = query.resourceNames.filter((name) => /^projects\/[^/]+$/.test(name)).map((name) => `${name}/logs/`);
    const matches: LogEntry[] = [];
    for (const entry of entries) {
      const inScope = projects.length === 0 || projects.some((prefix) => String(entry.logName ?? '').startsWith(prefix));
      if (!inScope || !evaluate(query.expr, entry)) continue;
      if (matches.length === query.pageSize) return { entries: matches, truncated: true };
      matches.push(entry);
    }
    return { entries: matches, truncated: false };
  }
}
