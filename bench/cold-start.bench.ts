/**
 * Cold start of the deployed function, side by side with a bare Functions Framework function,
 * each a fresh process under the real framework (what Cloud Run functions runs), interleaved
 * round by round so machine noise falls on all alike:
 *
 * - ready to serve: spawn until the first HTTP answer, for a bare function, the triage
 *   (`triageFinding`) and the chat subscriber (`postSummary`); target ≤ 1.2× bare;
 * - first summary: spawn until the first delivery (sent the moment the instance answers) is
 *   published, through the local Logging server (a set round trip per call) and the Pub/Sub
 *   emulator; target ≤ 1.5× bare ready + one Logging round trip;
 * - the floor beside it: a bare function that on its first event loads Google's Logging and
 *   Pub/Sub clients, reads one page and publishes one message (bench/bare-clients-function.js).
 *
 * Medians, never absolute targets, never in a test. It runs what `npm run build` left in dist/.
 */
import './bench-env';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type WorkloadApiServer, startWorkloadApiServer } from '../test/support/workload-api-server';
import { postBinary, pushBody } from '../test/support/deliveries';
import { type RunningEmulator, freePort, startEmulator } from '../test/support/pubsub-emulator';
import { emulatorClient } from '../test/support/pubsub';
import { benchProject } from './bench-env';
import { fixtureLogsDir, loadSample, repoRoot } from './corpus';
import { BenchLoggingServer, emulatorMissing, linkNodeModules } from './servers';

const rounds = 11;
const warmups = 2;
const rttMs = 100;
const say = (line: string) => process.stdout.write(`${line}\n`);
const framework = join(repoRoot, 'node_modules', '@google-cloud', 'functions-framework', 'build', 'src', 'main.js');
const outputTopic = `projects/${benchProject}/topics/cold-start-out`;

/** One way of starting a function. */
interface Start {
  readonly label: string;
  readonly target: string;
  /** `--source`: the repository (package.json's main, the deployed bundle) or a bench file. */
  readonly source: string;
  readonly env: Record<string, string>;
  /** Whether a delivery is sent once it answers, and timed to its end. */
  readonly deliver: boolean;
}

/** A started instance: when it first answered and, if a delivery was sent, when that ended. */
interface Run {
  readonly readyMs: number;
  readonly firstMs: number | undefined;
}

async function answered(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'GET' });
    return true;
  } catch {
    return false;
  }
}

