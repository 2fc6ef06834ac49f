/**
 * Reads from the WorkloadSpecSource within what is left of the finding's deadline. An answer the
 * source cannot give (off, absent, refused, too slow) is a reason, never an error of the finding's:
 * the identity is then found without it or said to be unknown, with that reason.
 */
import { describeError } from '../errors';
import { startDeadline, withDeadline } from '../lib/deadline';
import type { GkeWorkload } from '../notification/workload';
import { isProjectIdOrNumber, isValidName } from '../plan/names';
import { oneLine } from '../lib/sanitize';
import type { ClusterSpec, WorkloadSpecSource } from '../specs/port';

/** A spec, or why there is none. */
export type SpecAnswer<T> = { readonly kind: 'found'; readonly spec: T } | { readonly kind: 'unavailable'; readonly reason: string };

const unavailable = (reason: string): SpecAnswer<never> => ({ kind: 'unavailable', reason });

/** The most one read may take: a third of what is left, at most 5 s, so a slow API leaves the identity's own read its time. */
export const specReadMs = (remainingMs: number): number => Math.min(Math.floor(remainingMs / 3), 5_000);

/** Reads `name` with `read`, bounded by {@link specReadMs} of `remainingMs`. Never rejects. */
export async function readSpec<T>(
  name: string,
  source: WorkloadSpecSource | undefined,
  remainingMs: number,
  read: (source: WorkloadSpecSource, signal: AbortSignal) => Promise<T | undefined>,
): Promise<SpecAnswer<T>> {
  if (source === undefined) return unavailable('WORKLOAD_SOURCE is none');
  const budgetMs = specReadMs(remainingMs);
  if (budgetMs <= 0) return unavailable('no time was left before the deadline');
  const deadline = startDeadline(budgetMs);
  try {
    const spec = await withDeadline(read(source, deadline.signal), deadline.signal);
    return spec === undefined ? unavailable(`${name} does not exist (NOT_FOUND)`) : { kind: 'found', spec };
  } catch (error) {
    return unavailable(`reading ${name} failed: ${oneLine(describeError(error), 300)}`);
  } finally {
    deadline.clear();
  }
}

/** The cluster's resource name, when every part of it is a valid name. */
export function clusterNameOf(w: GkeWorkload): string | undefined {
  const valid = isProjectIdOrNumber(w.projectId) && isValidName('location', w.location) && isValidName('cluster', w.cluster);
  return valid ? `projects/${w.projectId}/locations/${w.location}/clusters/${w.cluster}` : undefined;
}

/** Starts reading the cluster's spec: it needs nothing from the logs, so it goes beside the workload's sections. */
export function readClusterSpec(w: GkeWorkload, source: WorkloadSpecSource | undefined, remainingMs: number): Promise<SpecAnswer<ClusterSpec>> {
  const name = clusterNameOf(w);
  if (name === undefined) return Promise.resolve(unavailable('the finding names no valid project, location and cluster'));
  return readSpec(name, source, remainingMs, (s, signal) => s.cluster(name, signal));
}
