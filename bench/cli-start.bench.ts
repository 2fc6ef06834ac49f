/**
 * Start-up of the `scc-triage` command: the median wall time of the built bin (`node
 * bin/scc-triage.js`) for `--help`, `--version` and `validate`, as a ratio against `node -e 0`
 * measured in the same run, interleaved, so machine noise falls on both alike. `npx scc-triage
 * --help` is shown beside them for what npm adds on top. Never an absolute figure, never in a test.
 *
 * It runs what `npm run build` left in dist/: `npm run bench:cli` builds first.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { repoRoot, samplesDir } from './corpus';

const warmups = 3;
const runs = 21;
/** npx costs about a second a run (npm resolves the package tree), so fewer runs: it is informational. */
const npxRuns = 5;
const bin = join(repoRoot, 'bin', 'scc-triage.js');
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Probe {
  readonly figure: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The most ratio to `node -e 0` that passes, or undefined for an informational row. */
  readonly target?: number;
  readonly runs: number;
  /** What the output must start with, so a run that printed something else (npx's own help) is not timed. */
  readonly expect: RegExp;
}

const help = /^usage:\n {2}scc-triage triage /;
const baseline: Probe = { figure: 'node -e 0 (baseline)', command: process.execPath, args: ['-e', '0'], runs, expect: /^$/ };
const probes: readonly Probe[] = [
  baseline,
  { figure: 'scc-triage --help', command: process.execPath, args: [bin, '--help'], target: 1.5, runs, expect: help },
  { figure: 'scc-triage --version', command: process.execPath, args: [bin, '--version'], target: 1.5, runs, expect: /^scc-triage \d/ },
  { figure: 'scc-triage validate (one sample)', command: process.execPath, args: [bin, 'validate', join(samplesDir, 'gke-reverse-shell.json')], runs, expect: /^ok / },
  { figure: 'npx scc-triage --help', command: 'npx', args: ['scc-triage', '--help'], runs: npxRuns, expect: help },
];

// No update check (it would ask the registry now and then), and none of the npm_* variables of the
// `npm run` that started the bench: an npx inside an npm script reads them as its own settings.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_'))), npm_config_update_notifier: 'false' };

/** Wall milliseconds of one run; a run that fails or prints something else stops the bench, as its time would mean nothing. */
function once(probe: Probe): number {
  const started = performance.now();
  const result = spawnSync(probe.command, probe.args, { cwd: repoRoot, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0 || !probe.expect.test(result.stdout)) {
    throw new Error(`${probe.figure} exited ${result.status} printing ${JSON.stringify(result.stdout.slice(0, 80))}: ${(result.stderr || String(result.error)).trim().split('\n')[0]}`);
  }
  return ms;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Every probe once per round, in turn, so slow and fast moments of the machine are shared. */
function measure(): Map<Probe, number[]> {
  const times = new Map<Probe, number[]>(probes.map((probe) => [probe, []]));
  for (let round = 0; round < warmups; round++) for (const probe of probes) once(probe);
  for (let round = 0; round < runs; round++) {
    for (const probe of probes) if (round < probe.runs) times.get(probe)!.push(once(probe));
  }
  return times;
}

function main(): void {
  say(`scc-triage CLI start-up bench: Node ${process.version}, ${cpus().length} CPUs; median of ${runs} runs (npx: ${npxRuns}) after ${warmups} warm-ups, beside node -e 0 of the same run.`);
  const times = measure();
  const base = median(times.get(baseline)!);
  const rows = probes.map((probe) => {
    const ms = median(times.get(probe)!);
    const ratio = ms / base;
    const result = probe.target === undefined ? '—' : ratio <= probe.target ? 'PASS' : 'MISS';
    return [probe.figure, `${ms.toFixed(0)} ms`, `${ratio.toFixed(2)}×`, probe.target === undefined ? '—' : `≤ ${probe.target}×`, result];
  });
  const header = ['command', 'median', 'ratio to node -e 0', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  say(line(header));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) say(line(row));
  if (rows.some((row) => row[4] === 'MISS')) process.exitCode = 1;
}

main();
