/**
 * runSections through a real LogReader: statuses, coverage and matched in every status, ranking,
 * and the deadline. The source is scripted per call, as a real adapter answers per query.
 */
import { UpstreamError } from '../../src/errors';
import { runSections } from '../../src/logs/executor';
import type { LogPage, LogQuery, LogSource } from '../../src/logs/port';
import { LogReader } from '../../src/logs/reader';
import { ReadBudget } from '../../src/logs/read-budget';
import type { SectionPlan } from '../../src/plan/section';
import { and, equals, path, render } from '../../src/query/builder';

const window = { start: '2025-01-01T00:00:00.000Z', end: '2025-01-01T01:00:00.000Z' };
const detection = '2025-01-01T00:30:00.000Z';

function planned(name: SectionPlan['name'], pod: string): SectionPlan {
  const selector = and(equals(path('resource.labels.pod_name'), pod));
  return { name, status: 'planned', filter: render(selector), expr: selector, selector, detection, resourceNames: ['projects/p'], window, explorerUrl: 'https://example.invalid' };
}

const entry = (pod: string, at: string, id: string, severity = 'INFO') => ({ insertId: id, timestamp: at, severity, resource: { labels: { pod_name: pod } }, textPayload: `${pod} ${id}` });

/** Answers every call with what `answer` says for it; records the calls. */
class ScriptedSource implements LogSource {
  readonly name = 'scripted';
  readonly seen: LogQuery[] = [];
  constructor(private readonly answer: (query: LogQuery, signal: AbortSignal) => Promise<LogPage>) {}
  list(query: LogQuery, signal: AbortSignal): Promise<LogPage> {
    this.seen.push(query);
    return this.answer(query, signal);
  }
}

const reader = (source: LogSource, pageSize = 50) => new LogReader(source, { pageSize, batchWindowMs: 1, budget: new ReadBudget(1000) });
const limits = { excerpts: 3, deadlineMs: 500, maxPages: 2 };

