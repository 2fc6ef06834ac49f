/**
 * The instance's log reader: every section of every finding reads through it. Reads that arrive
 * together (the same tick when idle, a micro-batch window while calls are in flight) are coalesced
 * into combined filters, each call spends one token of the read budget, and each page is split
 * back locally. RESOURCE_EXHAUSTED shrinks the budget and the call is retried inside the deadline.
 */
import { render } from '../query/builder';
import { UpstreamError } from '../errors';
import { type CallPlan, type ReadAnswer, type ReadRequest, maxFilterChars, mergeMembers, packCalls, splitPage } from './coalesce';
import type { LogSource } from './port';
import { inheritDeadline } from '../lib/deadline';
import { type BudgetClock, ReadBudget, systemClock } from './read-budget';

/** How the reader batches and spends. */
export interface ReaderOptions {
  /** entries.list page size (1–1000). */
  readonly pageSize: number;
  /** How long reads wait to be coalesced while other calls are in flight. */
  readonly batchWindowMs: number;
  readonly budget: ReadBudget;
  /** Widening reads leave this many tokens for reads that must happen. */
  readonly widenReserve?: number;
  readonly maxFilterChars?: number;
  readonly clock?: BudgetClock;
  /** First wait after RESOURCE_EXHAUSTED; doubled each time, with full jitter, up to 8 s. */
  readonly exhaustedBackoffMs?: number;
}

/** What the reader has done, for benchmarks and operators. */
export interface ReaderStats {
  calls: number;
  reads: number;
  exhausted: number;
  declined: number;
}

interface Pending {
  readonly request: ReadRequest;
  readonly selectorText: string;
  readonly signal: AbortSignal;
  readonly resolve: (answer: ReadAnswer) => void;
  readonly reject: (error: unknown) => void;
}

const resourceExhausted = 8;
const invalidArgument = 3;

/** Builds a reader with a fresh budget of `quotaPerMinute` calls. */
export function createLogReader(source: LogSource, settings: { readonly pageSize: number; readonly batchWindowMs: number; readonly quotaPerMinute: number }): LogReader {
  return new LogReader(source, { pageSize: settings.pageSize, batchWindowMs: settings.batchWindowMs, budget: new ReadBudget(settings.quotaPerMinute) });
}

/** Coalescing, budgeted reads over one LogSource. */
export class LogReader {
  readonly stats: ReaderStats = { calls: 0, reads: 0, exhausted: 0, declined: 0 };
  private readonly pending = new Map<string, Pending[]>();
  private readonly scheduled = new Set<string>();
  private readonly inFlight = new Map<string, number>();
  private readonly clock: BudgetClock;

