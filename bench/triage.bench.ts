/**
 * `npm run bench`: the reader's figures, each against the naive plan (bench/naive.ts) measured in
 * the same run, with a PASS/MISS against its target. Real parts, no mocks: the burst and the lone
 * findings go through the function's handler, the real Cloud Logging client over gRPC to local
 * LoggingServiceV2 servers (test/support/logging-server.ts, each in a child process) and the real
 * Pub/Sub emulator; recall and CPU run the engine in process on the exported-logs source.
 */
import { benchProject } from './bench-env';
import { cpus, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PubSub } from '@google-cloud/pubsub';
import { type Config, parseConfig } from '../src/config';
import { DedupGuard } from '../src/delivery/dedup';
import { readerFor, triage } from '../src/engine';
import { type HandlerDeps, handleDelivery } from '../src/handler';
import { createLogSource } from '../src/logs/index';
import { CloudLoggingSource } from '../src/logs/cloud-logging';
import { ExportedLogSource } from '../src/logs/exported-logs';
import type { ReaderStats } from '../src/logs/reader';
import type { Outcome } from '../src/delivery/outcome';
import type { OutgoingMessage, Publisher } from '../src/publish/port';
import { PubSubPublisher } from '../src/publish/pubsub';
import { createFindingSource } from '../src/related/index';
import { createWorkloadSpecSource } from '../src/specs/index';
import { type WorkloadApiServer, startWorkloadApiServer } from '../test/support/workload-api-server';
import type { Summary } from '../src/summary/schema';
import { pushBody } from '../test/support/deliveries';
import { type RunningEmulator, startEmulator } from '../test/support/pubsub-emulator';
import { type Inbox, emulatorClient, inbox } from '../test/support/pubsub';
import {
  type ChattySpec,
  type Workload,
  burstFindings,
  burstWorkloads,
  findingFor,
  findingsPerWorkload,
  findingSpacingMs,
  fixtureLogsDir,
  loadSample,
  renamed,
  repoRoot,
  writeChattyCorpus,
  writeCpuCorpus,
} from './corpus';
import { type NaiveResult, naiveTriage } from './naive';
import { BenchLoggingServer, type ServerCounts, emulatorMissing, linkNodeModules } from './servers';

type Json = Record<string, unknown>;

const minute = 60_000;
/** The injected round trip of the latency figure. */
const rttMs = 80;
const quota = { quotaPerWindow: 60, quotaWindowMs: minute };
/**
 * How the burst's 20 workloads log: 1 line/s each over the whole window. At the 20 lines/s of the
 * recall corpus the local server's own linear scans and page encoding (not the function) took
 * longer than the 30 s deadline even for the naive plan, so the burst is a quieter project.
 */
const burstLogs: ChattySpec = { linesPerSecond: 1, beforeMs: 30 * minute, afterMs: 15 * minute, nodeLinesPerSecond: 0.5 };
/** The recall corpus: 20 lines/s per workload over the whole window (−30m … +15m). */
const recallLogs: ChattySpec = { linesPerSecond: 20, beforeMs: 30 * minute, afterMs: 15 * minute, nodeLinesPerSecond: 2 };
const loneFindings = 30;
const chattyLoneFindings = 20;
const warmups = 4;
const cpuIterations = 60;

const say = (text: string) => process.stdout.write(`${text}\n`);
const fmt = (value: number, digits = 1) => value.toFixed(digits);
const pct = (part: number, whole: number) => (whole === 0 ? 'n/a' : `${fmt((100 * part) / whole, 0)} %`);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** The real publisher, noting when each summary's publish started (the end of its triage). */
class StampingPublisher implements Publisher {
  readonly startedAt = new Map<string, number>();
  /** Whether the summary read identity_activity: a second round of reads, after the workload's. */
  readonly secondRound = new Map<string, boolean>();
  constructor(private readonly inner: Publisher) {}
  publish(topic: string, message: OutgoingMessage): Promise<string> {
    const triageId = message.attributes.triageId;
    if (triageId !== undefined) {
      this.startedAt.set(triageId, performance.now());
      const summary = JSON.parse(message.data.toString('utf8')) as Summary;
      this.secondRound.set(
        triageId,
        summary.logs.some((section) => section.name === 'identity_activity' && section.status !== 'skipped'),
      );
    }
    return this.inner.publish(topic, message);
  }
}

/** A messagePublished CloudEvent as Functions Framework hands it to the function. */
function cloudEvent(notification: Json, messageId: string): Json {
  return {
    specversion: '1.0',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: `//pubsub.googleapis.com/projects/${benchProject}/topics/scc-findings`,
    id: messageId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: pushBody(notification, { messageId }),
  };
}

/** The function's environment for one logging server and output topic. */
const functionEnv = (loggingAddress: string, topicPath: string, emulatorHost: string): Record<string, string> => ({
  LOGGING_EMULATOR_HOST: loggingAddress,
  // The Container and Cloud Run Admin APIs' stand-in, one RTT away like Logging (test/fixtures/specs).
  ...(cleanup.workloadApi === undefined ? {} : { WORKLOAD_API_EMULATOR_HOST: `${cleanup.workloadApi.host}:${cleanup.workloadApi.port}` }),
  PUBSUB_EMULATOR_HOST: emulatorHost,
  OUTPUT_TOPIC: topicPath,
  GOOGLE_CLOUD_PROJECT: benchProject,
  FINDING_SOURCE: 'none',
});

