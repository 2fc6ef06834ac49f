/**
 * Assessment rules about changes before detection: interactive sessions, deploys and IAM changes.
 * "Shortly before" is a configured threshold per kind of change (SHORTLY_BEFORE_DEPLOY, _IAM,
 * _EXEC): inside it a change raises the priority, outside it the change is context. An IAM change
 * by a human outside the organisation, or one that lets anyone in, is a top reason.
 */
import type { ChangeKind } from '../config';
import { formatDuration } from '../lib/duration';
import { millisBetween } from '../lib/time';
import { contactsOf } from '../notification/contacts';
import type { Finding } from '../notification/schema';
import type { Highlight } from './highlight';

/** What the change rules are configured with. */
export interface Judgement {
  readonly shortlyBeforeMs: Readonly<Record<ChangeKind, number>>;
  readonly orgDomains: readonly string[];
}

/** A rule's verdict: a reason, and the priority step it asks for (`raise`), or `top` to stand first among the reasons. */
export interface ChangeVerdict {
  readonly reason: string;
  readonly raise?: true;
  readonly top?: true;
}

const settingOf: Readonly<Record<ChangeKind, string>> = { deploy: 'SHORTLY_BEFORE_DEPLOY', iam: 'SHORTLY_BEFORE_IAM', exec: 'SHORTLY_BEFORE_EXEC' };

/** Consumer mail domains: a person there is outside any organisation. */
const consumerDomains: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'proton.me', 'protonmail.com']);

const before = (h: Highlight, finding: Finding): number => millisBetween(h.at, finding.eventTime);
const ago = (ms: number): string => formatDuration(Math.max(0, ms));

/** Whether the change is inside its "shortly before" threshold, and the words that say so. */
function timing(kind: ChangeKind, ms: number, judgement: Judgement): { readonly shortly: boolean; readonly words: string } {
  const limit = judgement.shortlyBeforeMs[kind];
  const shortly = ms >= 0 && ms <= limit;
  return { shortly, words: `${ago(ms)} before detection (${shortly ? 'within' : 'outside'} the ${formatDuration(limit)} of ${settingOf[kind]})` };
}

/** The organisation's domains: configured (ORG_DOMAINS), else those of the finding's contacts. */
export function orgDomainsOf(finding: Finding, judgement: Judgement): string[] {
  if (judgement.orgDomains.length > 0) return [...judgement.orgDomains];
  const domains = contactsOf(finding)
    .map(({ email }) => email.split('@')[1]?.toLowerCase())
    .filter((d): d is string => d !== undefined && d !== '');
  return [...new Set(domains)];
}

/** Why a human principal is outside the organisation, or undefined when it is not known to be. */
export function outsideOrg(principal: string, orgDomains: readonly string[]): string | undefined {
  const domain = principal.split('@')[1]?.toLowerCase();
  if (domain === undefined) return undefined;
  if (consumerDomains.has(domain)) return `${domain} is a consumer mail domain`;
  if (orgDomains.length > 0 && !orgDomains.some((own) => domain === own || domain.endsWith(`.${own}`)))
    return `${domain} is not one of the organisation's domains (${orgDomains.slice(0, 3).join(', ')})`;
  return undefined;
}

/** The latest interactive session by a person within SHORTLY_BEFORE_EXEC; the admin-activity hint only when nothing points at an attack from outside. */
export function sessionVerdict(highlights: readonly Highlight[], finding: Finding, judgement: Judgement): ChangeVerdict | undefined {
  const sessions = highlights.filter((h) => (h.kind === 'kubectl_exec' || h.kind === 'kubectl_attach') && h.principalKind === 'human');
  const last = sessions.filter((h) => timing('exec', before(h, finding), judgement).shortly).at(-1);
  if (last === undefined) return undefined;
  const when = timing('exec', before(last, finding), judgement).words;
  const initialAccess = highlights.some((h) => h.kind === 'possible_initial_access');
  return initialAccess
    ? { reason: `interactive session by ${last.principal} ${when}, with a possible exploit request near detection: do not read it as admin activity` }
    : { reason: `interactive session by ${last.principal} ${when}: possibly admin activity; confirm with them before closing (the finding stands)` };
}

/** Deploys and IAM changes before detection: a raise inside the threshold, context outside it, and a top reason for a change from outside or to public. */
export function changeVerdicts(highlights: readonly Highlight[], finding: Finding, judgement: Judgement): ChangeVerdict[] {
  const changes = highlights.filter((h) => (h.kind === 'cloud_run_deploy' || h.kind === 'cloud_run_iam_change') && h.principalKind !== 'google_service_agent' && before(h, finding) >= 0);
  const domains = orgDomainsOf(finding, judgement);
  // A principal that changes the workload often (a deploy pipeline) is routine; a person, or a one-off, is not.
  const counts = new Map<string, number>();
  for (const h of changes) counts.set(h.principal ?? '?', (counts.get(h.principal ?? '?') ?? 0) + 1);
  const unusual = (h: Highlight) => h.principalKind === 'human' || counts.get(h.principal ?? '?') === 1;
  const verdicts = changes.map((h): ChangeVerdict => {
    const kind: ChangeKind = h.kind === 'cloud_run_iam_change' ? 'iam' : 'deploy';
    const { shortly, words } = timing(kind, before(h, finding), judgement);
    const who = `${h.principal ?? 'an unknown principal'} (${h.principalKind ?? 'unknown'})`;
    const what = kind === 'iam' ? 'IAM change' : 'deploy';
    const outside = h.principalKind === 'human' && h.principal !== undefined ? outsideOrg(h.principal, domains) : undefined;
    const open = h.publicMembers === undefined ? undefined : `it lets ${h.publicMembers.join(' and ')} in`;
    const alarms = [outside === undefined ? undefined : `a human outside the organisation: ${outside}`, open].filter((a): a is string => a !== undefined);
    if (kind === 'iam' && alarms.length > 0) return { reason: `${what} by ${who} ${words}: ${alarms.join('; ')}`, raise: true, top: true };
    if (shortly && unusual(h)) return { reason: `${what} by ${who} ${words}: an unusual change shortly before a runtime threat`, raise: true };
    return { reason: `${what} by ${who} ${words}: context, not a priority raise` };
  });
  // The latest of each verdict kind says enough; a top reason is never dropped.
  const top = verdicts.filter((v) => v.top);
  const raised = verdicts.filter((v) => v.raise && !v.top).slice(-1);
  const context = verdicts.filter((v) => !v.raise).slice(-1);
  return [...top.slice(-3), ...raised, ...context];
}
