/** GKE sections: the pod's container logs, the cluster's audit log for the pod, the node's logs. */
import type { GkeWorkload } from '../notification/workload';
import type { Expr } from '../query/ast';
import { and, equals, equalsAny, logId, or, path } from '../query/builder';
import { type NamedRequirements, checkNames } from './names';
import { type PlanContext, type SectionName, type SectionPlan, plannedSection, skippedSection } from './section';
import type { TimeWindow } from '../lib/time';
import { podAuditMethodNames } from './pod-audit';

const podSubresources = ['', '/exec', '/attach', '/portforward'] as const;

const clusterNames = (w: GkeWorkload) =>
  ({
    projectId: { value: w.projectIdKnown ? w.projectId : undefined, kind: 'project' },
    location: { value: w.location, kind: 'location' },
    cluster: { value: w.cluster, kind: 'cluster' },
  }) satisfies NamedRequirements;

const podNames = (w: GkeWorkload) =>
  ({
    ...clusterNames(w),
    namespace: { value: w.namespace, kind: 'namespace' },
    pod: { value: w.pod, kind: 'pod' },
  }) satisfies NamedRequirements;

const nodeNames = (w: GkeWorkload) =>
  ({
    ...clusterNames(w),
    node: { value: w.node, kind: 'node' },
    ...(w.nodeZone === undefined ? {} : { nodeZone: { value: w.nodeZone, kind: 'zone' } }),
  }) satisfies NamedRequirements;

type Names<K extends string> = Readonly<Record<K, string>>;

const clusterSelector = (n: Names<'projectId' | 'location' | 'cluster'>, resourceType: string): Expr[] => [
  equals(path('resource.type'), resourceType),
  equals(path('resource.labels.project_id'), n.projectId),
  equals(path('resource.labels.location'), n.location),
  equals(path('resource.labels.cluster_name'), n.cluster),
];

/** The pod's own story: `k8s_container` entries of all its containers, and its Kubernetes events (`k8s_pod`: Killing, BackOff, Unhealthy, Pulled). */
function podLogs(n: Names<'projectId' | 'location' | 'cluster' | 'namespace' | 'pod'>): Expr {
  const [, ...labels] = clusterSelector(n, 'k8s_container');
  return and(equalsAny(path('resource.type'), ['k8s_container', 'k8s_pod']), ...labels, equals(path('resource.labels.namespace_name'), n.namespace), equals(path('resource.labels.pod_name'), n.pod));
}

/** Admin Activity audit entries about exactly that pod (never a pod whose name merely starts the same). */
function clusterAudit(n: Names<'projectId' | 'location' | 'cluster' | 'namespace' | 'pod'>): Expr {
  const podResource = `core/v1/namespaces/${n.namespace}/pods/${n.pod}`;
  return and(
    ...clusterSelector(n, 'k8s_cluster'),
    logId('cloudaudit.googleapis.com/activity'),
    equalsAny(path('protoPayload.methodName'), podAuditMethodNames),
    equalsAny(
      path('protoPayload.resourceName'),
      podSubresources.map((suffix) => podResource + suffix),
    ),
  );
}

/** The node's `k8s_node` logs and its VM's `gce_instance` logs. */
function nodeLogs(n: Names<'projectId' | 'location' | 'cluster' | 'node'> & { readonly nodeZone?: string }): Expr {
  const vm: Expr[] = [
    equals(path('resource.type'), 'gce_instance'),
    equals(path('resource.labels.project_id'), n.projectId),
    ...(n.nodeZone === undefined ? [] : [equals(path('resource.labels.zone'), n.nodeZone)]),
    equals(path('labels', 'compute.googleapis.com/resource_name'), n.node),
  ];
  return or(and(...clusterSelector(n, 'k8s_node'), equals(path('resource.labels.node_name'), n.node)), and(...vm));
}

/** Plans the three GKE sections; a section whose names are missing or invalid is skipped with the reason. */
export function planGke(w: GkeWorkload, context: PlanContext): SectionPlan[] {
  // When the project id is unknown the check fails, so a planned section always has the id.
  const section = <R extends NamedRequirements>(name: SectionName, requirements: R, build: (names: { readonly [K in keyof R]: string }) => Expr, window: TimeWindow) => {
    const checked = checkNames(requirements);
    return 'problem' in checked ? skippedSection(name, checked.problem, window, context) : plannedSection(name, build(checked.names), window, context, w.projectId);
  };
  return [
    section('pod_logs', podNames(w), podLogs, context.logsWindow),
    section('cluster_audit', podNames(w), clusterAudit, context.auditWindow),
    section('node_logs', nodeNames(w), nodeLogs, context.logsWindow),
  ];
}
