/**
 * The Kubernetes audit methods on a pod that a responder wants to see: sessions into it and its
 * lifecycle. One table, read by the `cluster_audit` filter (which methods to select) and by the
 * audit highlights (what each one is called). kubectl 1.30+ opens sessions over WebSockets, which
 * the API server may audit as `get` rather than `create`; both are sessions.
 */

/** Each method, the highlight kind it raises, and the words a responder reads before the pod's name. */
export const podAuditMethods = {
  'io.k8s.core.v1.pods.exec.create': { kind: 'kubectl_exec', verb: 'kubectl exec into' },
  'io.k8s.core.v1.pods.exec.get': { kind: 'kubectl_exec', verb: 'kubectl exec into' },
  'io.k8s.core.v1.pods.attach.create': { kind: 'kubectl_attach', verb: 'kubectl attach to' },
  'io.k8s.core.v1.pods.attach.get': { kind: 'kubectl_attach', verb: 'kubectl attach to' },
  'io.k8s.core.v1.pods.portforward.create': { kind: 'kubectl_port_forward', verb: 'kubectl port-forward to' },
  'io.k8s.core.v1.pods.portforward.get': { kind: 'kubectl_port_forward', verb: 'kubectl port-forward to' },
  'io.k8s.core.v1.pods.create': { kind: 'pod_created', verb: 'pod created:' },
  'io.k8s.core.v1.pods.delete': { kind: 'pod_deleted', verb: 'pod deleted:' },
  'io.k8s.core.v1.pods.patch': { kind: 'pod_patched', verb: 'pod patched:' },
} as const;

/** One of the methods in {@link podAuditMethods}. */
export type PodAuditMethod = keyof typeof podAuditMethods;

/** The methods, in the table's order (the filter lists them so). */
export const podAuditMethodNames = Object.keys(podAuditMethods) as PodAuditMethod[];
