/**
 * The local WorkloadSpecSource: a JSON file that maps full resource names to the APIs' answers in
 * their REST JSON, as `gcloud container clusters describe --format=json` and
 * `gcloud run services describe --format=json` (v2 fields) print them. For the CLI and tests.
 */
import { readFile } from 'node:fs/promises';
import { UpstreamError } from '../errors';
import { asRecord } from '../lib/defined';
import type { ClusterSpec, RunSpec, WorkloadSpecSource } from './port';
import { clusterSpecOf, runCollectionOf, runSpecOf } from './shape';

/** Answers from a file read once. */
export class LocalWorkloadSpecSource implements WorkloadSpecSource {
  readonly name = 'local-specs';
  private resources: Promise<Record<string, unknown>> | undefined;

  constructor(private readonly path: string) {}

  private async readAll(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw new UpstreamError('local-specs', `cannot read ${this.path}: ${(error as Error).message}`, false, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UpstreamError('local-specs', `${this.path} is not JSON: ${(error as Error).message}`, false, { cause: error });
    }
    const resources = asRecord(parsed);
    if (resources === undefined) throw new UpstreamError('local-specs', `${this.path} must hold one JSON object mapping resource names to API resources`, false);
    return resources;
  }

  private async lookup(name: string, signal: AbortSignal): Promise<unknown> {
    this.resources ??= this.readAll();
    const resources = await this.resources;
    signal.throwIfAborted();
    return Object.hasOwn(resources, name) ? resources[name] : undefined;
  }

  async cluster(name: string, signal: AbortSignal): Promise<ClusterSpec | undefined> {
    const found = await this.lookup(name, signal);
    return found === undefined ? undefined : clusterSpecOf(found);
  }

  async runResource(name: string, signal: AbortSignal): Promise<RunSpec | undefined> {
    const collection = runCollectionOf(name);
    const found = collection === undefined ? undefined : await this.lookup(name, signal);
    return found === undefined || collection === undefined ? undefined : runSpecOf(collection, found);
  }
}
