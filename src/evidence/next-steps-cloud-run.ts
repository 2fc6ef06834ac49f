/** Cloud Run next steps, for a service or a job. */
import type { SectionResult } from '../logs/executor';
import type { CloudRunJobWorkload, CloudRunServiceWorkload, CloudRunWorkload } from '../notification/workload';
import { type Checked, type NextStep, check, projectOf, step } from './step';

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
export function cloudRunSteps(w: CloudRunWorkload, sections: readonly SectionResult[]): NextStep[] {
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
