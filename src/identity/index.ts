/**
 * The follow-up stage, after the workload's own sections: find the workload's identity in the audit
 * entries they read, then read what that identity did (`identity_activity`) on spare budget, within
 * what is left of the deadline. Its answer is one more section and the summary's `identity` block.
 */
import type { BlockList } from 'node:net';
import type { Config } from '../config';
import { rangeList } from '../lib/cidr';
import { type SectionResult, runSections } from '../logs/executor';
import type { LogReader } from '../logs/reader';
import { asRecord } from '../lib/defined';
import type { LogEntry } from '../logs/port';
import type { Finding } from '../notification/schema';
import { isValidName } from '../plan/names';
import type { Workload } from '../notification/workload';
import { lookupPodCreate, podStartOf } from './pod-create-lookup';
import { planContextOf } from '../plan/index';
import { skippedSection } from '../plan/section';
import { identityActivityOf } from './activity';
import { identityWindow, planIdentityActivity } from './activity-plan';
import type { IdentityReport } from './schema';
import { identityOf } from './workload-identity';
import type { IdentityLookup } from './identity';
import type { ClusterSpec, RunSpec, WorkloadSpecSource } from '../specs/port';
import { nodePoolOf } from './gke-identity';
import { readRunParent, runApiIdentity } from './run-api-identity';
import { type SpecAnswer, readClusterSpec } from './spec-lookup';

/** What the stage reads. */
export interface IdentityStageInput {
  readonly workload: Workload;
  readonly finding: Finding;
  /** The workload's sections, already read. */
  readonly sections: readonly SectionResult[];
  /** The reverse-shell destination, when the finding has one. */
  readonly destination: string | undefined;
  readonly reader: LogReader;
  /** What is left of the finding's deadline. */
  readonly remainingMs: number;
  /** The pod's create entry, already being read beside the workload's sections ({@link prefetchPodCreate}). */
  readonly prefetched?: Promise<readonly LogEntry[]> | undefined;
  /** The specs already being read beside the workload's sections ({@link prefetchSpecs}). */
  readonly early?: EarlySpecs | undefined;
  /** The read APIs, for what the logs do not say; undefined when they are off. */
  readonly specs?: WorkloadSpecSource | undefined;
  readonly config: Pick<Config, 'logScope' | 'logWindowBeforeMs' | 'logWindowAfterMs' | 'auditLookbackMs' | 'sectionExcerpts' | 'sectionMaxPages' | 'ownCallerRanges'>;
}

/** The stage's answer. */
export interface IdentityStage {
  readonly section: SectionResult;
  readonly report: IdentityReport;
}

const auditSections: ReadonlySet<string> = new Set(['cluster_audit', 'run_audit']);
const runLogSections: ReadonlySet<string> = new Set(['run_logs']);

/**
 * Starts reading the pod's create entry when the pod is older than the workload's audit window,
 * which then cannot hold it: the read needs nothing from the sections, so it goes beside them.
 */
export function prefetchPodCreate(workload: Workload, finding: Finding, reader: LogReader, deadlineMs: number, config: IdentityStageInput['config']): Promise<readonly LogEntry[]> | undefined {
  if (workload.platform !== 'gke') return undefined;
  const podStart = podStartOf(finding, workload);
  const context = planContextOf(workload, finding.eventTime, config);
  if (podStart === undefined || Date.parse(podStart) >= Date.parse(context.auditWindow.start)) return undefined;
  // Never rejects (a failed lookup is an unknown identity), and may be left unawaited when the sections name the identity.
  return lookupPodCreate(workload, podStart, context.resourceNames, reader, deadlineMs).catch(() => []);
}

/** The specs read beside the workload's sections: the cluster's (GKE), or the service's or job's (Cloud Run). */
export interface EarlySpecs {
  readonly cluster?: Promise<SpecAnswer<ClusterSpec>> | undefined;
  readonly run?: Promise<SpecAnswer<RunSpec>> | undefined;
}

/** Starts reading the specs the identity usually needs: they need nothing from the logs, so they go beside the workload's sections. Never rejects. */
export function prefetchSpecs(workload: Workload, specs: WorkloadSpecSource | undefined, deadlineMs: number): EarlySpecs {
  switch (workload.platform) {
    case 'gke':
      return { cluster: readClusterSpec(workload, specs, deadlineMs) };
    case 'cloud_run_service':
    case 'cloud_run_job':
      return { run: readRunParent(workload, specs, deadlineMs) };
    default: {
      const unreachable: never = workload;
      return unreachable;
    }
  }
}