/** The handler's dependencies, wired as src/function.ts wires them (one reader per instance). */
function functionDeps(env: Record<string, string>, publisher: Publisher, lines: string[]): HandlerDeps & { readonly reader: NonNullable<HandlerDeps['reader']> } {
  const config = parseConfig(env);
  const logs = createLogSource(config.logSource, config);
  return {
    config,
    outputTopic: config.outputTopic!,
    logs,
    reader: readerFor(logs, config),
    findings: createFindingSource(config.findingSource, config),
    specs: createWorkloadSpecSource(config.workloadSource, config),
    publisher,
    dedup: new DedupGuard(config.dedupTtlMs),
    now: () => new Date(),
    log: (line) => lines.push(line),
  };
}

const topicPath = (id: string) => `projects/${benchProject}/topics/${id}`;

/** A read quota with room to spare for the follow-up sections in the burst. */
const roomyQuota = 1000;

// ---------------------------------------------------------------------------------------------
// Evidence recall: the planted lines of a summary's workload, in its excerpts and its highlights.

interface Recall {
  readonly planted: number;
  readonly inExcerpts: number;
  readonly inHighlights: number;
  /** Planted lines missed, by kind (curl, connect, trace). */
  readonly missedExcerpts: Record<string, number>;
  readonly missedHighlights: Record<string, number>;
}

function recallOf(summaries: readonly Summary[], workloads: readonly Workload[]): Recall {
  const byName = new Map(workloads.map((w) => [w.name, w]));
  let planted = 0;
  let inExcerpts = 0;
  let inHighlights = 0;
  const missedExcerpts: Record<string, number> = {};
  const missedHighlights: Record<string, number> = {};
  for (const summary of summaries) {
    const w = byName.get(summary.workload.pod ?? summary.workload.service ?? '');
    if (w === undefined) continue;
    const excerptIds = new Set(summary.logs.flatMap((section) => section.entries.map((e) => e.insertId)));
    const highlightIds = new Set(summary.highlights.map((h) => h.insertId));
    for (const id of w.planted) {
      const kind = id.slice(id.lastIndexOf('-') + 1);
      planted++;
      if (excerptIds.has(id)) inExcerpts++;
      else missedExcerpts[kind] = (missedExcerpts[kind] ?? 0) + 1;
      if (highlightIds.has(id)) inHighlights++;
      else missedHighlights[kind] = (missedHighlights[kind] ?? 0) + 1;
    }
  }
  return { planted, inExcerpts, inHighlights, missedExcerpts, missedHighlights };
}

const missText = (missed: Record<string, number>) =>
  Object.keys(missed).length === 0
    ? 'none missed'
    : `missed ${Object.entries(missed)
        .map(([kind, n]) => `${kind}×${n}`)
        .join(', ')}`;

// ---------------------------------------------------------------------------------------------
// The burst, through the function and naively.

interface BurstRun {
  readonly findings: number;
  readonly calls: number;
  readonly refused: number;
  readonly published: number;
  readonly received: number;
  readonly failed: string[];
  readonly sections: number;
  readonly sectionsInError: number;
  readonly sectionStatuses: Record<string, number>;
  readonly errorKinds: Record<string, number>;
  readonly elapsedMs: number;
  readonly recall: Recall;
  readonly reader?: ReaderStats;
  /** Follow-up sections by name and status (ours only). */
  readonly followUps?: Record<string, number>;
}

const errorKind = (text: string): string => (/RESOURCE_EXHAUSTED|Quota exceeded/i.test(text) ? 'quota refused' : /deadline|timeout|aborted/i.test(text) ? 'deadline' : 'other');

function sectionFigures(summaries: readonly Summary[]) {
  const statuses: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  let sections = 0;
  let inError = 0;
  for (const summary of summaries) {
    for (const section of summary.logs) {
      sections++;
      statuses[section.status] = (statuses[section.status] ?? 0) + 1;
      if (section.status === 'error') {
        inError++;
        const kind = errorKind(section.error ?? '');
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  }
  return { sections, inError, statuses, errorKinds };
}

async function delta(server: BenchLoggingServer, before: ServerCounts): Promise<ServerCounts> {
  const after = await server.counts();
  return { requests: after.requests - before.requests, refused: after.refused - before.refused };
}

async function functionBurst(
  server: BenchLoggingServer,
  emulatorHost: string,
  client: PubSub,
  topicId: string,
  items: readonly { workload: Workload; notification: Json }[],
  workloads: readonly Workload[],
  settings: Record<string, string> = {},
): Promise<BurstRun> {
  const box: Inbox = await inbox(client, topicPath(topicId), `${topicId}-sub`);
  const publisher = new PubSubPublisher({ project: benchProject, timeoutMs: 10_000 });
  const lines: string[] = [];
  const deps = functionDeps({ ...functionEnv(server.address, topicPath(topicId), emulatorHost), ...settings }, publisher, lines);
  try {
    const before = await server.counts();
    const started = performance.now();
    const settled = await Promise.allSettled(items.map((item, i) => handleDelivery(cloudEvent(item.notification, `${topicId}-${i}`), deps)));
    const elapsedMs = performance.now() - started;
    const counts = await delta(server, before);
    const outcomes: Outcome[] = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const published = outcomes.filter((o) => o.outcome === 'published').length;
    const failed = settled.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as Error).message)] : []));
    await box.waitFor(published, 30_000).catch(() => undefined);
    const distinct = new Map(box.messages.map((m) => [m.attributes.triageId, m]));
    const summaries = [...distinct.values()].map((m) => m.json() as Summary);
    return {
      findings: items.length,
      calls: counts.requests,
      refused: counts.refused,
      published,
      received: summaries.length,
      failed,
      ...summaryFigures(summaries, workloads),
      elapsedMs,
      reader: { ...deps.reader.stats },
    };
  } finally {
    await box.close();
    await publisher.close();
  }
}

