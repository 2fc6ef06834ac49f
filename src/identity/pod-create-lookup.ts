/**
 * The pod's create entry, when the workload's sections did not read it: a long-lived pod was
 * created before the audit lookback. Its containers' `createTime` (in the finding) says when, so one
 * narrow read finds it, on spare budget like the rest of the follow-up stage.
 */
import { startDeadline, withDeadline } from '../lib/deadline';
import { compareTimestamps } from '../lib/time';
import { parseRange } from '../logs/interval';
import type { LogEntry } from '../logs/port';
import type { LogReader } from '../logs/reader';
import type { Finding } from '../notification/schema';
import type { GkeWorkload } from '../notification/workload';
import { isValidName } from '../plan/names';
import { and, equals, logId, path } from '../query/builder';

/** How far before its first container the pod's create entry is looked for (image pulls, scheduling). */
const beforeContainerMs = 15 * 60_000;
const afterContainerMs = 60_000;

/** When the pod's first container was created, as the finding says; undefined when it does not. */
export function podStartOf(finding: Finding, workload: GkeWorkload): string | undefined {
  const pod = finding.kubernetes?.pods?.find((p) => p.name === workload.pod && (p.ns === undefined || p.ns === workload.namespace));
  const times = (pod?.containers ?? []).flatMap((c) => (c.createTime !== undefined && !Number.isNaN(Date.parse(c.createTime)) ? [c.createTime] : []));
  return times.sort(compareTimestamps)[0];
}

/** Reads the pod's create entry around `podStart`; none (or no budget) is an empty answer. */
export async function lookupPodCreate(workload: GkeWorkload, podStart: string, resourceNames: readonly string[], reader: LogReader, remainingMs: number): Promise<readonly LogEntry[]> {
  const { namespace, pod } = workload;
  const names = [isValidName('project', workload.projectId), isValidName('location', workload.location), isValidName('cluster', workload.cluster)];
  if (remainingMs <= 0) return [];
  if (namespace === undefined || pod === undefined || !isValidName('namespace', namespace) || !isValidName('pod', pod) || names.includes(false)) return [];
  const selector = and(
    equals(path('resource.type'), 'k8s_cluster'),
    equals(path('resource.labels.project_id'), workload.projectId),
    equals(path('resource.labels.location'), workload.location),
    equals(path('resource.labels.cluster_name'), workload.cluster),
    logId('cloudaudit.googleapis.com/activity'),
    equals(path('protoPayload.methodName'), 'io.k8s.core.v1.pods.create'),
    equals(path('protoPayload.resourceName'), `core/v1/namespaces/${namespace}/pods/${pod}`),
  );
  const deadline = startDeadline(remainingMs);
  try {
    // Inside the try: a createTime Date can parse but not print (year −271821) must not throw past here.
    const at = Date.parse(podStart);
    const range = parseRange(new Date(at - beforeContainerMs).toISOString(), new Date(at + afterContainerMs).toISOString());
    // A coalesced call ends when its last reader gives up: the deadline ends this wait, whatever the others do.
    const answer = await withDeadline(
      reader.read({ resourceNames, selector, range, order: 'desc', estimate: 0, essential: false, notAfter: Date.now() + remainingMs }, deadline.signal),
      deadline.signal,
    );
    return answer.entries;
  } catch {
    // No create entry is an unknown identity, said as such; the read's error is no error of the finding's.
    return [];
  } finally {
    deadline.clear();
  }
}
