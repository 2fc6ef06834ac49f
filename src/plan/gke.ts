/** GKE sections: the pod's container logs, the cluster's audit log for the pod, the node's logs. */
import type { Workload } from '../notification/workload';
import type { Expr } from '../query/ast';
import { and, equals, equalsAny, logId, or, path } from '../query/builder';
import { type NameRequirement, nameProblem } from './names';
import { type PlanContext, type SectionPlan, plannedSection, skippedSection } from './section';
import { podAuditMethodNames } from './pod-audit';

const podSubresources = ['', '/exec', '/attach', '/portforward'] as const;

const clusterNames = (w: Workload): NameRequirement[] => [
  { field: 'projectId', value: w.projectIdKnown ? w.projectId : undefined, kind: 'project' },
  { field: 'location', value: w.location, kind: 'location' },
  { field: 'cluster', value: w.cluster, kind: 'cluster' },
];

const podNames = (w: Workload): NameRequirement[] => [
  ...clusterNames(w),
  { field: 'namespace', value: w.namespace, kind: 'namespace' },
  { field: 'pod', value: w.pod, kind: 'pod' },
];

const clusterSelector = (w: Workload, resourceType: string): Expr[] => [
  equals(path('resource.type'), resourceType),
  equals(path('resource.labels.project_id'), w.projectId),
  equals(path('resource.labels.location'), w.location),
  equals(path('resource.labels.cluster_name'), w.cluster!),
];

/** `k8s_container` entries of the pod, all its containers. */
function podLogs(w: Workload): Expr {
  return and(
    ...clusterSelector(w, 'k8s_container'),
    equals(path('resource.labels.namespace_name'), w.namespace!),
    equals(path('resource.labels.pod_name'), w.pod!),
  );
}

/** Admin Activity audit entries about exactly that pod (never a pod whose name merely starts the same). */
function clusterAudit(w: Workload): Expr {
  const podResource = `core/v1/namespaces/${w.namespace}/pods/${w.pod}`;
  return and(
    ...clusterSelector(w, 'k8s_cluster'),
    logId('cloudaudit.googleapis.com/activity'),
    equalsAny(path('protoPayload.methodName'), podAuditMethodNames),
    equalsAny(path('protoPayload.resourceName'), podSubresources.map((suffix) => podResource + suffix)),
  );
}

/** The node's `k8s_node` logs and its VM's `gce_instance` logs. */
function nodeLogs(w: Workload): Expr {
  const vm: Expr[] = [
    equals(path('resource.type'), 'gce_instance'),
    equals(path('resource.labels.project_id'), w.projectId),
    ...(w.nodeZone === undefined ? [] : [equals(path('resource.labels.zone'), w.nodeZone)]),
    equals(path('labels', 'compute.googleapis.com/resource_name'), w.node!),
  ];
  return or(and(...clusterSelector(w, 'k8s_node'), equals(path('resource.labels.node_name'), w.node!)), and(...vm));
}

/** Plans the three GKE sections. */
export function planGke(w: Workload, context: PlanContext): SectionPlan[] {
  const nodeRequirements: NameRequirement[] = [
    ...clusterNames(w),
    { field: 'node', value: w.node, kind: 'node' },
    ...(w.nodeZone === undefined ? [] : [{ field: 'nodeZone', value: w.nodeZone, kind: 'zone' as const }]),
  ];
  const sections = [
    { name: 'pod_logs', names: podNames(w), build: podLogs, window: context.logsWindow },
    { name: 'cluster_audit', names: podNames(w), build: clusterAudit, window: context.auditWindow },
    { name: 'node_logs', names: nodeRequirements, build: nodeLogs, window: context.logsWindow },
  ] as const;
  return sections.map(({ name, names, build, window }) => {
    const problem = nameProblem(names);
    return problem === undefined
      ? plannedSection(name, build(w), window, context, w.projectId)
      : skippedSection(name, problem, window, context);
  });
}
