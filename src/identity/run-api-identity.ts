/**
 * A Cloud Run workload's runtime service account from the Cloud Run Admin API, when no deploy entry
 * is in the audit log read (the service or job was deployed before the lookback). A revision or an
 * execution never changes, so the one that logged nearest detection gives the account exactly; the
 * service or job itself only when it has not changed since detection.
 */
import { compareTimestamps } from '../lib/time';
import { fieldAt, nonEmptyString } from '../lib/defined';
import type { LogEntry } from '../logs/port';
import type { CloudRunWorkload } from '../notification/workload';
import { isProjectIdOrNumber, isValidName } from '../plan/names';
import { runTargetOf } from '../plan/cloud-run';
import type { RunSpec, WorkloadSpecSource } from '../specs/port';
import { type IdentityLookup, computeDefaultAccount, unknown } from './identity';
import { type SpecAnswer, readSpec } from './spec-lookup';

/** What names the revision or execution a log entry came from. */
const unitOf: Readonly<Record<CloudRunWorkload['platform'], { readonly collection: 'revisions' | 'executions'; readonly kind: 'runRevision' | 'runExecution'; readonly label: readonly string[] }>> = {
  cloud_run_service: { collection: 'revisions', kind: 'runRevision', label: ['resource', 'labels', 'revision_name'] },
  cloud_run_job: { collection: 'executions', kind: 'runExecution', label: ['labels', 'run.googleapis.com/execution_name'] },
};

/** The workload's own resource name, when its parts are valid names. */
function parentOf(w: CloudRunWorkload): string | undefined {
  const { collection, name } = runTargetOf(w);
  const valid = isProjectIdOrNumber(w.projectId) && isValidName('location', w.location) && isValidName(name.kind, name.value);
  return valid ? `projects/${w.projectId}/locations/${w.location}/${collection}/${name.value}` : undefined;
}

/**
 * The revision or execution that logged last at or before detection: what ran when the threat was
 * seen. One that only logged after it may have been deployed since, so it is never taken.
 */
export function unitNear(w: CloudRunWorkload, entries: readonly LogEntry[], detection: string): string | undefined {
  const { kind, label } = unitOf[w.platform];
  const named = entries.flatMap((entry) => {
    const unit = nonEmptyString(fieldAt(entry, ...label));
    const at = String(entry.timestamp ?? '');
    return unit !== undefined && isValidName(kind, unit) && compareTimestamps(at, detection) <= 0 ? [{ unit, at }] : [];
  });
  return named.sort((a, b) => compareTimestamps(b.at, a.at))[0]?.unit;
}

/**
 * Whether the service's or job's template is what `unit` ran: it is the latest the template made,
 * the template has not changed since detection, and (a job) the execution came after the last change.
 */
function templateRan(w: CloudRunWorkload, spec: RunSpec, unit: string, detection: string): boolean {
  const { latestUnit, updateTime } = spec;
  if (latestUnit?.name !== unit || updateTime === undefined || compareTimestamps(updateTime, detection) > 0) return false;
  // A revision is made by each change of the service's template; an execution keeps the job's template of when it started.
  return w.platform === 'cloud_run_service' || (latestUnit.createTime !== undefined && compareTimestamps(latestUnit.createTime, updateTime) >= 0);
}

/** What the identity stage passes: the parent's spec, when already being read beside the workload's sections. */
export interface RunLookupInput {
  readonly workload: CloudRunWorkload;
  readonly logEntries: readonly LogEntry[];
  readonly detection: string;
  readonly source: WorkloadSpecSource | undefined;
  readonly remainingMs: number;
  /** Why the logs alone did not say. */
  readonly why: string;
  readonly parentRead?: Promise<SpecAnswer<RunSpec>> | undefined;
}

/** Starts reading the service or job beside the workload's sections: the usual answer needs nothing else. Never rejects. */
export function readRunParent(w: CloudRunWorkload, source: WorkloadSpecSource | undefined, remainingMs: number): Promise<SpecAnswer<RunSpec>> | undefined {
  const parent = parentOf(w);
  return parent === undefined || source === undefined ? undefined : readSpec(parent, source, remainingMs, (s, signal) => s.runResource(parent, signal));
}

/** Looks the account up: the unit that ran, else the service or job unchanged since detection. Never rejects. */
export async function runApiIdentity(input: RunLookupInput): Promise<IdentityLookup> {
  const { workload: w, detection, source, why } = input;
  const parent = parentOf(w);
  if (parent === undefined || source === undefined) return unknown(source === undefined ? `${why}, and WORKLOAD_SOURCE is none` : why);
  const started = Date.now();
  const parentRead = input.parentRead ?? readSpec(parent, source, input.remainingMs, (s, signal) => s.runResource(parent, signal));
  const unit = unitNear(w, input.logEntries, detection);
  if (unit !== undefined) {
    const name = `${parent}/${unitOf[w.platform].collection}/${unit}`;
    const early = await parentRead;
    if (early.kind === 'found' && templateRan(w, early.spec, unit, detection)) return accountOf(w, early.spec, name, why, undefined);
    const answer = await readSpec(name, source, input.remainingMs - (Date.now() - started), (s, signal) => s.runResource(name, signal));
    const made = answer.kind === 'found' ? answer.spec.createTime : undefined;
    if (answer.kind === 'found' && (made === undefined || compareTimestamps(made, detection) <= 0)) return accountOf(w, answer.spec, name, why, undefined);
  }
  const answer = await parentRead;
  if (answer.kind === 'unavailable') return unknown(`${why}, and ${answer.reason}`);
  const { updateTime } = answer.spec;
  if (updateTime === undefined) return unknown(`${why}, and ${parent} gives no time of its last change, so nothing says its account is the one that ran`);
  if (compareTimestamps(updateTime, detection) > 0) return unknown(`${why}, and ${parent} changed after detection (${updateTime}), so its account now may not be the one that ran`);
  const caveat =
    w.platform === 'cloud_run_service'
      ? "from the service's template (its latest revision): traffic pinned to an older revision runs as that revision's account"
      : "from the job's template: an execution started before a change of it runs as the account it started with";
  return accountOf(w, answer.spec, parent, why, caveat);
}

function accountOf(w: CloudRunWorkload, spec: RunSpec, name: string, why: string, caveat: string | undefined): IdentityLookup {
  const email = spec.serviceAccount ?? computeDefaultAccount(w);
  if (email === undefined) return unknown(`${why}, and ${name} names no service account while the finding gives no project number`);
  if (!isValidName('serviceAccountEmail', email)) return unknown(`${why}, and ${name} names a service account that is not a valid service account email`);
  return { found: true, identity: { principal: email, source: 'cloud_run_api', fromResource: name, serviceAccountEmail: email, ...(caveat === undefined ? {} : { caveat }) } };
}
