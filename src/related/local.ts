/** The local FindingSource: a folder of SCC notifications (CLI `--findings PATH`). */
import { readFile } from 'node:fs/promises';
import { filesUnder } from '../lib/files';
import { UpstreamError } from '../errors';
import { decodeNotification } from '../notification/decode';
import { parseJsonText } from '../notification/envelope';
import type { Finding } from '../notification/schema';
import { isRelated, toRelated } from './match';
import type { FindingSource, RelatedFinding, RelatedQuery } from './port';

/** Reads every notification under a path; files that are not notifications are passed over. */
export class LocalFindingSource implements FindingSource {
  readonly name = 'local-findings';
  private findings: Promise<Finding[]> | undefined;

  constructor(private readonly path: string) {}

  private async readAll(): Promise<Finding[]> {
    try {
      const files = await filesUnder(this.path, /\.json$/);
      const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
      return texts.flatMap((text) => {
        try {
          return [decodeNotification(parseJsonText(text)).notification.finding];
        } catch {
          return [];
        }
      });
    } catch (error) {
      throw new UpstreamError('local-findings', `cannot read ${this.path}: ${(error as Error).message}`, false, { cause: error });
    }
  }

  /**
   * Reads the notifications now rather than on the first lookup, so a path that cannot be read is known at once.
   * @throws UpstreamError (not retryable) naming the path and why.
   */
  async open(): Promise<void> {
    this.findings ??= this.readAll();
    await this.findings;
  }

  async list(query: RelatedQuery, signal: AbortSignal): Promise<RelatedFinding[]> {
    this.findings ??= this.readAll();
    const findings = await this.findings;
    signal.throwIfAborted();
    const unique = new Map(findings.filter((finding) => isRelated(finding, query)).map((finding) => [finding.name, toRelated(finding)]));
    return [...unique.values()].sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  }
}