/** Section statuses and recall of a burst's summaries. */
function summaryFigures(summaries: readonly Summary[], workloads: readonly Workload[]) {
  const figures = sectionFigures(summaries);
  return {
    sections: figures.sections,
    sectionsInError: figures.inError,
    sectionStatuses: figures.statuses,
    errorKinds: figures.errorKinds,
    followUps: followUpFigures(summaries),
    recall: recallOf(summaries, workloads),
  };
}

/** The follow-up sections' statuses (identity_activity, indicator_sweep), `name status (reason)` → count. */
function followUpFigures(summaries: readonly Summary[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const section of summaries.flatMap((s) => s.logs).filter((l) => l.name === 'identity_activity' || l.name === 'indicator_sweep')) {
    const key = `${section.name} ${section.status}${section.status === 'skipped' && (section.reason === 'budget' || section.reason === 'deadline') ? ` (${section.reason})` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function naiveBurst(server: BenchLoggingServer, config: Config, items: readonly { workload: Workload; notification: Json }[], workloads: readonly Workload[]): Promise<BurstRun> {
  const source = new CloudLoggingSource({ project: benchProject, emulatorHost: server.address });
  const before = await server.counts();
  const started = performance.now();
  const results: NaiveResult[] = await Promise.all(items.map((item) => naiveTriage(item.notification, source, config)));
  const elapsedMs = performance.now() - started;
  const counts = await delta(server, before);
  const summaries = results.map((r) => r.summary);
  return {
    findings: items.length,
    calls: counts.requests,
    refused: counts.refused,
    published: results.length,
    received: results.length,
    failed: [],
    ...summaryFigures(summaries, workloads),
    elapsedMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Lone findings, one at a time, with the injected round trip.

interface Latency {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  /** Findings whose identity was found, and so read identity_activity after the workload's sections, apart from the rest. */
  readonly rounds?: { readonly one: readonly number[]; readonly two: readonly number[] };
  readonly callsPerFinding: number;
  /** Deliveries that did not end published (their reasons). */
  readonly failed: string[];
}

async function loneThroughFunction(server: BenchLoggingServer, emulatorHost: string, client: PubSub, topicId: string, inputs: readonly Json[]): Promise<Latency> {
  const [exists] = await client.topic(topicPath(topicId)).exists();
  if (!exists) await client.topic(topicPath(topicId)).create();
  const publisher = new StampingPublisher(new PubSubPublisher({ project: benchProject, timeoutMs: 10_000 }));
  const lines: string[] = [];
  const deps = functionDeps(functionEnv(server.address, topicPath(topicId), emulatorHost), publisher, lines);
  const times: number[] = [];
  const rounds = { one: [] as number[], two: [] as number[] };
  const failed: string[] = [];
  let calls = 0;
  for (const [i, input] of inputs.entries()) {
    // Lone findings arrive far apart: the instance's read budget is whole again for each.
    const own = { ...deps, reader: readerFor(deps.logs, deps.config) };
    const before = await server.counts();
    const started = performance.now();
    const outcome = await handleDelivery(cloudEvent(input, `${topicId}-${i}`), own).catch((error: unknown) => ({ outcome: 'failed', reason: String((error as Error).message), triageId: undefined }));
    const stamped = outcome.triageId === undefined ? undefined : publisher.startedAt.get(outcome.triageId);
    if (i < warmups) continue;
    if (outcome.outcome !== 'published' || stamped === undefined) {
      failed.push(`${outcome.outcome}: ${outcome.reason ?? ''}`);
      continue;
    }
    times.push(stamped - started);
    (publisher.secondRound.get(outcome.triageId!) === true ? rounds.two : rounds.one).push(stamped - started);
    calls += (await delta(server, before)).requests;
  }
  return { n: times.length, p50: percentile(times, 50), p99: percentile(times, 99), rounds, callsPerFinding: calls / Math.max(1, times.length), failed };
}

async function loneNaive(server: BenchLoggingServer, config: Config, inputs: readonly Json[]): Promise<Latency> {
  const source = new CloudLoggingSource({ project: benchProject, emulatorHost: server.address });
  const times: number[] = [];
  let calls = 0;
  for (const [i, input] of inputs.entries()) {
    const started = performance.now();
    const result = await naiveTriage(input, source, config);
    if (i >= warmups) {
      times.push(performance.now() - started);
      calls += result.calls;
    }
  }
  return { n: times.length, p50: percentile(times, 50), p99: percentile(times, 99), callsPerFinding: calls / times.length, failed: [] };
}

/** Quiet lone findings: the samples that match the fixture corpus, each a finding of its own. */
function quietLoneInputs(count: number): Json[] {
  const names = ['gke-reverse-shell.json', 'gke-malicious-python.json', 'cloudrun-reverse-shell.json', 'cloudrun-malicious-python.json'];
  return Array.from({ length: count }, (_, i) => renamed(JSON.parse(loadSample(names[i % names.length]!)) as Json, `lone-quiet-${i}`));
}

/** Chatty lone findings: one 20 lines/s workload, at its detections, each a finding of its own. */
function chattyLoneInputs(w: Workload, count: number): Json[] {
  return Array.from({ length: count }, (_, i) => findingFor(w, w.firstDetection + (i % findingsPerWorkload) * findingSpacingMs, `lone-chatty-${i}`));
}

// ---------------------------------------------------------------------------------------------
// CPU per finding, in process, on exported logs.

interface Cpu {
  readonly cpuMs: number;
  readonly wallMs: number;
}

async function cpuPerFinding(work: (i: number) => Promise<unknown>): Promise<Cpu> {
  for (let i = 0; i < 20; i++) await work(i);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < cpuIterations; i++) await work(i);
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1_000 / cpuIterations, wallMs: (performance.now() - started) / cpuIterations };
}

// ---------------------------------------------------------------------------------------------

interface Row {
  readonly figure: string;
  readonly ours: string;
  readonly naive: string;
  readonly ratio: string;
  readonly target: string;
  readonly result: string;
}

function printTable(rows: readonly Row[]): void {
  const header: Row = { figure: 'figure', ours: 'our plan', naive: 'naive plan', ratio: 'ours / naive', target: 'target', result: 'result' };
  const keys = ['figure', 'ours', 'naive', 'ratio', 'target', 'result'] as const;
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i]!)).join(' | ')} |`;
  say(line(header));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) say(line(row));
}

