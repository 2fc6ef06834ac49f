/**
 * Cloud Run sections: the service's or job's own logs, and its audit logs. `run_audit` reads Admin
 * Activity (deploys, IAM changes, deletions), System Event (revisions becoming ready or failing)
 * and, for a job, the Data Access entries of its runs (`Jobs.RunJob` is DATA_WRITE; Data Access
 * reads are left out). An audit entry names the service or job in its labels or, as a real
 * `Services.SetIamPolicy` entry does with `service_name: ""`, only in `protoPayload.resourceName`.
 */
import type { CloudRunWorkload } from '../notification/workload';
import type { Expr } from '../query/ast';
import { and, compare, equals, equalsAny, logId, not, or, path } from '../query/builder';
import { type NameRequirement, nameProblem } from './names';
import { type PlanContext, type SectionPlan, plannedSection, skippedSection } from './section';

/** What names a Cloud Run workload: in its logs' resource, in the Admin API, and as a name to check. */
export interface RunTarget {
  readonly resourceType: 'cloud_run_revision' | 'cloud_run_job';
  readonly nameLabel: 'service_name' | 'job_name';
  /** The collection in the Admin API's resource names. */
  readonly collection: 'services' | 'jobs';
  readonly name: NameRequirement & { readonly value: string };
  /** Data Access methods worth reading: writes only (reads are noise, and off by default). */
  readonly dataWriteMethods: readonly string[];
}

/** A job run, through the v1 API (Cloud Scheduler calls it) or v2. */
const runJobMethods = ['google.cloud.run.v1.Jobs.RunJob', 'google.cloud.run.v2.Jobs.RunJob'] as const;

/** The workload's names, by platform. */
export function runTargetOf(w: CloudRunWorkload): RunTarget {
  switch (w.platform) {
    case 'cloud_run_job':
      return { resourceType: 'cloud_run_job', nameLabel: 'job_name', collection: 'jobs', name: { field: 'job', value: w.job, kind: 'runJob' }, dataWriteMethods: runJobMethods };
    case 'cloud_run_service':
      return { resourceType: 'cloud_run_revision', nameLabel: 'service_name', collection: 'services', name: { field: 'service', value: w.service, kind: 'runService' }, dataWriteMethods: [] };
    default: {
      const unreachable: never = w;
      return unreachable;
    }
  }
}

const placeSelector = (w: CloudRunWorkload, target: RunTarget): Expr[] => [
  equals(path('resource.type'), target.resourceType),
  equals(path('resource.labels.project_id'), w.projectId),
  equals(path('resource.labels.location'), w.location),
];

/** stdout, stderr, request and system logs: everything of the resource except its audit logs. */
function runLogs(w: CloudRunWorkload, target: RunTarget): Expr {
  return and(...placeSelector(w, target), equals(path(`resource.labels.${target.nameLabel}`), target.name.value), not(compare(path('logName'), ':', '/logs/cloudaudit.googleapis.com')));
}

/** The service's or job's resource names in audit entries: v2 (`projects/P/locations/L/…`) and v1 (`namespaces/P/…`), by project id and number. */
export function runResourceNames(w: CloudRunWorkload, collection: RunTarget['collection'], name: string): string[] {
  const projects = [...new Set([w.projectId, ...(w.projectNumber === undefined ? [] : [w.projectNumber])])];
  return projects.flatMap((project) => [`projects/${project}/locations/${w.location}/${collection}/${name}`, `namespaces/${project}/${collection}/${name}`]);
}

const auditLogs = (target: RunTarget): Expr =>
  or(
    logId('cloudaudit.googleapis.com/activity'),
    logId('cloudaudit.googleapis.com/system_event'),
    ...(target.dataWriteMethods.length === 0 ? [] : [and(logId('cloudaudit.googleapis.com/data_access'), equalsAny(path('protoPayload.methodName'), target.dataWriteMethods))]),
  );

/** Deploys, configuration and IAM changes, revision readiness, and job runs. */
function runAudit(w: CloudRunWorkload, target: RunTarget): Expr {
  const named = or(equals(path(`resource.labels.${target.nameLabel}`), target.name.value), equalsAny(path('protoPayload.resourceName'), runResourceNames(w, target.collection, target.name.value)));
  return and(...placeSelector(w, target), named, auditLogs(target), equals(path('protoPayload.serviceName'), 'run.googleapis.com'));
}

/** Plans the two Cloud Run sections (service or job). */
export function planCloudRun(w: CloudRunWorkload, context: PlanContext): SectionPlan[] {
  const target = runTargetOf(w);
  const problem = nameProblem([{ field: 'projectId', value: w.projectIdKnown ? w.projectId : undefined, kind: 'project' }, { field: 'location', value: w.location, kind: 'location' }, target.name]);
  const sections = [
    { name: 'run_logs', build: runLogs, window: context.logsWindow },
    { name: 'run_audit', build: runAudit, window: context.auditWindow },
  ] as const;
  return sections.map(({ name, build, window }) => (problem === undefined ? plannedSection(name, build(w, target), window, context, w.projectId) : skippedSection(name, problem, window, context)));
}
