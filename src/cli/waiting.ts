/**
 * On a terminal, a line on stderr while the triage waits for a slow log source: how many reads
 * are out, how many came back, and how much of the deadline is gone. Shown only after a second
 * of waiting, so a quick run prints nothing; never in pipes, files or tests that do not ask.
 */
import type { LogPage, LogQuery, LogSource } from '../logs/port';

/** A log source that counts its calls in flight and done, for the waiting line. */
export class WatchedLogSource implements LogSource {
  inFlight = 0;
  done = 0;

  constructor(private readonly inner: LogSource) {}

  get name(): string {
    return this.inner.name;
  }

  warnings(): readonly string[] {
    return this.inner.warnings?.() ?? [];
  }

  async list(query: LogQuery, signal: AbortSignal): Promise<LogPage> {
    this.inFlight++;
    try {
      return await this.inner.list(query, signal);
    } finally {
      this.inFlight--;
      this.done++;
    }
  }
}

/** When the line first shows, and how often it is redrawn. */
const showAfterMs = 1_000;
const redrawMs = 500;

/** Carriage return and erase-line: the line is redrawn in place and leaves nothing behind. */
const eraseLine = '\r\u001b[2K';

/**
 * Runs `work` with the waiting line on `stderr` when it is a terminal; the line is erased before
 * `work`'s result is returned, so the report starts on a clean line.
 */
export async function withWaitingLine<T>(
  source: WatchedLogSource,
  deadlineMs: number,
  stderr: { readonly write: (text: string) => void; readonly isTty: boolean },
  work: () => Promise<T>,
): Promise<T> {
  if (!stderr.isTty) return work();
  const started = Date.now();
  let shown = false;
  const draw = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    const waiting = `${source.inFlight} read${source.inFlight === 1 ? '' : 's'} waiting`;
    stderr.write(`${eraseLine}scc-triage: ${source.name}: ${waiting}, ${source.done} done · ${seconds} s of the ${Math.round(deadlineMs / 1000)} s deadline`);
    shown = true;
  };
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    draw();
    timer = setInterval(draw, redrawMs);
  }, showAfterMs);
  try {
    return await work();
  } finally {
    clearTimeout(first);
    clearInterval(timer);
    if (shown) stderr.write(eraseLine);
  }
}
