import { UpstreamError } from '../../src/errors';
import { runSections } from '../../src/logs/executor';
import type { LogPage, LogQuery, LogSource } from '../../src/logs/port';
import type { SectionPlan } from '../../src/plan/section';
import { parseQuery } from '../../src/query/parser';

const window = { start: '2025-01-01T00:00:00Z', end: '2025-01-01T01:00:00Z' };
const planned = (name: SectionPlan['name'], filter: string): SectionPlan => ({ name, status: 'planned', filter, expr: parseQuery(filter), resourceNames: ['projects/p'], window, explorerUrl: 'https://example.invalid' });
const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ insertId: `e${i}`, timestamp: `2025-01-01T00:00:${String(59 - i).padStart(2, '0')}Z`, textPayload: `line ${i}` }));

/** A source answering by filter text, as a real adapter would per query. */
class ScriptedSource implements LogSource {
  readonly name = 'scripted';
  readonly seen: LogQuery[] = [];
  constructor(private readonly answer: (query: LogQuery, signal: AbortSignal) => Promise<LogPage>) {}
  list(query: LogQuery, signal: AbortSignal): Promise<LogPage> {
    this.seen.push(query);
    return this.answer(query, signal);
  }
}

const limits = { pageSize: 50, excerpts: 3, deadlineMs: 200 };

describe('runSections', () => {
  it('reports ok, empty, truncated, error and skipped, one section never failing another', async () => {
    const source = new ScriptedSource(async (query) => {
      if (query.filter === 'textPayload:"ok"') return { entries: entries(5), truncated: false };
      if (query.filter === 'textPayload:"full"') return { entries: entries(50), truncated: true };
      if (query.filter === 'textPayload:"empty-token"') return { entries: [], truncated: true };
      if (query.filter === 'textPayload:"boom"') throw new UpstreamError('logging', 'PERMISSION_DENIED: needs roles/logging.viewer', false);
      return { entries: [], truncated: false };
    });
    const plans: SectionPlan[] = [
      planned('pod_logs', 'textPayload:"ok"'),
      planned('cluster_audit', 'textPayload:"full"'),
      planned('node_logs', 'textPayload:"boom"'),
      planned('run_logs', 'textPayload:"nothing"'),
      planned('run_audit', 'textPayload:"empty-token"'),
      { name: 'pod_logs', status: 'skipped', reason: 'the finding names no pod', resourceNames: ['projects/p'], window },
    ];
    const reports = (await runSections(plans, source, limits)).map((r) => r.report);
    expect(reports.map((r) => [r.name, r.status, r.matched, r.entries.length])).toEqual([
      ['pod_logs', 'ok', 5, 3],
      ['cluster_audit', 'truncated', 50, 3],
      ['node_logs', 'error', 0, 0],
      ['run_logs', 'empty', 0, 0],
      ['run_audit', 'truncated', 0, 0],
      ['pod_logs', 'skipped', 0, 0],
    ]);
    expect(reports[2]).toMatchObject({ error: 'logging: PERMISSION_DENIED: needs roles/logging.viewer', retryable: false });
    expect(reports[5]).toMatchObject({ reason: 'the finding names no pod' });
    expect(source.seen.every((q) => q.pageSize === 50)).toBe(true);
  });

  it('keeps the newest excerpts, in order', async () => {
    const source = new ScriptedSource(async () => ({ entries: entries(5), truncated: false }));
    const [result] = await runSections([planned('pod_logs', '')], source, limits);
    expect(result!.report.entries.map((e) => e.insertId)).toEqual(['e0', 'e1', 'e2']);
    expect(result!.entries).toHaveLength(5);
  });

  it('stops a section at the deadline with a retryable error and aborts its signal', async () => {
    let aborted = false;
    const source = new ScriptedSource(
      (_query, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
          });
          setTimeout(() => resolve({ entries: [], truncated: false }), 2_000).unref();
        }),
    );
    const [result] = await runSections([planned('pod_logs', '')], source, { ...limits, deadlineMs: 50 });
    expect(result!.report).toMatchObject({ status: 'error', retryable: true, error: 'deadline of 50 ms exceeded' });
    expect(aborted).toBe(true);
  });
});
