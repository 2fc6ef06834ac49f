/** Cloud Run next steps, for a service or a job. */
import type { SectionResult } from '../logs/executor';
import type { CloudRunJobWorkload, CloudRunServiceWorkload, CloudRunWorkload } from '../notification/workload';
import { type Checked, type NextStep, type PlatformSteps, check, projectOf, step } from './step';

type Labels = Readonly<Record<string, unknown>> | undefined;

/** A label of the newest entry that has it, for example the revision serving at detection. */
function seenLabel(sections: readonly SectionResult[], section: string, read: (entry: { resource?: { labels?: Labels }; labels?: Labels }) => unknown): string | undefined {
  const entries = sections.find((s) => s.report.name === section)?.entries ?? [];
  const value = entries.map((entry) => read(entry as { resource?: { labels?: Labels }; labels?: Labels })).find((v) => typeof v === 'string' && v !== '');
  return value as string | undefined;
}

/**
 * Containment that works against an outbound shell (ingress settings do nothing to it), each
 * saying what it breaks: egress through the VPC, where a firewall rule can block it, and the
 * runtime service account cut off.
 */
function egressSteps(kind: 'services' | 'jobs', name: Checked, where: readonly (string | Checked)[], project: Checked): NextStep[] {
  return [
    step(`Send all its egress through the VPC, so firewall rules apply to it (breaks: outbound traffic the VPC does not route, such as the internet without Cloud NAT)`, [
      'gcloud',
      'run',
      kind,
      'update',
      '--network',
      '<network>',
      '--subnet',
      '<subnet>',
      '--vpc-egress',
      'all-traffic',
      ...where,
      '--',
      name,
    ]),
    step(`Cut off its runtime service account: disable it, so it gets no new tokens (breaks: every workload that runs as it; find it with gcloud run ${kind} describe)`, [
      'gcloud',
      'iam',
      'service-accounts',
      'disable',
      '--project',
      project,
      '--',
      '<runtime-service-account>',
    ]),
  ];
}

function cloudRunJobSteps(w: CloudRunJobWorkload, sections: readonly SectionResult[], where: readonly (string | Checked)[]): PlatformSteps {
  const job = check('workload.job', w.job, 'runJob', '<job>');
  const seen = seenLabel(sections, 'run_logs', (e) => e.labels?.['run.googleapis.com/execution_name']);
  const execution = check('run_logs labels."run.googleapis.com/execution_name"', seen, 'runChild', '<execution>');
  return {
    investigate: [
      step('Describe the job', ['gcloud', 'run', 'jobs', 'describe', ...where, '--', job]),
      step('List its executions', ['gcloud', 'run', 'jobs', 'executions', 'list', '--job', job, ...where]),
      step('Describe the execution seen at detection', ['gcloud', 'run', 'jobs', 'executions', 'describe', ...where, '--', execution]),
    ],
    contain: [
      step('Stop it: cancel that execution (breaks: the rest of that run)', ['gcloud', 'run', 'jobs', 'executions', 'cancel', ...where, '--', execution]),
      ...egressSteps('jobs', job, where, projectOf(w)),
    ],
  };
}

/** Cloud Run: gcloud parses with argparse, so `--` ends the flags there too. */
export function cloudRunSteps(w: CloudRunWorkload, sections: readonly SectionResult[]): PlatformSteps {
  const where = ['--region', check('workload.location', w.location, 'location', '<region>'), '--project', projectOf(w)];
  return w.platform === 'cloud_run_job' ? cloudRunJobSteps(w, sections, where) : cloudRunServiceSteps(w, sections, where);
}

function cloudRunServiceSteps(w: CloudRunServiceWorkload, sections: readonly SectionResult[], where: readonly (string | Checked)[]): PlatformSteps {
  const service = check('workload.service', w.service, 'runService', '<service>');
  const seen = seenLabel(sections, 'run_logs', (e) => e.resource?.labels?.revision_name);
  const revision = check('run_logs resource.labels.revision_name', seen, 'runChild', '<revision>');
  return {
    investigate: [
      step('Describe the service', ['gcloud', 'run', 'services', 'describe', ...where, '--', service]),
      step('Describe the revision seen at detection', ['gcloud', 'run', 'revisions', 'describe', ...where, '--', revision]),
      step('List recent revisions (what changed, and when)', ['gcloud', 'run', 'revisions', 'list', '--service', service, ...where]),
    ],
    contain: [
      step('Roll back: send all traffic to the revision before it (breaks: whatever that revision changed; running instances stop once idle)', [
        'gcloud',
        'run',
        'services',
        'update-traffic',
        '--to-revisions',
        '<previous-revision>=100',
        ...where,
        '--',
        service,
      ]),
      ...egressSteps('services', service, where, projectOf(w)),
    ],
  };
}