/** Starts `start`, times it, and stops it. A delivery that is not published stops the bench: its time would mean nothing. */
async function once(start: Start, common: Record<string, string>): Promise<Run> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, [framework, `--target=${start.target}`, '--signature-type=cloudevent', `--source=${start.source}`], {
    cwd: repoRoot,
    env: { ...common, ...start.env, FUNCTION_TARGET: start.target, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    while (!(await answered(url))) {
      if (child.exitCode !== null) throw new Error(`${start.label} exited with ${child.exitCode}: ${output.trim().split('\n').slice(0, 3).join(' ')}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const readyMs = performance.now() - began;
    if (!start.deliver) return { readyMs, firstMs: undefined };
    const response = await postBinary(url, pushBody(JSON.parse(loadSample('gke-reverse-shell.json'))));
    const firstMs = performance.now() - began;
    if (response.status >= 300 || !/"outcome":"published"/.test(output)) throw new Error(`${start.label}: HTTP ${response.status}, not published: ${output.trim().split('\n').slice(-2).join(' ')}`);
    return { readyMs, firstMs };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function table(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  say(line(header));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) say(line(row));
}

async function measure(starts: readonly Start[], common: Record<string, string>): Promise<Map<Start, Run[]>> {
  const runs = new Map<Start, Run[]>(starts.map((start) => [start, []]));
  for (let round = 0; round < warmups + rounds; round++) {
    for (const start of starts) {
      const run = await once(start, common);
      if (round >= warmups) runs.get(start)!.push(run);
    }
  }
  return runs;
}

function report(runs: Map<Start, Run[]>, bare: Start, rtt: number): boolean {
  const bareReady = median(runs.get(bare)!.map((run) => run.readyMs));
  const firstTarget = 1.5 * bareReady + rtt;
  const floorStart = [...runs.keys()].find((start) => start.target === 'bareClients');
  const floor = floorStart === undefined ? undefined : median(runs.get(floorStart)!.map((run) => run.firstMs!));
  let pass = true;
  const rows: string[][] = [];
  for (const [start, list] of runs) {
    const ready = median(list.map((run) => run.readyMs));
    const readyRatio = ready / bareReady;
    const readyTarget = start === bare || start.target === 'bareClients' ? undefined : 1.2;
    const readyResult = readyTarget === undefined ? '—' : readyRatio <= readyTarget ? 'PASS' : 'MISS';
    if (readyResult === 'MISS') pass = false;
    rows.push([start.label, 'ready to serve', `${ready.toFixed(0)} ms`, `${readyRatio.toFixed(2)}× bare ready`, readyTarget === undefined ? '—' : `≤ ${readyTarget}×`, readyResult]);
    if (start.deliver) {
      const first = median(list.map((run) => run.firstMs!));
      const ofFloor = floor === undefined || start === floorStart ? '' : `, ${(first / floor).toFixed(2)}× the floor`;
      const firstResult = start === floorStart ? '—' : first <= firstTarget ? 'PASS' : 'MISS';
      if (firstResult === 'MISS') pass = false;
      rows.push([
        start.label,
        'first summary',
        `${first.toFixed(0)} ms`,
        `${((first - rtt) / bareReady).toFixed(2)}× bare ready + RTT${ofFloor}`,
        start === floorStart ? '—' : `≤ 1.5× + RTT (${firstTarget.toFixed(0)} ms)`,
        firstResult,
      ]);
    }
  }
  table(['function', 'figure', 'median', 'ratio', 'target', 'result'], rows);
  return pass;
}

async function main(): Promise<void> {
  const missing = emulatorMissing();
  if (missing !== undefined) {
    say(`cold-start bench skipped: ${missing}`);
    return;
  }
  let emulator: RunningEmulator | undefined;
  let logging: BenchLoggingServer | undefined;
  let workloadApi: WorkloadApiServer | undefined;
  try {
    linkNodeModules(join(__dirname, '..'), repoRoot);
    [emulator, logging] = await Promise.all([startEmulator(undefined, 90_000), BenchLoggingServer.start('cold-start', fixtureLogsDir, { latencyMs: rttMs })]);
    await logging.warm(benchProject, 'acme-payments-prod');
    const rtt = await logging.warm(benchProject, 'acme-payments-prod');
    // The Container and Cloud Run Admin APIs' stand-in, as far away as Logging: the identity's spec read goes beside the sections.
    workloadApi = await startWorkloadApiServer(JSON.parse(readFileSync(join(fixtureLogsDir, '..', 'specs', 'workload-specs.json'), 'utf8')), rttMs);
    const client = emulatorClient(`${emulator.host}:${emulator.port}`);
    await client.createTopic(outputTopic);
    await client.close();
    const common = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      METADATA_SERVER_DETECTION: 'none',
      NODE_ENV: 'production',
      GOOGLE_CLOUD_PROJECT: benchProject,
      PUBSUB_EMULATOR_HOST: `${emulator.host}:${emulator.port}`,
      LOGGING_EMULATOR_HOST: logging.address,
      WORKLOAD_API_EMULATOR_HOST: `${workloadApi.host}:${workloadApi.port}`,
      OUTPUT_TOPIC: outputTopic,
    };
    const bare: Start = { label: 'bare function', target: 'bare', source: join(repoRoot, 'bench', 'bare-function.js'), env: {}, deliver: false };
    const starts: Start[] = [
      bare,
      { label: 'scc-triage triageFinding', target: 'triageFinding', source: repoRoot, env: { FINDING_SOURCE: 'none' }, deliver: true },
      { label: 'scc-triage postSummary', target: 'postSummary', source: repoRoot, env: { CHAT_WEBHOOK_URL: 'https://chat.googleapis.com/v1/spaces/S/messages?key=K&token=T' }, deliver: false },
      { label: 'floor: bare + Google clients', target: 'bareClients', source: join(repoRoot, 'bench', 'bare-clients-function.js'), env: {}, deliver: true },
    ];
    say(
      `scc-triage cold-start bench: Node ${process.version}, ${cpus().length} CPUs; median of ${rounds} fresh processes each after ${warmups} warm-up rounds, interleaved. One Logging round trip (measured through the client, ${rttMs} ms set on the server): ${rtt.toFixed(0)} ms. The triage's related findings are off (FINDING_SOURCE=none): the target counts Logging's round trip only; the workload API stand-in answers ${rttMs} ms late, beside it.`,
    );
    const pass = report(await measure(starts, common), bare, rtt);
    if (!pass) process.exitCode = 1;
  } finally {
    await logging?.stop();
    await workloadApi?.stop();
    await emulator?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`cold-start bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
