/**
 * Commands for next steps, rendered and never run. Every value is shell-quoted by `command`, and
 * every name is checked first: quoting keeps a hostile name one argument, but only the check stops
 * `--all` from being read as an option. A step whose name fails the check is replaced by a warning
 * that says which name and why.
 */
import type { Workload } from '../notification/workload';
import { isProjectNumber } from '../notification/resource-name';
import { type NameKind, nameProblem, previewValue } from '../plan/names';
import { argumentProblem, command } from './shell';
import { z } from 'zod';

/** One step: a title, and a command when there is one to paste. */
export const nextStepSchema = z.object({
  title: z.string().describe('What to do and why, and what it breaks when it contains.'),
  command: z.string().optional().describe('A gcloud or kubectl command to run by hand, every value shell-quoted; scc-triage never runs it.'),
});

/** One step, as {@link nextStepSchema} describes it. */
export type NextStep = Readonly<z.infer<typeof nextStepSchema>>;

/**
 * Names `src/plan/names.ts` has no validator for, checked here by the same rules: a container
 * name is an RFC 1123 label (as Kubernetes requires); revisions and executions are generated from
 * the service or job name, so RFC 1035 characters, up to a Kubernetes object name's 253; a file
 * path copied out of a container is absolute and holds no control characters.
 */
const localRules = {
  container: { pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, what: 'Kubernetes container name (RFC 1123 label)' },
  runChild: { pattern: /^(?=.{1,253}$)[a-z]([-a-z0-9]*[a-z0-9])?$/, what: 'Cloud Run revision or execution name' },
  path: { pattern: /^\/[^\u0000-\u001f\u007f]{0,4095}$/, what: 'absolute file path' },
} as const;

type ArgKind = NameKind | keyof typeof localRules;

/** A value checked for its place in a command: the text to use, and why it cannot be used, if so. */
export interface Checked {
  readonly text: string;
  readonly problem?: string;
}

/** Why the value is not a valid name of its kind, or undefined when it is. */
function invalidName(label: string, value: string, kind: ArgKind): string | undefined {
  if (kind === 'container' || kind === 'runChild' || kind === 'path') {
    return localRules[kind].pattern.test(value) ? undefined : `${label} ${previewValue(value)} is not a valid ${localRules[kind].what}`;
  }
  // gcloud takes a project number wherever it takes a project id.
  if (kind === 'project' && isProjectNumber(value)) return undefined;
  return nameProblem([{ field: label.replace(/^workload\./, ''), value, kind }]);
}

/** Checks one value; a missing one becomes a placeholder for the responder to fill in. */
export function check(label: string, value: string | undefined, kind: ArgKind, placeholder: string): Checked {
  if (value === undefined) return { text: placeholder };
  const invalid = invalidName(label, value, kind);
  const why = argumentProblem(value);
  if (invalid === undefined && why === undefined) return { text: value };
  return { text: value, problem: `${invalid ?? `${label} ${previewValue(value)} cannot be used`}${why === undefined ? '' : `: ${why}`}` };
}

/** Two checked values joined, as in kubectl's `POD:PATH`. */
export const joined = (a: Checked, separator: string, b: Checked): Checked => ({
  text: `${a.text}${separator}${b.text}`,
  ...((a.problem ?? b.problem) === undefined ? {} : { problem: a.problem ?? b.problem }),
});

/**
 * The longest command shown. Reports never cut a command (a cut one is a different command), so a
 * longer one, from a path or name of that size, becomes a warning step instead.
 */
export const maxCommandChars = 1_024;

/** A step with its command, or in its place a warning naming the first value that cannot be used, or saying it is too long. */
export function step(title: string, words: readonly (string | Checked)[]): NextStep {
  const bad = words.find((word): word is Checked => typeof word !== 'string' && word.problem !== undefined);
  if (bad !== undefined) return { title: `Not shown, check the finding first: ${title}. ${bad.problem}` };
  const line = command(...words.map((word) => (typeof word === 'string' ? word : word.text)));
  if (line.length > maxCommandChars) return { title: `Not shown, the command would be ${line.length} characters long: ${title}` };
  return { title, command: line };
}

/** A file name for the local copy; never `.` or `..`, so the copy stays inside ./evidence; at most NAME_MAX (255) characters. */
export const basename = (path: string) => {
  const last = path.slice(-4_096).split('/').filter(Boolean).pop();
  return last === undefined || last === '.' || last === '..' ? 'binary' : last.slice(0, 255);
};

export const projectOf = (w: Workload) => check('workload.projectId', w.projectId, 'project', '<project>');

/** A platform's steps: what to look at, and what contains the threat (left out for a closed or muted finding). */
export interface PlatformSteps {
  readonly investigate: NextStep[];
  readonly contain: NextStep[];
}