  constructor(
    readonly source: LogSource,
    private readonly options: ReaderOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** The entries.list page size. */
  get pageSize(): number {
    return this.options.pageSize;
  }

  /** Reads one request; resolves with its share of a (possibly shared) page. */
  read(request: ReadRequest, signal: AbortSignal): Promise<ReadAnswer> {
    this.stats.reads++;
    const group = `${request.order}|${request.resourceNames.join(',')}`;
    return new Promise<ReadAnswer>((resolve, reject) => {
      const list = this.pending.get(group) ?? [];
      list.push({ request, selectorText: render(request.selector), signal, resolve, reject });
      this.pending.set(group, list);
      this.schedule(group);
    });
  }

  private schedule(group: string): void {
    if (this.scheduled.has(group)) return;
    this.scheduled.add(group);
    const flush = () => {
      this.scheduled.delete(group);
      this.flush(group);
    };
    // Idle: everything planned in this tick goes together. Busy: wait a little for more.
    if ((this.inFlight.get(group) ?? 0) === 0) setImmediate(flush);
    else setTimeout(flush, this.options.batchWindowMs);
  }

  private flush(group: string): void {
    const items = (this.pending.get(group) ?? []).filter((item) => {
      if (!item.signal.aborted) return true;
      item.reject(item.signal.reason);
      return false;
    });
    this.pending.delete(group);
    const pack = (list: typeof items) => packCalls(mergeMembers(list), this.options.pageSize, this.options.maxFilterChars ?? maxFilterChars);
    const calls = [...pack(items.filter((item) => item.request.followUp !== true)), ...pack(items.filter((item) => item.request.followUp === true))];
    for (const call of calls) {
      this.inFlight.set(group, (this.inFlight.get(group) ?? 0) + 1);
      void this.run(call).finally(() => this.inFlight.set(group, (this.inFlight.get(group) ?? 1) - 1));
    }
  }

  private async run(call: CallPlan<Pending>): Promise<void> {
    const items = call.members.flatMap((m) => m.items);
    const aborted = allAborted(items.map((item) => item.signal));
    const { signal } = aborted;
    try {
      const essential = items.some((item) => item.request.essential);
      if (essential ? !this.budgetInTime(items) : !this.options.budget.tryTake(this.options.widenReserve ?? Math.floor(this.options.budget.capacity / 4))) {
        this.stats.declined++;
        for (const item of items) item.resolve({ entries: [], covered: undefined, rest: item.request.range, shared: false, declined: true });
        return;
      }
      const page = await this.callWithBudget(call, items[0]!.request, signal, essential);
      for (const [item, answer] of splitPage(call, page)) item.resolve(answer);
    } catch (error) {
      if (call.members.length > 1 && !signal.aborted && memberSpecific(error)) {
        // One member's filter must not blind the others: read each on its own.
        for (const member of call.members) void this.run(packCalls([{ ...member, estimate: this.options.pageSize }], this.options.pageSize)[0]!);
      } else {
        for (const item of items) item.reject(error);
      }
    } finally {
      aborted.dispose();
    }
  }

  /** True when a token comes back before the latest deadline of the call's reads (or none has one). */
  private budgetInTime(items: readonly Pending[]): boolean {
    const deadlines = items.map((item) => item.request.notAfter);
    if (deadlines.some((d) => d === undefined)) return true;
    return this.clock.now() + this.options.budget.msUntilToken() < Math.max(...(deadlines as number[]));
  }

  /** One call; after RESOURCE_EXHAUSTED the budget shrinks and the call waits for a token again. */
  private async callWithBudget(call: CallPlan<Pending>, first: ReadRequest, signal: AbortSignal, mustTake: boolean) {
    let delay = this.options.exhaustedBackoffMs ?? 1_000;
    let needToken = mustTake;
    for (;;) {
      if (needToken) await this.options.budget.take(signal);
      needToken = true;
      this.stats.calls++;
      try {
        return await this.source.list({ resourceNames: first.resourceNames, filter: call.filter, expr: call.expr, pageSize: this.options.pageSize, order: first.order }, signal);
      } catch (error) {
        if (!(error instanceof UpstreamError) || error.code !== resourceExhausted || signal.aborted) throw error;
        this.stats.exhausted++;
        this.options.budget.exhausted();
        await this.clock.sleep(Math.random() * delay, signal);
        delay = Math.min(8_000, delay * 2);
      }
    }
  }
}

/**
 * Whether a failed shared call may have failed for one member's sake: the service rejected the
 * filter (INVALID_ARGUMENT) or something unexpected happened. Permission, credential, quota and
 * availability errors hold for every member alike (they share resourceNames), so they are not
 * worth a call per member.
 */
function memberSpecific(error: unknown): boolean {
  return !(error instanceof UpstreamError) || error.code === invalidArgument;
}

/** A signal that aborts once every one of `signals` has (a shared call serves whoever still waits). */
function allAborted(signals: readonly AbortSignal[]): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const unique = [...new Set(signals)];
  inheritDeadline(controller.signal, unique);
  let left = unique.length;
  const listeners = unique.map((signal) => {
    const onAbort = () => {
      left--;
      if (left === 0) controller.abort(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  });
  return { signal: controller.signal, dispose: () => listeners.forEach((remove) => remove()) };
}