/** Runs the stage. Never throws: a failed read is the section's `error`, as for any section. */
export async function followIdentity(input: IdentityStageInput): Promise<IdentityStage> {
  const { workload, finding } = input;
  const started = Date.now();
  const context = planContextOf(workload, finding.eventTime, input.config);
  const lookup = await lookupIdentity(input, context.resourceNames);
  const remainingMs = input.remainingMs - (Date.now() - started);
  const plan = lookup.found
    ? planIdentityActivity(lookup.identity, context, workload.projectId)
    : skippedSection('identity_activity', lookup.reason, identityWindow(finding.eventTime, context.logsWindow), context);
  const [section] = await runSections([plan], input.reader, { excerpts: input.config.sectionExcerpts, deadlineMs: Math.max(1, remainingMs), maxPages: input.config.sectionMaxPages });
  return { section: section!, report: reportOf(lookup, section!, finding.eventTime, input.destination, rangeList(input.config.ownCallerRanges)) };
}

const entriesOf = (sections: readonly SectionResult[], names: ReadonlySet<string>): LogEntry[] => sections.filter((section) => names.has(section.report.name)).flatMap((section) => section.entries);

/** The identity from the sections' audit entries, then an old pod's create entry (GKE) or the Cloud Run Admin API. */
async function lookupIdentity(input: IdentityStageInput, resourceNames: readonly string[]): Promise<IdentityLookup> {
  const { workload, finding } = input;
  const { eventTime } = finding;
  const started = Date.now();
  const facts = {
    cluster: input.early?.cluster === undefined ? ({ kind: 'unavailable', reason: 'it was not read' } as const) : await input.early.cluster,
    nodePool: workload.platform === 'gke' ? nodePoolOf(finding, workload.node) : undefined,
  };
  const lookup = identityOf(workload, entriesOf(input.sections, auditSections), eventTime, facts);
  if (lookup.found) return lookup;
  switch (workload.platform) {
    case 'gke': {
      const podStart = podStartOf(finding, workload);
      const leftMs = input.remainingMs - (Date.now() - started);
      const created = input.prefetched !== undefined ? await input.prefetched : podStart === undefined ? [] : await lookupPodCreate(workload, podStart, resourceNames, input.reader, leftMs);
      return created.length > 0 ? identityOf(workload, created, eventTime, facts) : lookup;
    }
    case 'cloud_run_service':
    case 'cloud_run_job':
      return runApiIdentity({
        workload,
        logEntries: entriesOf(input.sections, runLogSections),
        detection: eventTime,
        source: input.specs,
        remainingMs: input.remainingMs - (Date.now() - started),
        why: lookup.reason,
        parentRead: input.early?.run,
      });
    default: {
      const unreachable: never = workload;
      return unreachable;
    }
  }
}

function reportOf(lookup: IdentityLookup, section: SectionResult, eventTime: string, destination: string | undefined, ownRanges: BlockList): IdentityReport {
  if (!lookup.found) return { status: 'unknown', reason: lookup.reason };
  // A section that erred after some pages still shows what it read: a token used from the destination is no less so.
  const { status } = section.report;
  const read = status === 'ok' || status === 'empty' || status === 'truncated' || (status === 'error' && section.entries.length > 0);
  const activity = read ? { ...(status === 'error' ? { partial: true as const } : {}), ...identityActivityOf(section.entries, eventTime, destination, ownRanges) } : undefined;
  const bound = boundAccountsOf(section.entries, lookup.identity.delegationSubject);
  return { status: 'found', ...lookup.identity, ...(bound.length > 0 ? { boundServiceAccounts: bound } : {}), ...(activity === undefined ? {} : { activity }) };
}

/** The Google service accounts that acted for the KSA: `principalEmail` of the entries whose delegation chain names it. */
function boundAccountsOf(entries: readonly LogEntry[], delegationSubject: string | undefined): string[] {
  if (delegationSubject === undefined) return [];
  const emails = entries.flatMap((entry) => {
    const auth = asRecord(asRecord(entry.protoPayload)?.authenticationInfo);
    const chain = Array.isArray(auth?.serviceAccountDelegationInfo) ? (auth.serviceAccountDelegationInfo as unknown[]) : [];
    const delegated = chain.some((link) => asRecord(link)?.principalSubject === delegationSubject);
    const email = auth?.principalEmail;
    return delegated && typeof email === 'string' && isValidName('serviceAccountEmail', email) ? [email] : [];
  });
  return [...new Set(emails)].slice(0, 5);
}
