/** The local FindingLookup: a folder of SCC notifications (`replay NAME --findings PATH`). */
import { readFile } from 'node:fs/promises';
import { UpstreamError } from '../errors';
import { filesUnder } from '../lib/files';
import { timestampNanos } from '../lib/time';
import { decodeNotification } from '../notification/decode';
import { parseJsonText } from '../notification/envelope';
import type { Finding } from '../notification/schema';
import { type FindingLookup, type FindingName, namesFinding } from './lookup';

/** Newer first: the later event time, then the later mute change (a mute keeps the event time). */
function isNewer(a: Finding, b: Finding): boolean {
  const key = (f: Finding) => [timestampNanos(f.eventTime) ?? 0n, timestampNanos(f.muteUpdateTime ?? '') ?? 0n] as const;
  const [ea, ma] = key(a);
  const [eb, mb] = key(b);
  return ea !== eb ? ea > eb : ma > mb;
}

/** Looks a finding up among the notifications under a path; files that are not notifications are passed over. */
export class LocalFindingLookup implements FindingLookup {
  readonly name = 'local-findings';
  private files: Promise<string[]> | undefined;

  constructor(private readonly path: string) {}

  /**
   * Lists the notifications now, so a path that cannot be read is known before anything else.
   * @throws UpstreamError (not retryable) naming the path and why.
   */
  async open(): Promise<void> {
    this.files ??= filesUnder(this.path, /\.json$/).catch((error: unknown) => {
      throw new UpstreamError('local-findings', `cannot read ${this.path}: ${(error as Error).message}`, false, { cause: error });
    });
    await this.files;
  }

  /** The newest notification whose finding has this name or canonical name, read one file at a time: only the best so far is held. */
  async fetch(name: FindingName): Promise<unknown> {
    await this.open();
    let best: { readonly input: unknown; readonly finding: Finding } | undefined;
    for (const file of (await this.files) ?? []) {
      const input = await readFile(file, 'utf8')
        .then((text) => parseJsonText(text))
        .catch(() => undefined);
      const finding = findingOf(input);
      if (finding === undefined || !(namesFinding(finding.name, name) || namesFinding(finding.canonicalName, name))) continue;
      if (best === undefined || isNewer(finding, best.finding)) best = { input, finding };
    }
    return best?.input;
  }

  /** Nothing to release: files are read and let go one at a time. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The finding of a notification, or undefined for anything that is not one. */
function findingOf(input: unknown): Finding | undefined {
  if (input === undefined) return undefined;
  try {
    return decodeNotification(input).notification.finding;
  } catch {
    return undefined;
  }
}
