/**
 * Properties under hostile input. fast-check puts hostile strings (huge, control characters, bidi,
 * quotes, `--flags`, nested JSON, planted secrets) into every field an attacker influences, on both
 * platforms, and the engine runs on real exported logs (with planted secrets in log lines too).
 * Whatever the outcome, the published JSON and the printed reports stay within the bound, no
 * planted secret survives in any format, no control character reaches a human, and every next-step
 * command parses back into the argv it was meant to be. Timing is the bench's job
 * (`bench/hostile.bench.ts`), never a timer here.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'shell-quote';
import { type Config, defaultConfig } from '../../src/config';
import { triage, type TriageResult } from '../../src/engine';
import { TriageError } from '../../src/errors';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { renderMarkdown } from '../../src/summary/render-markdown';
import { ansiStyle, renderText } from '../../src/summary/render-text';
import type { Summary } from '../../src/summary/schema';
import { loadSample, logsDir } from '../support/fixtures';
import { hostileName, hostileSecretText, type Planted, plantedArgv, plantedInLogs, raw } from './generators';

// Runs per property; raise for a deeper search (HOSTILE_RUNS=200 npx jest test/hostile/properties). A failure prints its seed.
const runs = Number(process.env.HOSTILE_RUNS ?? 15);
const config: Config = Object.freeze({ ...defaultConfig, maxMessageBytes: 65_536 });
const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-properties-'));
for (const name of readdirSync(logsDir)) copyFileSync(join(logsDir, name), join(tmp, name));
writeFileSync(join(tmp, 'planted.ndjson'), plantedInLogs.entries.map((entry) => JSON.stringify(entry)).join('\n'));
const logs = new ExportedLogSource(tmp);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Raw = Record<string, any>;
type Setter = (raw: Raw, value: string) => void;
const process0 = (raw: Raw) => raw.finding.processes[0];

/** Every attacker-influenced field of a notification, as a setter on the raw JSON. */
const commonFields: Record<string, Setter> = {
  'finding.name': (r, v) => void (r.finding.name = `${r.finding.name}${v}`),
  notificationConfigName: (r, v) => void (r.notificationConfigName = v),
  'finding.category': (r, v) => void (r.finding.category = `${r.finding.category}${v}`),
  'finding.description': (r, v) => void (r.finding.description = v),
  'finding.parentDisplayName': (r, v) => void (r.finding.parentDisplayName = v),
  'finding.resourceName (last segment)': (r, v) => void (r.finding.resourceName = `${r.finding.resourceName}${v}`),
  'finding.processes[0].name': (r, v) => void (process0(r).name = v),
  'finding.processes[0].binary.path': (r, v) => void (process0(r).binary.path = `/tmp/${v}`),
  'finding.processes[0].binary.sha256': (r, v) => void (process0(r).binary.sha256 = v),
  'finding.processes[0].script.path': (r, v) => void (process0(r).script = { path: v, contents: 'print(1)' }),
  'finding.processes[1] (a second process)': (r, v) => void r.finding.processes.push({ name: v, binary: { path: v }, args: [v, v], pid: '7' }),
  'finding.indicator.ipAddresses[]': (r, v) => void (r.finding.indicator = { ipAddresses: [v, '203.0.113.9'], domains: [v] }),
  'finding.mitreAttack techniques': (r, v) => void (r.finding.mitreAttack = { primaryTactic: v, primaryTechniques: [v, 'UNIX_SHELL'], additionalTechniques: [v] }),
  'finding.containers[0].uri': (r, v) => void (r.finding.containers = [{ name: 'app', uri: v, imageId: v }]),
  'finding.contacts': (r, v) => void (r.finding.contacts = { security: { contacts: [{ email: v }] } }),
  'resource.displayName': (r, v) => void (r.resource.displayName = v),
  'resource.projectDisplayName': (r, v) => void (r.resource.projectDisplayName = v),
};

