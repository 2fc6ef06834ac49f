/**
 * The size bound holds for any summary, even one where every string is huge and multi-byte (a
 * field the field-by-field bounds missed), and trimming always ends.
 */
import fc from 'fast-check';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { boundSummary } from '../../src/summary/bound';
import { type Summary, summarySchema } from '../../src/summary/schema';
import { loadSample, logsDir } from '../support/fixtures';
import { wedgeFinding } from '../support/hostile-findings';

async function realSummary(name: string): Promise<Summary> {
  const result = await triage(loadSample(name), { logs: new ExportedLogSource(logsDir), now: () => new Date('2026-01-01T00:00:00Z') }, defaultConfig);
  if (result.kind === 'skipped') throw new Error('unexpected');
  return result.summary;
}

/** Every string longer than a vocabulary value or timestamp replaced by `blow(string)`. */
function blowUp(summary: Summary, blow: (text: string) => string): Summary {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return value.length > 35 && key !== 'triageId' ? blow(value) : value;
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(summary, '') as Summary;
}

const bytes = (summary: Summary) => Buffer.byteLength(JSON.stringify(summary), 'utf8');

describe('boundSummary on a summary no field bound caught', () => {
  const names = ['gke-reverse-shell.json', 'gke-multi-process-remote-command-exec.json', 'cloudrun-job-remote-command-exec.json'];

  it('ends, fits and stays valid for every string blown up, down to the smallest limit', async () => {
    const summaries = await Promise.all(names.map(realSummary));
    fc.assert(
      fc.property(
        fc.constantFrom(...summaries),
        fc.constantFrom('x', 'é', '界', '😈', '\u202e'),
        fc.integer({ min: 100, max: 40_000 }),
        fc.constantFrom(16_384, 65_536, 131_072),
        (summary, unit, length, maxBytes) => {
          const huge = blowUp(summary, (text) => text.slice(0, 8) + unit.repeat(length));
          const bounded = boundSummary(huge, maxBytes);
          expect(bytes(bounded)).toBeLessThanOrEqual(maxBytes);
          expect(summarySchema.safeParse(bounded).success).toBe(true);
          expect(bounded.triageId).toBe(summary.triageId);
          expect(bounded.finding.eventTime).toBe(summary.finding.eventTime);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('untrimmed fields (finding name, config name, binary path, hash, MITRE lists) no longer wedge the loop', async () => {
    const summary = await realSummary('gke-reverse-shell.json');
    const wedge: Summary = {
      ...summary,
      finding: { ...summary.finding, name: 'n'.repeat(300_000) },
      notification: { ...summary.notification, configName: 'c'.repeat(100_000) },
      processes: [],
      indicators: { ...summary.indicators, attack: Array.from({ length: 2_000 }, (_, i) => ({ kind: 'technique' as const, enum: `E${i}`, name: 'm'.repeat(200) })) },
    };
    const bounded = boundSummary(wedge, 16_384);
    expect(bytes(bounded)).toBeLessThanOrEqual(16_384);
    expect(bounded.truncation).toMatchObject({ stringsShortened: true });
  });

  it('keeps a summary that fits as it is', async () => {
    const summary = await realSummary('gke-reverse-shell.json');
    expect(boundSummary(summary, defaultConfig.maxMessageBytes)).toBe(summary);
  });

  it.each(['gke-reverse-shell.json', 'cloudrun-reverse-shell.json'])('%s as a wedge: the fields are cut at intake, so the summary is small before the bound runs', async (name) => {
    const unbounded = { ...defaultConfig, maxMessageBytes: Number.MAX_SAFE_INTEGER };
    const result = await triage(wedgeFinding(loadSample(name)), { logs: new ExportedLogSource(logsDir), now: () => new Date('2026-01-01T00:00:00Z') }, unbounded);
    if (result.kind === 'skipped') throw new Error('unexpected');
    const summary = result.summary;
    expect(summary.truncation).toBeUndefined();
    expect(bytes(summary)).toBeLessThan(64 * 1024);
    expect(summary.notification.configName!.length).toBeLessThanOrEqual(1_024 + 32);
    expect(summary.indicators.attack.length).toBeLessThanOrEqual(32);
    expect(Math.max(...summary.nextSteps.map((s) => s.title.length + (s.command?.length ?? 0)))).toBeLessThan(2_048);
  });
});
