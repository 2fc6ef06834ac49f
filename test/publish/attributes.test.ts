import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { limitViolation, pubsubLimits, summaryAttributeNames, summaryAttributes, truncateUtf8 } from '../../src/publish/attributes';
import { loadSample, logsDir } from '../support/fixtures';

const message = (attributes: Record<string, string>, bytes = 10) => ({ data: Buffer.alloc(bytes, 'x'), attributes });

describe('limitViolation: the real service limits, which the emulator does not enforce', () => {
  it.each([
    ['a normal message', message({ kind: 'triage' }), undefined],
    ['an empty message', message({}, 0), 'a message needs data or attributes'],
    ['data over 10 MB', message({}, pubsubLimits.dataBytes + 1), 'data is 10000001 bytes'],
    ['101 attributes', message(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']))), '101 attributes'],
    ['a key over 256 bytes', message({ ['k'.repeat(257)]: 'v' }), 'is over 256 bytes'],
    ['a value over 1024 bytes', message({ category: 'é'.repeat(513) }), 'attribute category is over 1024 bytes'],
    ['a goog key', message({ googFoo: 'v' }), 'starts with "goog"'],
  ])('%s', (_name, input, expected) => {
    const violation = limitViolation(input);
    if (expected === undefined) expect(violation).toBeUndefined();
    else expect(violation).toContain(expected);
  });

  it('truncates UTF-8 without splitting a character', () => {
    const cut = truncateUtf8('é'.repeat(600), 1024);
    expect(Buffer.byteLength(cut)).toBe(1024);
    expect(cut).toBe('é'.repeat(512));
    expect(truncateUtf8('ab€', 4)).toBe('ab');
  });
});

describe('summaryAttributes', () => {
  it('carries the priority and the finding name beside the rest, for subscription filters', async () => {
    const result = await triage(loadSample('cloudrun-reverse-shell.json'), { logs: new ExportedLogSource(logsDir), now: () => new Date('2026-01-01T00:00:00Z') }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('expected a summary');
    const attributes = summaryAttributes(result.summary);
    expect(Object.keys(attributes)).toEqual([...summaryAttributeNames]);
    expect(attributes).toMatchObject({ kind: 'triage', priority: result.summary.assessment.priority, findingName: result.summary.finding.name, triageId: result.summary.triageId });
    expect(attributes.priority).toBe('P1');
  });

  it('a closure update is filterable as P4', async () => {
    const result = await triage(loadSample('gke-reverse-shell-mute-update.json'), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('expected a summary');
    expect(summaryAttributes(result.summary)).toMatchObject({ kind: 'update', priority: 'P4' });
  });
});