const gkeFields: Record<string, Setter> = {
  ...commonFields,
  'sourceProperties.Pod_Name': (r, v) => void (r.finding.sourceProperties.Pod_Name = v),
  'sourceProperties.Pod_Namespace': (r, v) => void (r.finding.sourceProperties.Pod_Namespace = v),
  'sourceProperties.Container_Name': (r, v) => void (r.finding.sourceProperties.Container_Name = v),
  'sourceProperties.Container_Image_Uri': (r, v) => void (r.finding.sourceProperties.Container_Image_Uri = v),
  'sourceProperties.VM_Instance_Name': (r, v) => void (r.finding.sourceProperties.VM_Instance_Name = v),
  'sourceProperties.Reverse_Shell_Stdin_Redirection_Dst_Ip': (r, v) => void (r.finding.sourceProperties.Reverse_Shell_Stdin_Redirection_Dst_Ip = v),
  'kubernetes.pods[0] (no sourceProperties names)': (r, v) => {
    delete r.finding.sourceProperties.Pod_Name;
    delete r.finding.sourceProperties.Pod_Namespace;
    r.finding.kubernetes.pods[0] = { ns: v, name: v, containers: [{ name: v, uri: v }] };
  },
  'kubernetes.nodes[0].name': (r, v) => void (r.finding.kubernetes.nodes = [{ name: `//compute.googleapis.com/projects/p/zones/z/instances/${v}` }]),
};

const runFields: Record<string, Setter> = {
  ...commonFields,
  'sourceProperties.Container_Image_Uri': (r, v) => void (r.finding.sourceProperties.Container_Image_Uri = v),
  'finding.resourceName (service or job replaced)': (r, v) => void (r.finding.resourceName = r.finding.resourceName.replace(/[^/]+$/, v)),
};

const platforms = [
  { sample: 'gke-reverse-shell.json', fields: gkeFields },
  { sample: 'gke-malicious-python.json', fields: gkeFields },
  { sample: 'cloudrun-reverse-shell.json', fields: runFields },
  { sample: 'cloudrun-job-remote-command-exec.json', fields: runFields },
] as const;

/** The secret-bearing fields of process evidence: the argv the secret came in (the process's whole command line), a script, an env variable. */
function plantSecret(raw: Raw, planted: Planted): void {
  const process = process0(raw);
  if (planted.argv.length > 0) process.args = [...planted.argv];
  if (planted.script !== undefined) process.script = { path: '/tmp/x.py', contents: planted.script };
  if (planted.env !== undefined) process.envVariables = [planted.env];
}

interface Outputs {
  readonly json?: string;
  readonly text?: string;
  readonly markdown?: string;
  readonly error?: string;
  readonly skipped?: string;
}

async function run(raw: Raw): Promise<{ result?: TriageResult; outputs: Outputs }> {
  try {
    const result = await triage(raw, { logs, now: () => new Date('2026-01-01T00:00:00Z') }, config);
    if (result.kind === 'skipped') return { result, outputs: { skipped: result.reason } };
    const summary = result.summary;
    return { result, outputs: { json: JSON.stringify(summary), text: renderText(summary, ansiStyle, config.maxMessageBytes), markdown: renderMarkdown(summary, config.maxMessageBytes) } };
  } catch (error) {
    // Only the typed, non-retryable rejection of bad input is an acceptable throw.
    expect(error).toBeInstanceOf(TriageError);
    expect((error as TriageError).retryable).toBe(false);
    return { outputs: { error: (error as Error).message } };
  }
}

const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** The first characters of a secret after its public prefix: enough to catch half a secret left at a cut. */
const needleOf = (secret: string, keep: number) => secret.slice(keep, keep + Math.min(8, secret.length - keep));

function expectNoSecret(outputs: Outputs, secrets: readonly { secret: string; keep: number }[]): void {
  for (const text of [outputs.json, outputs.text, outputs.markdown, outputs.error]) {
    if (text === undefined) continue;
    for (const { secret, keep } of secrets) expect(text).not.toContain(needleOf(secret, keep));
  }
}

const flagsWithValues = new Set(['-n', '-c', '--location', '--project', '--region', '--job', '--service', '--ingress']);

