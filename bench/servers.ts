/**
 * Bench logging servers, each a child process (bench/logging-child.ts) serving one corpus with
 * its own latency and quota, warmed before use; and the Pub/Sub emulator of test/support.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ServerOptions } from '../test/support/logging-server';
import { emulatorCommand } from '../test/support/pubsub-emulator';
import { CloudLoggingSource } from '../src/logs/cloud-logging';
import { parseQuery } from '../src/query/parser';
import type { ChildMessage, ChildRequest } from './logging-child';

/** Calls the server has seen, and how many it refused for quota. */
export interface ServerCounts {
  readonly requests: number;
  readonly refused: number;
}

/**
 * test/support loads protos from `<its folder>/../../node_modules`; compiled, that folder is
 * build-bench/test/support, so build-bench gets a link to the repository's node_modules.
 */
export function linkNodeModules(buildRoot: string, repoRoot: string): void {
  const link = join(buildRoot, 'node_modules');
  if (!existsSync(link)) {
    rmSync(link, { force: true }); // a dangling link from an earlier checkout
    symlinkSync(join('..', 'node_modules'), link, 'dir');
  }
  if (!existsSync(join(link, '@google-cloud', 'logging'))) throw new Error(`build-bench/node_modules does not lead to ${join(repoRoot, 'node_modules')}`);
}

/** One running logging server process. */
export class BenchLoggingServer {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: ChildMessage) => void>();

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    readonly host: string,
    readonly port: number,
  ) {
    child.on('message', (message: ChildMessage) => {
      if ('id' in message) {
        this.waiting.get(message.id)?.(message);
        this.waiting.delete(message.id);
      }
    });
  }

  /** `host:port`, as LOGGING_EMULATOR_HOST takes it. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Forks a server on `corpus`; resolves once it listens (the corpus loads on the first call). */
  static start(label: string, corpus: string, options: ServerOptions): Promise<BenchLoggingServer> {
    const child = fork(join(__dirname, 'logging-child.js'), [corpus, JSON.stringify(options)], {
      execArgv: ['--max-old-space-size=6144'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`logging server ${label} exited with ${code} before it was ready`)));
      child.once('message', (message: ChildMessage) => {
        if (message.kind === 'ready') resolve(new BenchLoggingServer(label, child, message.host, message.port));
        else reject(new Error(`logging server ${label} failed: ${message.kind === 'failed' ? message.error : message.kind}`));
      });
    });
  }

  private ask(kind: ChildRequest['kind']): Promise<ChildMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ kind, id } satisfies ChildRequest);
    });
  }

  async counts(): Promise<ServerCounts> {
    const answer = await this.ask('stats');
    if (answer.kind !== 'stats') throw new Error(`unexpected answer ${answer.kind}`);
    return { requests: answer.requests, refused: answer.refused };
  }

  /**
   * One call through the real client, so the corpus is loaded (and the channel open) before any
   * measurement. On a quota server it holds one slot of the window for a minute.
   */
  async warm(clientProject: string, logProject: string): Promise<number> {
    const source = new CloudLoggingSource({ project: clientProject, emulatorHost: this.address });
    const filter = 'timestamp>="2000-01-01T00:00:00Z"';
    const started = performance.now();
    await source.list({ resourceNames: [`projects/${logProject}`], filter, expr: parseQuery(filter), pageSize: 1, order: 'desc' }, new AbortController().signal);
    return performance.now() - started;
  }

  /** Stops the server process (by its own pid, with SIGKILL if it does not exit in time). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    try {
      this.child.send({ kind: 'stop', id: this.nextId++ } satisfies ChildRequest);
    } catch {
      this.child.kill('SIGTERM');
    }
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Why the Pub/Sub emulator cannot be started here, or undefined when its launcher is found
 * (test/support/pubsub-emulator.ts spawns it without an error listener, so look first).
 */
export function emulatorMissing(): string | undefined {
  const { command } = emulatorCommand('127.0.0.1', 0);
  const found = isAbsolute(command) ? existsSync(command) : (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));
  return found ? undefined : `no Pub/Sub emulator launcher (PUBSUB_EMULATOR_BIN, the google-cloud-cli-pubsub-emulator package, or gcloud)`;
}
