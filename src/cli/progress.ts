/** A batch's progress: one line on a terminal's stderr, redrawn in place, and nothing anywhere else. */
import { oneLine } from '../lib/sanitize';

/** Carriage return, then erase the line: the line is redrawn, or left empty, where it stood. */
const eraseLine = '\r\u001b[2K';

/** Shows `scc-triage: [done/total] last file` on stderr while a batch runs, when stderr is a terminal. */
export class Progress {
  private shown = false;

  constructor(
    private readonly write: (text: string) => void,
    /** Off in pipes, files and tests: progress is for a person watching, never for a log. */
    private readonly enabled: boolean,
    private readonly total: number,
  ) {}

  /** Redraws the line: `done` of the total, and the file last done (escaped: file names are untrusted). */
  show(done: number, file: string): void {
    if (!this.enabled) return;
    this.write(`${eraseLine}scc-triage: [${done}/${this.total}] ${oneLine(file, 60)}`);
    this.shown = true;
  }

  /** Erases the line, before anything else is written to the terminal and at the end. */
  clear(): void {
    if (!this.shown) return;
    this.write(eraseLine);
    this.shown = false;
  }
}