/** A next-step command: plain words only, option values and names not option-like, and the argv meant. */
function expectIntendedArgv(summary: Summary, input: Raw): void {
  for (const step of summary.nextSteps) {
    if (step.command === undefined) continue;
    const argv = parse(step.command);
    expect(argv.every((word) => typeof word === 'string')).toBe(true);
    const words = argv as string[];
    expect(['kubectl', 'gcloud']).toContain(words[0]);
    words.forEach((word, i) => {
      expect(word).not.toMatch(raw);
      if (flagsWithValues.has(words[i - 1] ?? '')) expect(word.startsWith('-')).toBe(false);
    });
    const end = words.indexOf('--');
    // After `--` come names, except in `kubectl exec`, where the command to run follows.
    const positional = end < 0 || (words[0] === 'kubectl' && words.includes('exec')) ? [] : words.slice(end + 1);
    for (const name of positional) expect(name.startsWith('-')).toBe(false);
  }
  const describe = summary.nextSteps.find((s) => s.title.startsWith('Describe the pod'))?.command;
  const w = summary.workload;
  // A name the finding lacks is a placeholder for the responder to fill in.
  if (describe !== undefined) expect(parse(describe)).toEqual(['kubectl', '-n', w.namespace ?? '<namespace>', 'describe', 'pod', '--', w.pod ?? '<pod>']);
  const service = summary.nextSteps.find((s) => s.title === 'Describe the service')?.command;
  if (service !== undefined)
    expect(parse(service)).toEqual(['gcloud', 'run', 'services', 'describe', '--region', w.location ?? '<region>', '--project', w.projectId ?? '<project>', '--', w.service ?? '<service>']);
  // The names in commands are the finding's own, unshortened and unescaped.
  if (describe !== undefined && w.pod !== undefined) expect(w.pod).toBe(input.finding.sourceProperties.Pod_Name || input.finding.kubernetes.pods[0].name);
}

const fieldCases = platforms.flatMap(({ sample, fields }) => Object.keys(fields).map((field) => ({ sample, field, set: fields[field]! })));

describe('every attacker-influenced field, hostile', () => {
  it.each(fieldCases.map((c) => [`${c.sample} ${c.field}`, c] as const))('%s: bounded, masked, sanitised, commands as meant', async (_, { sample, set }) => {
    await fc.assert(
      fc.asyncProperty(hostileName, plantedArgv, async (value, planted) => {
        const notification = loadSample(sample);
        set(notification, value);
        plantSecret(notification, planted);
        const { result, outputs } = await run(notification);
        expect(bytes(outputs.json)).toBeLessThanOrEqual(config.maxMessageBytes);
        expect(bytes(outputs.text)).toBeLessThanOrEqual(config.maxMessageBytes);
        expect(bytes(outputs.markdown)).toBeLessThanOrEqual(config.maxMessageBytes);
        expect(bytes(outputs.error)).toBeLessThanOrEqual(4_096);
        expectNoSecret(outputs, [...planted.secrets, ...plantedInLogs.secrets]);
        expect(bytes(outputs.skipped)).toBeLessThanOrEqual(4_096);
        for (const human of [outputs.text?.replace(/\u001b\[[0-9;]*m/g, ''), outputs.markdown]) if (human !== undefined) expect(human).not.toMatch(raw);
        if (result?.kind !== undefined && result.kind !== 'skipped') expectIntendedArgv(result.summary, notification);
      }),
      { numRuns: runs },
    );
  });
});

describe('secret-bearing fields, hostile and huge', () => {
  it.each(platforms.map((p) => [p.sample] as const))('%s: arguments, script and environment full of hostile text never leak a secret', async (sample) => {
    await fc.assert(
      fc.asyncProperty(hostileSecretText, fc.array(hostileSecretText, { maxLength: 4 }), plantedArgv, async (text, args, planted) => {
        const notification = loadSample(sample);
        plantSecret(notification, planted);
        // The planted argv stays the first process's whole command line (its tool's own shape); the hostile text goes everywhere else.
        const process = process0(notification);
        process.script = { path: '/tmp/s.py', contents: text.value };
        process.envVariables = [...(process.envVariables ?? []), { name: 'NOTES', val: text.value }];
        notification.finding.processes.push({ name: 'sh', binary: { path: '/bin/sh' }, args: ['sh', '-c', text.value, ...args.map((a) => a.value)], pid: '9' });
        const { outputs } = await run(notification);
        expect(bytes(outputs.json)).toBeLessThanOrEqual(config.maxMessageBytes);
        expectNoSecret(outputs, [...planted.secrets, ...text.secrets, ...args.flatMap((a) => a.secrets), ...plantedInLogs.secrets]);
      }),
      { numRuns: runs * 2 },
    );
  });
});
