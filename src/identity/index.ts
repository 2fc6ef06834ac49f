/**
 * The follow-up stage, after the workload's own sections: find the workload's identity in the audit
 * entries they read, then read what that identity did (`identity_activity`) on spare budget, within
 * what is left of the deadline. Its answer is one more section and the summary's `identity` block.
 */
import type { Config } from '../config';
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
import { type IdentityLookup, identityOf } from './workload-identity';

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
  readonly config: Pick<Config, 'logScope' | 'logWindowBeforeMs' | 'logWindowAfterMs' | 'auditLookbackMs' | 'sectionExcerpts' | 'sectionMaxPages'>;
}

/** The stage's answer. */
export interface IdentityStage {
  readonly section: SectionResult;
  readonly report: IdentityReport;
}

const auditSections = new Set(['cluster_audit', 'run_audit']);

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

/** Runs the stage. Never throws: a failed read is the section's `error`, as for any section. */
export async function followIdentity(input: IdentityStageInput): Promise<IdentityStage> {
  const { workload, finding, config } = input;
  const { eventTime } = finding;
  const started = Date.now();
  const context = planContextOf(workload, eventTime, config);
  const audit = input.sections.filter((section) => auditSections.has(section.report.name)).flatMap((section) => section.entries);
  let lookup = identityOf(workload, audit, eventTime);
  if (!lookup.found && workload.platform === 'gke') {
    const podStart = podStartOf(finding, workload);
    const created =
      input.prefetched !== undefined ? await input.prefetched : podStart === undefined ? [] : await lookupPodCreate(workload, podStart, context.resourceNames, input.reader, input.remainingMs);
    if (created.length > 0) lookup = identityOf(workload, created, eventTime);
  }
  const remainingMs = input.remainingMs - (Date.now() - started);
  const plan = lookup.found
    ? planIdentityActivity(lookup.identity, context, workload.projectId)
    : skippedSection('identity_activity', lookup.reason, identityWindow(eventTime, context.logsWindow), context);
  const [section] = await runSections([plan], input.reader, { excerpts: config.sectionExcerpts, deadlineMs: Math.max(1, remainingMs), maxPages: config.sectionMaxPages });
  return { section: section!, report: reportOf(lookup, section!, eventTime, input.destination) };
}

function reportOf(lookup: IdentityLookup, section: SectionResult, eventTime: string, destination: string | undefined): IdentityReport {
  if (!lookup.found) return { status: 'unknown', reason: lookup.reason };
  // A section that erred after some pages still shows what it read: a token used from the destination is no less so.
  const { status } = section.report;
  const read = status === 'ok' || status === 'empty' || status === 'truncated' || (status === 'error' && section.entries.length > 0);
  const activity = read ? { ...(status === 'error' ? { partial: true as const } : {}), ...identityActivityOf(section.entries, eventTime, destination) } : undefined;
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