const ratioText = (ours: number, naive: number, digits = 2) => (naive === 0 ? 'n/a' : `${fmt(ours / naive, digits)}×`);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** Recall on the 20 lines/s corpus: one lone finding per workload, each workload's logs on their own. */
async function recallRun(recallDir: string, workloads: readonly Workload[]): Promise<{ ours: Recall; naive: Recall; callsOurs: number; statuses: Record<string, number> }> {
  const ours: Summary[] = [];
  const naive: Summary[] = [];
  let callsOurs = 0;
  for (const w of workloads) {
    const dir = join(recallDir, workloadTag(w));
    const config = parseConfig({ LOG_SOURCE: dir, FINDING_SOURCE: 'none' });
    const logs = new ExportedLogSource(dir);
    const reader = readerFor(logs, config);
    const input = findingFor(w, w.firstDetection, `recall-${w.index}`);
    const result = await triage(input, { logs, reader, now: () => new Date() }, config);
    if (result.kind === 'skipped') throw new Error(`recall finding on ${w.name} was skipped: ${result.reason}`);
    ours.push(result.summary);
    callsOurs += reader.stats.calls;
    naive.push((await naiveTriage(input, logs, config)).summary);
  }
  return { ours: recallOf(ours, workloads), naive: recallOf(naive, workloads), callsOurs: callsOurs / workloads.length, statuses: sectionFigures(ours).statuses };
}

const workloadTag = (w: Workload) => `w${String(w.index).padStart(2, '0')}`;

/** What the bench started, released once: at the end, on failure, or on SIGINT/SIGTERM. */
const cleanup: { tmp?: string; servers: BenchLoggingServer[]; workloadApi?: WorkloadApiServer; emulator?: RunningEmulator; client?: PubSub; released?: Promise<void> } = { servers: [] };

