/**
 * Time per finding under hostile input, as a ratio against the plain finding of the same run (never
 * an absolute number, never in a test). Every untrusted string is cut to its budget at intake, so a
 * hostile finding should cost about what a plain one does, and the cost should not grow with the
 * size of the input: the argv series doubles the input from 64 KB to 2 MB (Linux's limit).
 *
 * `npm run bench` runs it after the triage bench; `npm run bench:hostile` runs it alone.
 */
import './bench-env';
import { type Config, defaultConfig } from '../src/config';
import { triage } from '../src/engine';
import { ExportedLogSource } from '../src/logs/exported-logs';
import { renderMarkdown } from '../src/summary/render-markdown';
import { renderText } from '../src/summary/render-text';
import { fixtureLogsDir, loadSample } from './corpus';
import { argvFinding, wedgeFinding } from '../test/support/hostile-findings';

type Json = Record<string, unknown>;

const warmups = 5;
const runs = 20;
const config: Config = Object.freeze({ ...defaultConfig });
const logs = new ExportedLogSource(fixtureLogsDir);
const say = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (value: number, digits = 1) => value.toFixed(digits);

/** One finding from its JSON text to its three outputs (what the function and the CLI do). */
async function once(text: string): Promise<void> {
  const result = await triage(JSON.parse(text) as Json, { logs, now: () => new Date('2026-01-01T00:00:00Z') }, config);
  if (result.kind === 'skipped') throw new Error(`skipped: ${result.reason}`);
  JSON.stringify(result.summary);
  renderText(result.summary);
  renderMarkdown(result.summary);
}

/** CPU milliseconds per finding (process CPU time, so a blocked event loop counts), after warm-ups. */
async function cpuMs(text: string): Promise<number> {
  for (let i = 0; i < warmups; i++) await once(text);
  const before = process.cpuUsage();
  for (let i = 0; i < runs; i++) await once(text);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1_000 / runs;
}

interface Row {
  readonly figure: string;
  readonly input: string;
  readonly ms: string;
  readonly ratio: string;
  readonly target: string;
  readonly result: string;
}

function printTable(rows: readonly Row[]): void {
  const keys = ['figure', 'input', 'ms', 'ratio', 'target', 'result'] as const;
  const header: Row = { figure: 'finding', input: 'input', ms: 'CPU ms/finding', ratio: 'ratio', target: 'target', result: 'result' };
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i]!)).join(' | ')} |`;
  say(line(header));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.forEach((r) => say(line(r)));
}

const kb = (text: string) => `${fmt(Buffer.byteLength(text) / 1024, 0)} KB`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

async function platformRows(sample: string): Promise<Row[]> {
  const sampleJson = () => JSON.parse(loadSample(sample)) as Json;
  const plain = JSON.stringify(sampleJson());
  const wedge = JSON.stringify(wedgeFinding(sampleJson()));
  const plainMs = await cpuMs(plain);
  const wedgeMs = await cpuMs(wedge);
  const rows: Row[] = [
    { figure: `${sample} plain (baseline)`, input: kb(plain), ms: fmt(plainMs, 2), ratio: '1.00×', target: '—', result: '—' },
    {
      figure: `${sample} wedge (every field hostile)`,
      input: kb(wedge),
      ms: fmt(wedgeMs, 2),
      ratio: `${fmt(wedgeMs / plainMs, 2)}× plain`,
      target: '≤ 10× plain',
      result: verdict(wedgeMs / plainMs <= 10),
    },
  ];
  let previous: number | undefined;
  for (const bytes of [64 * 1024, 256 * 1024, 1024 * 1024, 2 * 1024 * 1024]) {
    const text = JSON.stringify(argvFinding(sampleJson(), bytes));
    const ms = await cpuMs(text);
    const growth = previous === undefined ? '' : `, ${fmt(ms / previous, 2)}× the previous`;
    rows.push({
      figure: `${sample} argv ${fmt(bytes / 1024, 0)} KB`,
      input: kb(text),
      ms: fmt(ms, 2),
      ratio: `${fmt(ms / plainMs, 2)}× plain${growth}`,
      target: '≤ 10× plain',
      result: verdict(ms / plainMs <= 10),
    });
    previous = ms;
  }
  return rows;
}

async function main(): Promise<void> {
  const rows = [...(await platformRows('gke-reverse-shell.json')), ...(await platformRows('cloudrun-reverse-shell.json'))];
  say('');
  say('Hostile input: time per finding against the plain finding of the same run');
  printTable(rows);
  say('');
  say('How:');
  say(
    `- CPU time of the process per finding (JSON text → triage → JSON, text and Markdown reports), ${runs} runs after ${warmups} warm-ups, exported-logs source in process (test/fixtures/logs), default config.`,
  );
  say(
    '- wedge: test/support/hostile-findings.ts: a 300 KB config name, a 500,000-space category, 200 KB of bidi in the description, 5,000 long MITRE techniques, a 600 KB binary path, a 100 KB hash, 2,000 `--all` arguments, 600 KB of quotes and backslashes and 500 KB of spaces in the script, with every planted secret.',
  );
  say(
    '- argv series: the same finding with its argument vector grown to the size shown, out of runs that once made masking backtrack; the JSON parse of the input is included, so the residual growth is parsing, not analysis.',
  );
  say('- target: hostile costs at most 10× a plain finding at any size (before: 5 KB of arguments took about 5 s, 10 KB over 30 s).');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
