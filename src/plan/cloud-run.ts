/** Cloud Run sections: the service's or job's own logs, and its Admin Activity audit log. */
import type { CloudRunWorkload } from '../notification/workload';
import type { Expr } from '../query/ast';
import { and, compare, equals, logId, not, path } from '../query/builder';
import { type NameRequirement, nameProblem } from './names';
import { type PlanContext, type SectionPlan, plannedSection, skippedSection } from './section';

interface RunTarget {
  readonly resourceType: 'cloud_run_revision' | 'cloud_run_job';
  readonly nameLabel: 'service_name' | 'job_name';
  readonly name: NameRequirement & { readonly value: string };
}

function targetOf(w: CloudRunWorkload): RunTarget {
  switch (w.platform) {
    case 'cloud_run_job':
      return { resourceType: 'cloud_run_job', nameLabel: 'job_name', name: { field: 'job', value: w.job, kind: 'runJob' } };
    case 'cloud_run_service':
      return { resourceType: 'cloud_run_revision', nameLabel: 'service_name', name: { field: 'service', value: w.service, kind: 'runService' } };
    default: {
      const unreachable: never = w;
      return unreachable;
    }
  }
}

const resourceSelector = (w: CloudRunWorkload, target: RunTarget): Expr[] => [
  equals(path('resource.type'), target.resourceType),
  equals(path('resource.labels.project_id'), w.projectId),
  equals(path('resource.labels.location'), w.location),
  equals(path(`resource.labels.${target.nameLabel}`), target.name.value),
];

/** stdout, stderr, request and system logs: everything of the resource except its audit logs. */
function runLogs(w: CloudRunWorkload, target: RunTarget): Expr {
  return and(...resourceSelector(w, target), not(compare(path('logName'), ':', '/logs/cloudaudit.googleapis.com')));
}

/** Deploys, configuration and IAM changes, and job runs. */
function runAudit(w: CloudRunWorkload, target: RunTarget): Expr {
  return and(...resourceSelector(w, target), logId('cloudaudit.googleapis.com/activity'), equals(path('protoPayload.serviceName'), 'run.googleapis.com'));
}

/** Plans the two Cloud Run sections (service or job). */
export function planCloudRun(w: CloudRunWorkload, context: PlanContext): SectionPlan[] {
  const target = targetOf(w);
  const problem = nameProblem([{ field: 'projectId', value: w.projectIdKnown ? w.projectId : undefined, kind: 'project' }, { field: 'location', value: w.location, kind: 'location' }, target.name]);
  const sections = [
    { name: 'run_logs', build: runLogs, window: context.logsWindow },
    { name: 'run_audit', build: runAudit, window: context.auditWindow },
  ] as const;
  return sections.map(({ name, build, window }) => (problem === undefined ? plannedSection(name, build(w, target), window, context, w.projectId) : skippedSection(name, problem, window, context)));
}