function release(): Promise<void> {
  cleanup.released ??= (async () => {
    await cleanup.client?.close().catch(() => undefined);
    await Promise.all(cleanup.servers.map((server) => server.stop().catch(() => undefined)));
    await cleanup.workloadApi?.stop().catch(() => undefined);
    await cleanup.emulator?.stop().catch(() => undefined);
    if (cleanup.tmp !== undefined) rmSync(cleanup.tmp, { recursive: true, force: true });
  })();
  return cleanup.released;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench interrupted (${signal}): stopping what it started\n`);
    void release().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const wallStarted = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-bench-'));
  cleanup.tmp = tmp;
  const servers = cleanup.servers;
  let emulator: RunningEmulator | undefined;
  let client: PubSub | undefined;
  const notes: string[] = [];
  try {
    linkNodeModules(join(__dirname, '..'), repoRoot);
    say(`scc-triage bench: Node ${process.version}, ${cpus().length} CPUs; every figure beside the naive plan (one newest-first page of the whole window per section), measured in the same run.`);

    // Corpora, generated for this run.
    const workloads = burstWorkloads();
    const burst = burstFindings(workloads);
    let started = performance.now();
    const burstDir = join(tmp, 'burst');
    const burstEntries = writeChattyCorpus(burstDir, workloads, burstLogs);
    // Per workload: a lone finding's queries match only its pod or service, its node and its audit
    // entries, so a source of those alone answers as the whole project would, without scanning
    // the other 19 workloads' lines in vain.
    const recallDir = join(tmp, 'recall');
    let recallEntries = 0;
    for (const w of workloads) recallEntries += writeChattyCorpus(join(recallDir, workloadTag(w)), [w], recallLogs);
    const loneWorkload = workloads[0]!;
    const cpuDir = join(tmp, 'cpu');
    mkdirSync(cpuDir);
    const cpuCorpus = writeCpuCorpus(cpuDir);
    say(
      `corpora: ${burstEntries.toLocaleString('en')} entries (burst), ${recallEntries.toLocaleString('en')} (recall, 20 lines/s), ${cpuCorpus.entries.toLocaleString('en')} (CPU), written in ${fmt((performance.now() - started) / 1000)} s`,
    );

    // The Pub/Sub emulator, and the logging servers (each its own process, warmed: corpus loaded).
    started = performance.now();
    const missing = emulatorMissing();
    const emulatorStarting: Promise<RunningEmulator | undefined> =
      missing !== undefined
        ? Promise.resolve(undefined)
        : startEmulator(undefined, 90_000).then(
            (running) => {
              cleanup.emulator = running;
              return running;
            },
            (error: unknown) => {
              notes.push(`the Pub/Sub emulator did not start (${(error as Error).message.split('\n')[0]}): the figures through the function were skipped.`);
              return undefined;
            },
          );
    if (missing !== undefined) notes.push(`Pub/Sub emulator not installed (${missing}): the figures through the function were skipped.`);
    const start = (label: string, corpus: string, options: Record<string, number>) =>
      BenchLoggingServer.start(label, corpus, options).then((server) => {
        servers.push(server);
        return server;
      });
    const [loneQuiet, loneChatty, free, quotaNaive, quotaOurs] = await Promise.all([
      start('lone-quiet', fixtureLogsDir, { latencyMs: rttMs }),
      start('lone-chatty', join(recallDir, workloadTag(loneWorkload)), { latencyMs: rttMs }),
      start('burst', burstDir, {}),
      start('burst-quota-naive', burstDir, quota),
      start('burst-quota-ours', burstDir, quota),
    ]);
    cleanup.workloadApi = await startWorkloadApiServer(JSON.parse(readFileSync(join(fixtureLogsDir, '..', 'specs', 'workload-specs.json'), 'utf8')), rttMs);
    await Promise.all(servers.map((server) => server.warm(benchProject, 'acme-payments-prod')));
    const quotaWarmedAt = performance.now();
    emulator = await emulatorStarting;
    say(`logging servers${emulator === undefined ? '' : ' and Pub/Sub emulator'} ready in ${fmt((performance.now() - started) / 1000)} s`);

    const env = emulator === undefined ? undefined : `${emulator.host}:${emulator.port}`;
    if (env !== undefined) {
      process.env.PUBSUB_EMULATOR_HOST = env;
      client = emulatorClient(env);
      cleanup.client = client;
    }
    const baseConfig = parseConfig({ GOOGLE_CLOUD_PROJECT: benchProject, FINDING_SOURCE: 'none' });
    const timings: string[] = [];

    // CPU per finding (in process, exported logs, warm).
    started = performance.now();
    const cpuConfig = parseConfig({ LOG_SOURCE: cpuDir, FINDING_SOURCE: 'none', READ_QUOTA_PER_MINUTE: '100000' });
    const cpuLogs = new ExportedLogSource(cpuDir);
    const cpuReader = readerFor(cpuLogs, cpuConfig);
    const cpuOurs = await cpuPerFinding((i) => triage(cpuCorpus.samples[i % 2], { logs: cpuLogs, reader: cpuReader, now: () => new Date() }, cpuConfig));
    const cpuNaive = await cpuPerFinding((i) => naiveTriage(cpuCorpus.samples[i % 2], cpuLogs, cpuConfig));
    timings.push(`CPU ${fmt((performance.now() - started) / 1000)} s`);

    // Evidence recall (in process, exported logs).
    started = performance.now();
    const recall = await recallRun(recallDir, workloads);
    timings.push(`recall ${fmt((performance.now() - started) / 1000)} s`);

    let burstFree: { ours: BurstRun; naive: BurstRun } | undefined;
    let burstQuota: { ours: BurstRun; naive: BurstRun } | undefined;
    let burstRoomy: BurstRun | undefined;
    let lone: { quietOurs: Latency; quietNaive: Latency; chattyOurs: Latency; chattyNaive: Latency } | undefined;
    if (env !== undefined && client !== undefined) {
      started = performance.now();
      const quietInputs = quietLoneInputs(loneFindings + warmups);
      const chattyInputs = chattyLoneInputs(loneWorkload, chattyLoneFindings + warmups);
      lone = {
        quietOurs: await loneThroughFunction(loneQuiet, env, client, 'bench-lone-quiet', quietInputs),
        quietNaive: await loneNaive(loneQuiet, baseConfig, quietInputs),
        chattyOurs: await loneThroughFunction(loneChatty, env, client, 'bench-lone-chatty', chattyInputs),
        chattyNaive: await loneNaive(loneChatty, baseConfig, chattyInputs),
      };
      timings.push(`lone findings ${fmt((performance.now() - started) / 1000)} s`);

      started = performance.now();
      const naiveFree = await naiveBurst(free, baseConfig, burst, workloads);
      const oursFree = await functionBurst(free, env, client, 'bench-burst', burst, workloads);
      burstFree = { ours: oursFree, naive: naiveFree };
      // The same burst with budget to spare, so the follow-up sections are read too.
      burstRoomy = await functionBurst(free, env, client, 'bench-burst-roomy', burst, workloads, { READ_QUOTA_PER_MINUTE: String(roomyQuota) });
      timings.push(`burst ${fmt((performance.now() - started) / 1000)} s`);

      // The quota servers' warm-up call must have left their rolling minute.
      const wait = quotaWarmedAt + minute + 1_000 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      started = performance.now();
      const naiveQuota = await naiveBurst(quotaNaive, baseConfig, burst, workloads);
      const oursQuota = await functionBurst(quotaOurs, env, client, 'bench-burst-quota', burst, workloads);
      burstQuota = { ours: oursQuota, naive: naiveQuota };
      timings.push(`burst under quota ${fmt((performance.now() - started) / 1000)} s${wait > 0 ? ` (after waiting ${fmt(wait / 1000)} s for the warm-up call to leave the quota window)` : ''}`);
    }

    // The table.
    const rows: Row[] = [];
    const skipped = (figure: string, target: string): Row => ({ figure, ours: 'skipped', naive: 'skipped', ratio: '—', target, result: 'SKIPPED' });
    const callsFigure = 'calls per triaged finding (burst of 100)';
    if (burstFree !== undefined) {
      const ours = burstFree.ours.calls / Math.max(1, burstFree.ours.published);
      const naive = burstFree.naive.calls / burstFree.naive.findings;
      const inError = burstFree.ours.sectionsInError > 0 ? ` (${burstFree.ours.sectionsInError} of ${burstFree.ours.sections} sections in error)` : '';
      rows.push({
        figure: callsFigure,
        ours: `${fmt(ours, 2)}${inError}`,
        naive: fmt(naive, 2),
        ratio: ratioText(ours, naive),
        target: '≤ 1.0',
        result: verdict(ours <= 1.0 && burstFree.ours.published === burst.length),
      });
    } else rows.push(skipped(callsFigure, '≤ 1.0'));
    if (burstRoomy !== undefined && burstFree !== undefined) {
      const ours = burstRoomy.calls / Math.max(1, burstRoomy.published);
      const naive = burstFree.naive.calls / burstFree.naive.findings;
      rows.push({
        figure: `calls per finding, follow-ups read (quota ${roomyQuota}/min)`,
        ours: fmt(ours, 2),
        naive: fmt(naive, 2),
        ratio: ratioText(ours, naive),
        target: '≤ 1.0',
        result: verdict(ours <= 1.0 && burstRoomy.published === burst.length),
      });
    }
    const quotaFigure = 'read quota respected (60 calls/min)';
    if (burstQuota !== undefined) {
      const { ours, naive } = burstQuota;
      const lost = ours.findings - ours.received;
      rows.push({
        figure: quotaFigure,
        ours: `${ours.sectionsInError} of ${ours.sections} sections in error, ${lost} findings lost`,
        naive: `${naive.sectionsInError} of ${naive.sections} sections in error`,
        ratio: ratioText(ours.sectionsInError, naive.sectionsInError),
        target: '0 in error, 0 lost',
        result: verdict(ours.sectionsInError === 0 && lost === 0),
      });
    } else rows.push(skipped(quotaFigure, '0 in error, 0 lost'));
    const latencyRow = (figure: string, ours: Latency, naive: Latency, extra = false): Row => ({
      figure,
      ours: `p50 ${fmt(ours.p50, 0)} ms (${fmt(ours.p50 / rttMs, 2)}× RTT), p99 ${fmt(ours.p99, 0)} ms`,
      naive: `p50 ${fmt(naive.p50, 0)} ms (${fmt(naive.p50 / rttMs, 2)}× RTT), p99 ${fmt(naive.p99, 0)} ms`,
      ratio: `p50 ${ratioText(ours.p50, naive.p50)}, p99 ${ratioText(ours.p99, naive.p99)}`,
      // A chatty pod reads up to SECTION_MAX_PAGES pages per direction, one round trip each: no RTT target.
      target: extra ? '— (informational: up to 3 rounds of pages)' : `p50 ≤ 1.3× RTT (${fmt(1.3 * rttMs, 0)} ms)`,
      result: extra ? (ours.failed.length === 0 ? '—' : 'MISS') : verdict(ours.p50 <= 1.3 * rttMs && ours.failed.length === 0),
    });
    /**
     * The quiet lone findings by rounds of reads: the workload's sections alone (identity unknown),
     * or those and then identity_activity, which needs the identity their entries name: one RTT more
     * by design. Each is held to 1.3× RTT a round; the naive plan has one round for all.
     */
    const roundRows = (figure: string, ours: Latency, naive: Latency): Row[] =>
      (
        [
          ['one', 1, 'identity not read: one round of reads'],
          ['two', 2, 'identity read: a second round, identity_activity'],
        ] as const
      ).flatMap(([key, rounds, label]) => {
        const times = ours.rounds?.[key] ?? [];
        if (times.length === 0) return [];
        const p50 = percentile(times, 50);
        const limit = (0.3 + rounds) * rttMs;
        return [
          {
            figure: `${figure}, ${label} (${times.length} findings)`,
            ours: `p50 ${fmt(p50, 0)} ms (${fmt(p50 / rttMs, 2)}× RTT), p99 ${fmt(percentile(times, 99), 0)} ms`,
            naive: `p50 ${fmt(naive.p50, 0)} ms (${fmt(naive.p50 / rttMs, 2)}× RTT), p99 ${fmt(naive.p99, 0)} ms`,
            ratio: `p50 ${ratioText(p50, naive.p50)}`,
            target: `p50 ≤ ${fmt(0.3 + rounds, 1)}× RTT (${fmt(limit, 0)} ms)`,
            result: verdict(p50 <= limit && ours.failed.length === 0),
          },
        ];
      });
    const quietFigure = `lone-finding latency, RTT ${rttMs} ms (fixture logs)`;
    const chattyFigure = `lone-finding latency, RTT ${rttMs} ms (20 lines/s pod)`;
    if (lone !== undefined) {
      rows.push(...roundRows(quietFigure, lone.quietOurs, lone.quietNaive));
      rows.push(latencyRow(chattyFigure, lone.chattyOurs, lone.chattyNaive, true));
    } else {
      rows.push(skipped(quietFigure, 'p50 ≤ 1.3× RTT'));
      rows.push(skipped(chattyFigure, 'p50 ≤ 1.3× RTT'));
    }
    {
      const o = recall.ours;
      const n = recall.naive;
      rows.push({
        figure: 'evidence recall (20 lines/s, planted lines)',
        ours: `excerpts ${pct(o.inExcerpts, o.planted)}, highlights ${pct(o.inHighlights, o.planted)}`,
        naive: `excerpts ${pct(n.inExcerpts, n.planted)}, highlights ${pct(n.inHighlights, n.planted)}`,
        ratio: n.inExcerpts === 0 && n.inHighlights === 0 ? 'n/a (naive 0)' : `${ratioText(o.inExcerpts, n.inExcerpts)}, ${ratioText(o.inHighlights, n.inHighlights)}`,
        target: '100 % and 100 %',
        result: verdict(o.planted > 0 && o.inExcerpts === o.planted && o.inHighlights === o.planted),
      });
    }
    rows.push({
      figure: 'CPU per finding (1,000 entries/section, warm)',
      ours: `${fmt(cpuOurs.cpuMs, 1)} ms (wall ${fmt(cpuOurs.wallMs, 1)} ms)`,
      naive: `${fmt(cpuNaive.cpuMs, 1)} ms (wall ${fmt(cpuNaive.wallMs, 1)} ms)`,
      ratio: ratioText(cpuOurs.cpuMs, cpuNaive.cpuMs),
      target: '— (none)',
      result: '—',
    });
    say('');
    printTable(rows);

    // How each figure was made.
    const spreadS = (Date.parse(String((burst.at(-1)!.notification.finding as Json).eventTime)) - Date.parse(String((burst[0]!.notification.finding as Json).eventTime))) / 1000;
    say('');
    say('How:');
    say(
      `- burst: ${burst.length} Reverse Shell findings on ${workloads.length} workloads of acme-payments-prod (10 GKE pods on ${new Set(workloads.map((w) => w.node).filter(Boolean)).size} nodes, 10 Cloud Run services), ${findingsPerWorkload} per workload, detections spread over ${fmt(spreadS)} s, all delivered at once to one instance: handleDelivery wired as src/function.ts (one reader), the real Cloud Logging client over gRPC (LOGGING_EMULATOR_HOST) to the local server, which counts calls, and the real PubSubPublisher to the Pub/Sub emulator; a finding is lost unless its summary reached a subscription.`,
    );
    say(
      `- burst logs: each workload logs ${burstLogs.linesPerSecond} line/s over the whole window, each node ${burstLogs.nodeLinesPerSecond}/s, 2 audit entries per workload, and the 3 planted lines below. NOTE: not 20 lines/s: with 400 lines/s in one corpus the local server's linear scans and page encoding alone (not the function) took longer than the 30 s deadline for the naive plan, so the burst is a quieter project.`,
    );
    say(
      `- quota: the same burst against fresh servers that answer RESOURCE_EXHAUSTED past 60 calls in any rolling 60 s; the function runs with its defaults (READ_QUOTA_PER_MINUTE 60, DEADLINE 30s, SECTION_MAX_PAGES 3, READ_BATCH_WINDOW 50ms). Naive sections in error are its refused calls (and any deadline).`,
    );
    say(
      `- lone findings: one after another (after ${warmups} warm-ups) through the function, ${rttMs} ms added by the server to every call; triage time = delivery start until its publish starts (publish excluded); a fresh reader per finding, as an instance idle between lone findings has its budget whole. Fixture logs: ${loneFindings} findings, the four samples test/fixtures/logs covers, split by whether the identity was found (the Container and Cloud Run Admin API stand-in answers ${rttMs} ms late too, beside the workload's sections), which adds identity_activity's round of reads. Extra row, 20 lines/s pod: ${chattyLoneFindings} findings on one GKE pod of the recall corpus; there the local server, which answers one call at a time with a linear scan (about 100–500 ms a call on that corpus), weighs more than the RTT, for both plans.`,
    );
    say(
      `- recall: ${workloads.length} workloads logging ${recallLogs.linesPerSecond} lines/s over the whole window (−30m … +15m around each detection; no band reduction), nodes ${recallLogs.nodeLinesPerSecond}/s; 3 planted ERROR stderr lines per workload within ±10 s of detection: "curl: (7) Failed to connect to <dst ip> …" (−1 s), "<shell>: connect to <dst ip> port 4444 …" (+2 s), "Traceback (most recent call last): File "/app/…/handlers.py" …" (+4 s, names no indicator). One lone finding per workload through the engine (triage, default config) on exported logs, each workload's logs in a source of its own; a planted line counts for excerpts when its insertId is among the summary's section excerpts, for highlights when a highlight carries its insertId.`,
    );
    say(
      `- naive: the same plans (planTriage), one entries.list per section, newest page of the whole window (timestamp desc, pageSize 1000), newest ${baseConfig.sectionExcerpts} entries as excerpts, summary by src/summary/build.ts; same deadline; no coalescing, no budget.`,
    );
    say(
      `- CPU: process CPU time per triage (wall time beside it), ${cpuIterations} runs after 20 warm-ups, exported-logs source in process, the GKE and Cloud Run reverse-shell samples with exactly 1,000 entries in each section's window.`,
    );

    say('');
    say('Details:');
    const burstLine = (label: string, run: BurstRun) =>
      `- ${label}: ${run.calls} calls (${run.refused} refused) for ${run.findings} findings in ${fmt(run.elapsedMs / 1000)} s; published ${run.published}, received ${run.received}${run.failed.length > 0 ? `, failed ${run.failed.length} (${[...new Set(run.failed)].slice(0, 2).join('; ')})` : ''}; sections ${Object.entries(
        run.sectionStatuses,
      )
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}${
        run.sectionsInError > 0
          ? ` (errors: ${Object.entries(run.errorKinds)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')})`
          : ''
      }${run.reader ? `; reader ${JSON.stringify(run.reader)}` : ''}; planted lines (1 line/s corpus): excerpts ${pct(run.recall.inExcerpts, run.recall.planted)}, highlights ${pct(run.recall.inHighlights, run.recall.planted)}`;
    if (burstFree !== undefined) {
      say(burstLine('burst, ours', burstFree.ours));
      say(`- burst, ours, follow-up sections: ${JSON.stringify(burstFree.ours.followUps)}`);
      if (burstRoomy !== undefined) {
        say(burstLine(`burst with READ_QUOTA_PER_MINUTE ${roomyQuota}, ours`, burstRoomy));
        say(`- burst with READ_QUOTA_PER_MINUTE ${roomyQuota}, ours, follow-up sections: ${JSON.stringify(burstRoomy.followUps)}`);
      }
      say(burstLine('burst, naive', burstFree.naive));
    }
    if (burstQuota !== undefined) {
      say(burstLine('burst under quota, ours', burstQuota.ours));
      say(burstLine('burst under quota, naive', burstQuota.naive));
    }
    say(
      `- recall, ours: excerpts ${missText(recall.ours.missedExcerpts)}; highlights ${missText(recall.ours.missedHighlights)}; ${fmt(recall.callsOurs, 1)} calls per finding; sections ${Object.entries(
        recall.statuses,
      )
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}`,
    );
    if (lone !== undefined) {
      for (const [label, run] of [
        ['fixture logs', lone.quietOurs],
        ['20 lines/s pod', lone.chattyOurs],
      ] as const) {
        if (run.failed.length > 0) say(`- lone findings (${label}): ${run.failed.length} not published: ${[...new Set(run.failed)].slice(0, 2).join('; ')}`);
      }
      say(
        `- lone calls per finding: fixture logs ours ${fmt(lone.quietOurs.callsPerFinding, 2)}, naive ${fmt(lone.quietNaive.callsPerFinding, 2)}; 20 lines/s pod ours ${fmt(lone.chattyOurs.callsPerFinding, 2)}, naive ${fmt(lone.chattyNaive.callsPerFinding, 2)}`,
      );
    }
    say(`- phases: ${timings.join(', ')}`);
    for (const note of notes) say(`- ${note}`);
    say(`total wall time ${fmt((performance.now() - wallStarted) / 1000)} s`);
  } finally {
    await release();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
