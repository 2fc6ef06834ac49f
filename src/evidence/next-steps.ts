/**
 * Next steps: what the playbook asks a responder to do, filled from the finding. Rendered, never
 * run. Every value is shell-quoted by `command`.
 */
import type { SectionResult } from '../logs/executor';
import type { Finding } from '../notification/schema';
import type { Workload } from '../notification/workload';
import { isValidName } from '../plan/names';
import { command } from './shell';
import { virusTotalUrl } from './indicators';

/** One step: a title, and a command when there is one to paste. */
export interface NextStep {
  readonly title: string;
  readonly command?: string;
}

const basename = (path: string) => path.split('/').filter(Boolean).pop() ?? 'binary';

function gkeSteps(w: Workload, finding: Finding): NextStep[] {
  const ns = w.namespace ?? '<namespace>';
  const pod = w.pod ?? '<pod>';
  const container = w.container === undefined ? [] : ['-c', w.container];
  const names = w.namespace !== undefined && w.pod !== undefined && isValidName('namespace', w.namespace) && isValidName('pod', w.pod);
  const steps: NextStep[] = [
    { title: 'Get credentials for the cluster', command: command('gcloud', 'container', 'clusters', 'get-credentials', w.cluster, '--location', w.location, '--project', w.projectId) },
    { title: 'Describe the pod (owner, image, node, restarts)', command: command('kubectl', '-n', ns, 'describe', 'pod', pod) },
    { title: 'Read the container logs around detection', command: command('kubectl', '-n', ns, 'logs', pod, ...container, '--timestamps') },
  ];
  for (const path of new Set((finding.processes ?? []).flatMap((p) => [p.binary?.path, p.script?.path]).filter((p): p is string => p !== undefined && p !== ''))) {
    steps.push({ title: `Copy ${basename(path)} out for analysis`, command: command('kubectl', '-n', ns, 'cp', `${pod}:${path}`, `./evidence/${basename(path)}`, ...container) });
  }
  steps.push(
    { title: 'List the processes in the container', command: command('kubectl', '-n', ns, 'exec', pod, ...container, '--', 'ps', 'axjf') },
    { title: 'Open a shell in the container (inspect, do not change)', command: command('kubectl', '-n', ns, 'exec', '-it', pod, ...container, '--', '/bin/sh') },
    { title: 'Replace the pod: its controller recreates it from the image', command: command('kubectl', '-n', ns, 'delete', 'pod', pod) },
  );
  if (!names) steps.unshift({ title: 'The namespace or pod name in this finding is not a valid Kubernetes name: check it before running anything below' });
  return steps;
}

type Labels = Readonly<Record<string, unknown>> | undefined;

/** A label of the newest entry that has it, for example the revision serving at detection. */
function seenLabel(sections: readonly SectionResult[], section: string, read: (entry: { resource?: { labels?: Labels }; labels?: Labels }) => unknown): string | undefined {
  const entries = sections.find((s) => s.report.name === section)?.entries ?? [];
  const value = entries.map((entry) => read(entry as { resource?: { labels?: Labels }; labels?: Labels })).find((v) => typeof v === 'string' && v !== '');
  return value as string | undefined;
}

function cloudRunSteps(w: Workload, sections: readonly SectionResult[]): NextStep[] {
  const where = ['--region', w.location, '--project', w.projectId];
  if (w.platform === 'cloud_run_job') {
    const execution = seenLabel(sections, 'run_logs', (e) => e.labels?.['run.googleapis.com/execution_name']);
    return [
      { title: 'Describe the job', command: command('gcloud', 'run', 'jobs', 'describe', w.job, ...where) },
      { title: 'List its executions', command: command('gcloud', 'run', 'jobs', 'executions', 'list', '--job', w.job, ...where) },
      { title: 'Describe the execution seen at detection', command: command('gcloud', 'run', 'jobs', 'executions', 'describe', execution ?? '<execution>', ...where) },
      { title: 'Stop it: cancel that execution', command: command('gcloud', 'run', 'jobs', 'executions', 'cancel', execution ?? '<execution>', ...where) },
    ];
  }
  const revision = seenLabel(sections, 'run_logs', (e) => e.resource?.labels?.revision_name);
  return [
    { title: 'Describe the service', command: command('gcloud', 'run', 'services', 'describe', w.service, ...where) },
    { title: 'Describe the revision seen at detection', command: command('gcloud', 'run', 'revisions', 'describe', revision ?? '<revision>', ...where) },
    { title: 'List recent revisions (what changed, and when)', command: command('gcloud', 'run', 'revisions', 'list', '--service', w.service, ...where) },
    { title: 'Contain it: accept only internal traffic while you investigate', command: command('gcloud', 'run', 'services', 'update', w.service, '--ingress', 'internal', ...where) },
  ];
}

/** Owners from `finding.contacts` (`{security: {contacts: [{email}]}}`). */
function contactSteps(finding: Finding): NextStep[] {
  const owners = Object.entries(finding.contacts ?? {}).flatMap(([role, value]) => {
    const contacts = (value as { contacts?: { email?: unknown }[] } | undefined)?.contacts ?? [];
    return contacts.map((c) => c.email).filter((e): e is string => typeof e === 'string').map((email) => `${email} (${role})`);
  });
  return [{ title: owners.length > 0 ? `Contact the owner: ${owners.slice(0, 5).join(', ')}` : 'Contact the workload owner (the finding names no contacts)' }];
}

/** Every step for the finding. */
export function nextStepsOf(finding: Finding, w: Workload, sections: readonly SectionResult[], hashes: readonly string[]): NextStep[] {
  const platform = w.platform === 'gke' ? gkeSteps(w, finding) : cloudRunSteps(w, sections);
  const lookups = hashes.slice(0, 5).map((hash) => ({ title: `Check ${hash.slice(0, 12)}… on VirusTotal: ${virusTotalUrl(hash)}` }));
  return [...platform, ...lookups, ...contactSteps(finding)];
}
