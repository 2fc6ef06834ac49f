/**
 * The `identity_activity` section: Admin Activity and Data Access entries made by the workload's
 * identity, from a little before detection to the end of the logs window. The principal is matched
 * exactly, in each form its calls take: the Workload Identity Federation principal
 * (`principalSubject`), a Google service account bound to the KSA acting by delegation
 * (`serviceAccountDelegationInfo[].principalSubject`), or the runtime service account
 * (`principalEmail`). Every value goes through the builder's quoting.
 */
import type { Expr } from '../query/ast';
import { and, equals, logId, or, path } from '../query/builder';
import type { PlanContext, PlannedSection } from '../plan/section';
import { plannedSection } from '../plan/section';
import type { TimeWindow } from '../lib/time';
import type { WorkloadIdentity } from './identity';

/** How long before detection the identity's calls are read: a token is often used minutes before the shell is seen. */
export const identityLeadMs = 10 * 60_000;

/** The principal clauses of the identity: one per form its calls take in audit logs. */
export function principalSelector(identity: WorkloadIdentity): Expr {
  const auth = 'protoPayload.authenticationInfo';
  const clauses: Expr[] = [];
  if (identity.principalSubject !== undefined) clauses.push(equals(path(`${auth}.principalSubject`), identity.principalSubject));
  if (identity.delegationSubject !== undefined) clauses.push(equals(path(`${auth}.serviceAccountDelegationInfo.principalSubject`), identity.delegationSubject));
  if (identity.serviceAccountEmail !== undefined) clauses.push(equals(path(`${auth}.principalEmail`), identity.serviceAccountEmail));
  return clauses.length === 1 ? clauses[0]! : or(...clauses);
}

/** The window: `identityLeadMs` before detection to the end of the logs window. */
export function identityWindow(detection: string, logsWindow: TimeWindow): TimeWindow {
  const start = new Date(Math.max(Date.parse(detection) - identityLeadMs, Date.parse(logsWindow.start))).toISOString();
  return { start, end: logsWindow.end };
}

/** Plans the section for a known identity. */
export function planIdentityActivity(identity: WorkloadIdentity, context: PlanContext, projectId: string): PlannedSection {
  const selector = and(or(logId('cloudaudit.googleapis.com/activity'), logId('cloudaudit.googleapis.com/data_access')), principalSelector(identity));
  return { ...plannedSection('identity_activity', selector, identityWindow(context.eventTime, context.logsWindow), context, projectId), followUp: true };
}
