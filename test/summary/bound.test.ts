import fc from 'fast-check';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { summarySchema } from '../../src/summary/schema';
import { loadSample, logsDir } from '../support/fixtures';

const bigSample = () => {
  const sample = loadSample('gke-multi-process-remote-command-exec.json');
  const process = sample.finding.processes[0];
  sample.finding.processes = Array.from({ length: 40 }, () => ({ ...process, args: Array.from({ length: 200 }, () => 'A'.repeat(5_000)), script: { contents: 'B'.repeat(50_000) } }));
  sample.finding.description = 'C'.repeat(100_000);
  return sample;
};

describe('size bounds', () => {
  it('bounds untrusted strings field by field, marking the cut', async () => {
    const result = await triage(bigSample(), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, { ...defaultConfig, maxMessageBytes: 10_000_000 });
    if (result.kind === 'skipped') throw new Error('unexpected');
    const s = result.summary;
    expect(s.processes).toHaveLength(16);
    expect(s.processes[0]!.args).toHaveLength(64);
    expect(s.processes[0]!.args[0]).toMatch(/^A{1024}…\[\+3976 chars\]$/);
    expect(s.processes[0]!.argsTruncated).toBe(true);
    expect(s.processes[0]!.script?.excerpt?.length).toBeLessThan(2_100);
    expect(s.finding.description?.length).toBeLessThan(1_100);
  });

  it.each([16_384, 32_768, 131_072])('keeps the whole message within %i bytes, dropping excerpts first', async (maxMessageBytes) => {
    const result = await triage(bigSample(), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, { ...defaultConfig, maxMessageBytes });
    if (result.kind === 'skipped') throw new Error('unexpected');
    expect(Buffer.byteLength(JSON.stringify(result.summary))).toBeLessThanOrEqual(maxMessageBytes);
    expect(summarySchema.parse(result.summary)).toBeTruthy();
    expect(result.summary.truncation).toMatchObject({ processesTrimmed: true });
    expect(result.summary.logs.every((section) => section.entries.length === 0)).toBe(true);
  });

  it('holds for any sample blown up with long values, down to the smallest limit', async () => {
    const names = ['gke-reverse-shell.json', 'cloudrun-reverse-shell.json', 'gke-hostile-strings-malicious-python.json', 'gke-multi-process-remote-command-exec.json'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 100, max: 20_000 }), async (name, count, length) => {
        const sample = loadSample(name);
        const process = sample.finding.processes[0];
        sample.finding.processes = Array.from({ length: count }, (_, i) => ({
          ...process,
          binary: { path: `/tmp/${'x'.repeat(length % 300)}${i}`, sha256: 'a'.repeat(64) },
          args: Array.from({ length: count }, () => 'y'.repeat(length)),
        }));
        sample.finding.indicator = { ipAddresses: Array.from({ length: count }, (_, i) => `198.51.100.${i}`) };
        const result = await triage(sample, { logs: new ExportedLogSource(logsDir), now: () => new Date() }, { ...defaultConfig, maxMessageBytes: 16_384 });
        if (result.kind === 'skipped') throw new Error('unexpected');
        expect(Buffer.byteLength(JSON.stringify(result.summary))).toBeLessThanOrEqual(16_384);
        expect(summarySchema.safeParse(result.summary).success).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('leaves a summary that fits untouched', async () => {
    const result = await triage(loadSample('gke-reverse-shell.json'), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, defaultConfig);
    expect(result.kind !== 'skipped' && result.summary.truncation).toBeUndefined();
  });
});