describe('runSections', () => {
  it('reports ok, empty, truncated, error and skipped with coverage and matched each', async () => {
    const source = new ScriptedSource(async (query) => {
      if (query.filter.includes('boom')) throw new UpstreamError('logging', 'INVALID_ARGUMENT: unparseable filter', false, { code: 3 });
      if (query.filter.includes('chatty')) {
        const at = query.order === 'desc' ? '2025-01-01T00:29:00Z' : '2025-01-01T00:31:00Z';
        return { entries: [entry('chatty', at, `c-${query.order}-${at}`)], truncated: true };
      }
      if (query.filter.includes('some')) return { entries: query.order === 'desc' ? [entry('some', '2025-01-01T00:10:00Z', 's1')] : [], truncated: false };
      return { entries: [], truncated: false };
    });
    const plans: SectionPlan[] = [
      planned('pod_logs', 'some'),
      planned('node_logs', 'none'),
      planned('run_logs', 'chatty'),
      planned('cluster_audit', 'boom'),
      { name: 'run_audit', status: 'skipped', reason: 'the finding names no service', resourceNames: ['projects/p'], window },
    ];
    const reports = (await runSections(plans, reader(source), limits)).map((r) => r.report);
    expect(reports.map((r) => [r.name, r.status, r.matched, r.coverage])).toEqual([
      ['pod_logs', 'ok', 1, { from: window.start, to: window.end, complete: true }],
      ['node_logs', 'empty', 0, { from: window.start, to: window.end, complete: true }],
      ['run_logs', 'truncated', 2, { from: '2025-01-01T00:29:00.000000001Z', to: '2025-01-01T00:30:59.999999999Z', complete: false }],
      ['cluster_audit', 'error', 0, { complete: false }],
      ['run_audit', 'skipped', 0, undefined],
    ]);
    expect(reports[2]!.reason).toContain('SECTION_MAX_PAGES');
    expect(reports[3]).toMatchObject({ error: 'logging: INVALID_ARGUMENT: unparseable filter', retryable: false });
    expect(reports[4]).toMatchObject({ reason: 'the finding names no service' });
    // The shared call failed for one member's sake; each member was then read on its own.
    expect(source.seen.filter((q) => q.filter.includes('boom')).length).toBeGreaterThan(1);
  });

  it('an error every member shares (permission) fails the shared call once, without a call per member', async () => {
    const source = new ScriptedSource(async () => {
      throw new UpstreamError('logging', 'PERMISSION_DENIED: needs roles/logging.viewer', false, { code: 7 });
    });
    const reports = (await runSections([planned('pod_logs', 'a'), planned('node_logs', 'b')], reader(source), limits)).map((r) => r.report);
    expect(reports.map((r) => r.status)).toEqual(['error', 'error']);
    expect(source.seen).toHaveLength(2);
  });

  it('an empty page with a next token is not finished searching: truncated, never empty', async () => {
    const source = new ScriptedSource(async () => ({ entries: [], truncated: true }));
    const [result] = await runSections([planned('pod_logs', 'p')], reader(source), limits);
    expect(result!.report).toMatchObject({ status: 'truncated', matched: 0, coverage: { complete: false } });
    expect(result!.report.coverage).not.toHaveProperty('from');
  });

  it('reads outward from detection: newest first up to it, oldest first after it', async () => {
    const source = new ScriptedSource(async () => ({ entries: [], truncated: false }));
    await runSections([planned('pod_logs', 'p')], reader(source), limits);
    const byOrder = Object.fromEntries(source.seen.map((q) => [q.order, q.filter]));
    expect(byOrder.desc).toContain(`timestamp>="${window.start}"\nAND timestamp<="${detection}"`);
    expect(byOrder.asc).toContain(`timestamp>="2025-01-01T00:30:00.000000001Z"\nAND timestamp<="${window.end}"`);
  });

  it('ranks excerpts: ERROR and above first, then nearest detection; each with its offset', async () => {
    const source = new ScriptedSource(async (query) => ({
      entries:
        query.order === 'desc'
          ? [entry('p', '2025-01-01T00:29:59Z', 'near'), entry('p', '2025-01-01T00:20:00Z', 'err', 'ERROR'), entry('p', '2025-01-01T00:01:00Z', 'far')]
          : [entry('p', '2025-01-01T00:30:05Z', 'after')],
      truncated: false,
    }));
    const [result] = await runSections([planned('pod_logs', 'p')], reader(source), limits);
    expect(result!.report.entries.map((e) => [e.insertId, e.offset])).toEqual([
      ['err', '-10m'],
      ['near', '-1s'],
      ['after', '+5s'],
    ]);
    expect(result!.entries.map((e) => e.insertId)).toEqual(['after', 'near', 'err', 'far']);
  });

  it('stops at the deadline with a retryable error, keeping what was read', async () => {
    const source = new ScriptedSource((query) => (query.order === 'desc' ? Promise.resolve({ entries: [entry('p', '2025-01-01T00:29:00Z', 'x')], truncated: false }) : new Promise(() => {})));
    const [result] = await runSections([planned('pod_logs', 'p')], reader(source), { ...limits, deadlineMs: 50 });
    expect(result!.report).toMatchObject({ status: 'error', retryable: true, error: 'deadline of 50 ms exceeded', matched: 1 });
    expect(result!.report.coverage).toEqual({ from: window.start, to: detection, complete: false });
  });
});

describe('follow-up sections', () => {
  const followUp = (pod: string): SectionPlan => ({ ...(planned('indicator_sweep', pod) as Extract<SectionPlan, { status: 'planned' }>), followUp: true });

  it('are read in calls of their own, never sharing a page with a workload section', async () => {
    const source = new ScriptedSource(async () => ({ entries: [], truncated: false }));
    await runSections([planned('pod_logs', 'mine'), followUp('traffic')], reader(source), limits);
    expect(source.seen.length).toBeGreaterThan(0);
    for (const query of source.seen) expect(query.filter.includes('mine') && query.filter.includes('traffic')).toBe(false);
  });

  it('are skipped for budget when no spare budget is left, not errors', async () => {
    const source = new ScriptedSource(async () => ({ entries: [], truncated: false }));
    const starved = new LogReader(source, { pageSize: 50, batchWindowMs: 1, budget: new ReadBudget(4), widenReserve: 4 });
    const [report] = (await runSections([followUp('traffic')], starved, limits)).map((r) => r.report);
    expect(report).toMatchObject({ name: 'indicator_sweep', status: 'skipped', reason: 'budget' });
    expect(source.seen).toEqual([]);
  });

  it('are skipped for the deadline when it ends before they are read, not errors', async () => {
    const source = new ScriptedSource((_query, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    const [report] = (await runSections([followUp('traffic')], reader(source), { ...limits, deadlineMs: 20 })).map((r) => r.report);
    expect(report).toMatchObject({ name: 'indicator_sweep', status: 'skipped', reason: 'deadline' });
  });
});
