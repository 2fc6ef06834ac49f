/**
 * Next steps: what the playbook asks a responder to do, filled from the finding. Rendered, never
 * run. Every value is shell-quoted by `command`, and every name is checked first: quoting keeps a
 * hostile name one argument, but only the check stops `--all` from being read as an option. A
 * step whose name fails the check is replaced by a warning that says which name and why.
 */
import { z } from 'zod';
import type { SectionResult } from '../logs/executor';
import type { Finding } from '../notification/schema';
import type { CloudRunJobWorkload, CloudRunServiceWorkload, CloudRunWorkload, GkeWorkload, Workload } from '../notification/workload';
import { isProjectNumber } from '../notification/resource-name';
import { type NameKind, nameProblem, previewValue } from '../plan/names';
import { argumentProblem, command } from './shell';
import { virusTotalUrl } from './indicators';

/** One step: a title, and a command when there is one to paste. */
export const nextStepSchema = z.object({ title: z.string(), command: z.string().optional() });

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
interface Checked {
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
function check(label: string, value: string | undefined, kind: ArgKind, placeholder: string): Checked {
  if (value === undefined) return { text: placeholder };
  const invalid = invalidName(label, value, kind);
  const why = argumentProblem(value);
  if (invalid === undefined && why === undefined) return { text: value };
  return { text: value, problem: `${invalid ?? `${label} ${previewValue(value)} cannot be used`}${why === undefined ? '' : `: ${why}`}` };
}

/** Two checked values joined, as in kubectl's `POD:PATH`. */
const joined = (a: Checked, separator: string, b: Checked): Checked => ({
  text: `${a.text}${separator}${b.text}`,
  ...((a.problem ?? b.problem) === undefined ? {} : { problem: a.problem ?? b.problem }),
});

/**
 * The longest command shown. Reports never cut a command (a cut one is a different command), so a
 * longer one, from a path or name of that size, becomes a warning step instead.
 */
export const maxCommandChars = 1_024;

/** A step with its command, or in its place a warning naming the first value that cannot be used, or saying it is too long. */
function step(title: string, words: readonly (string | Checked)[]): NextStep {
  const bad = words.find((word): word is Checked => typeof word !== 'string' && word.problem !== undefined);
  if (bad !== undefined) return { title: `Not shown, check the finding first: ${title}. ${bad.problem}` };
  const line = command(...words.map((word) => (typeof word === 'string' ? word : word.text)));
  if (line.length > maxCommandChars) return { title: `Not shown, the command would be ${line.length} characters long: ${title}` };
  return { title, command: line };
}

/** A file name for the local copy; never `.` or `..`, so the copy stays inside ./evidence; at most NAME_MAX (255) characters. */
const basename = (path: string) => {
  const last = path.slice(-4_096).split('/').filter(Boolean).pop();
  return last === undefined || last === '.' || last === '..' ? 'binary' : last.slice(0, 255);
};

const projectOf = (w: Workload) => check('workload.projectId', w.projectId, 'project', '<project>');

function copySteps(finding: Finding, ns: Checked, pod: Checked, container: readonly (string | Checked)[]): NextStep[] {
  const paths = new Set((finding.processes ?? []).flatMap((p) => [p.binary?.path, p.script?.path]).filter((p): p is string => p !== undefined && p !== ''));
  return [...paths].map((path) => {
    const source = joined(pod, ':', check('finding.processes[].binary.path', path, 'path', '<path>'));
    return step(`Copy ${basename(path)} out for analysis`, ['kubectl', '-n', ns, 'cp', ...container, '--', source, `./evidence/${basename(path)}`]);
  });
}

/** GKE: names after `--` where kubectl takes them; `exec` already uses `--` for the command, so there the checked pod stands before it. */
function gkeSteps(w: GkeWorkload, finding: Finding): NextStep[] {
  const ns = check('workload.namespace', w.namespace, 'namespace', '<namespace>');
  const pod = check('workload.pod', w.pod, 'pod', '<pod>');
  const cluster = check('workload.cluster', w.cluster, 'cluster', '<cluster>');
  const where = ['--location', check('workload.location', w.location, 'location', '<location>'), '--project', projectOf(w)];
  const container = w.container === undefined ? [] : ['-c', check('workload.container', w.container, 'container', '<container>')];
  return [
    step('Get credentials for the cluster', ['gcloud', 'container', 'clusters', 'get-credentials', ...where, '--', cluster]),
    step('Describe the pod (owner, image, node, restarts)', ['kubectl', '-n', ns, 'describe', 'pod', '--', pod]),
    step('Read the container logs around detection', ['kubectl', '-n', ns, 'logs', ...container, '--timestamps', '--', pod]),
    ...copySteps(finding, ns, pod, container),
    step('List the processes in the container', ['kubectl', '-n', ns, 'exec', pod, ...container, '--', 'ps', 'axjf']),
    step('Open a shell in the container (inspect, do not change)', ['kubectl', '-n', ns, 'exec', '-it', pod, ...container, '--', '/bin/sh']),
    step('Replace the pod: its controller recreates it from the image', ['kubectl', '-n', ns, 'delete', 'pod', '--', pod]),
  ];
}

type Labels = Readonly<Record<string, unknown>> | undefined;

/** A label of the newest entry that has it, for example the revision serving at detection. */
function seenLabel(sections: readonly SectionResult[], section: string, read: (entry: { resource?: { labels?: Labels }; labels?: Labels }) => unknown): string | undefined {
  const entries = sections.find((s) => s.report.name === section)?.entries ?? [];
  const value = entries.map((entry) => read(entry as { resource?: { labels?: Labels }; labels?: Labels })).find((v) => typeof v === 'string' && v !== '');
  return value as string | undefined;
}

function cloudRunJobSteps(w: CloudRunJobWorkload, sections: readonly SectionResult[], where: readonly (string | Checked)[]): NextStep[] {
  const job = check('workload.job', w.job, 'runJob', '<job>');
  const seen = seenLabel(sections, 'run_logs', (e) => e.labels?.['run.googleapis.com/execution_name']);
  const execution = check('run_logs labels."run.googleapis.com/execution_name"', seen, 'runChild', '<execution>');
  return [
    step('Describe the job', ['gcloud', 'run', 'jobs', 'describe', ...where, '--', job]),
    step('List its executions', ['gcloud', 'run', 'jobs', 'executions', 'list', '--job', job, ...where]),
    step('Describe the execution seen at detection', ['gcloud', 'run', 'jobs', 'executions', 'describe', ...where, '--', execution]),
    step('Stop it: cancel that execution', ['gcloud', 'run', 'jobs', 'executions', 'cancel', ...where, '--', execution]),
  ];
}

/** Cloud Run: gcloud parses with argparse, so `--` ends the flags there too. */
function cloudRunSteps(w: CloudRunWorkload, sections: readonly SectionResult[]): NextStep[] {
  const where = ['--region', check('workload.location', w.location, 'location', '<region>'), '--project', projectOf(w)];
  return w.platform === 'cloud_run_job' ? cloudRunJobSteps(w, sections, where) : cloudRunServiceSteps(w, sections, where);
}

function cloudRunServiceSteps(w: CloudRunServiceWorkload, sections: readonly SectionResult[], where: readonly (string | Checked)[]): NextStep[] {
  const service = check('workload.service', w.service, 'runService', '<service>');
  const seen = seenLabel(sections, 'run_logs', (e) => e.resource?.labels?.revision_name);
  const revision = check('run_logs resource.labels.revision_name', seen, 'runChild', '<revision>');
  return [
    step('Describe the service', ['gcloud', 'run', 'services', 'describe', ...where, '--', service]),
    step('Describe the revision seen at detection', ['gcloud', 'run', 'revisions', 'describe', ...where, '--', revision]),
    step('List recent revisions (what changed, and when)', ['gcloud', 'run', 'revisions', 'list', '--service', service, ...where]),
    step('Contain it: accept only internal traffic while you investigate', ['gcloud', 'run', 'services', 'update', '--ingress', 'internal', ...where, '--', service]),
  ];
}

/** Owners from `finding.contacts` (`{security: {contacts: [{email}]}}`). */
function contactSteps(finding: Finding): NextStep[] {
  const owners = Object.entries(finding.contacts ?? {}).flatMap(([role, value]) => {
    const contacts = (value as { contacts?: { email?: unknown }[] } | undefined)?.contacts ?? [];
    return contacts
      .map((c) => c.email)
      .filter((e): e is string => typeof e === 'string')
      .map((email) => `${email} (${role})`);
  });
  return [{ title: owners.length > 0 ? `Contact the owner: ${owners.slice(0, 5).join(', ')}` : 'Contact the workload owner (the finding names no contacts)' }];
}

/** The platform's own steps; every platform has its case, or this does not compile. */
function platformSteps(finding: Finding, w: Workload, sections: readonly SectionResult[]): NextStep[] {
  switch (w.platform) {
    case 'gke':
      return gkeSteps(w, finding);
    case 'cloud_run_service':
    case 'cloud_run_job':
      return cloudRunSteps(w, sections);
    default: {
      const unreachable: never = w;
      return unreachable;
    }
  }
}

/** Every step for the finding. */
export function nextStepsOf(finding: Finding, w: Workload, sections: readonly SectionResult[], hashes: readonly string[]): NextStep[] {
  const platform = platformSteps(finding, w, sections);
  const lookups = hashes.slice(0, 5).map((hash) => ({ title: `Check ${hash.slice(0, 12)}… on VirusTotal: ${virusTotalUrl(hash)}` }));
  return [...platform, ...lookups, ...contactSteps(finding)];
}
