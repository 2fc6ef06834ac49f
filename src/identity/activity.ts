/**
 * What the workload's identity did, from its audit entries: the calls after detection grouped by
 * service and method, most sensitive and newest first; calls that mint credentials; and the caller
 * addresses that are neither the workload's own network nor Google's, the reverse-shell
 * destination above all. Every string shown comes from a log entry: it is bounded here.
 */
import { asRecord, nonEmptyString as str } from '../lib/defined';
import { oneLine } from '../lib/sanitize';
import { compareTimestamps, timestampNanos } from '../lib/time';
import type { LogEntry } from '../logs/port';
import type { BlockList } from 'node:net';
import { inRanges } from '../lib/cidr';
import { canonicalIp, ipScope } from '../evidence/ip-scope';

/** How sensitive a call is, most first. */
export const callClasses = ['token_minting', 'key_creation', 'secret_access', 'iam_policy_change', 'storage', 'compute_admin', 'container_admin', 'other'] as const;
/** One of {@link callClasses}. */
export type CallClass = (typeof callClasses)[number];

/** Methods by class, matched on the method name's end so every API version's spelling counts. */
const classRules: readonly { readonly class: CallClass; readonly pattern: RegExp }[] = [
  { class: 'token_minting', pattern: /(^|\.)(GenerateAccessToken|GenerateIdToken|SignBlob|SignJwt|getAccessToken)$/i },
  { class: 'key_creation', pattern: /(^|\.)(CreateServiceAccountKey|UploadServiceAccountKey|CreateKey|CreateHmacKey)$/i },
  { class: 'secret_access', pattern: /(^|\.)(AccessSecretVersion|GetSecret|ListSecrets|ListSecretVersions)$/ },
  { class: 'iam_policy_change', pattern: /(^|\.)(SetIamPolicy|setIamPermissions)$/i },
  { class: 'storage', pattern: /^storage\.(objects|buckets)\.(list|get)$/ },
];

const classByService: Readonly<Record<string, CallClass>> = { 'compute.googleapis.com': 'compute_admin', 'container.googleapis.com': 'container_admin' };

/** The class of a call. */
export function classOf(service: string, method: string): CallClass {
  return classRules.find((rule) => rule.pattern.test(method))?.class ?? classByService[service] ?? 'other';
}

/** Calls of one method, after detection. */
export interface CallGroup {
  readonly service: string;
  readonly method: string;
  readonly class: CallClass;
  readonly calls: number;
  readonly first: string;
  readonly last: string;
  /** Distinct caller addresses, at most five. */
  readonly callerIps: string[];
}

/** A caller address that is neither the workload's own network nor Google's. */
export interface ForeignCaller {
  readonly ip: string;
  readonly calls: number;
  readonly first: string;
  readonly last: string;
  /** True when it is the finding's reverse-shell destination. */
  readonly isDestination: boolean;
}

/** The identity's activity around detection. */
export interface IdentityActivity {
  /** True when the section was only partly read (an error or the deadline): what was read is shown, and may not be all. */
  readonly partial?: true;
  readonly callsBefore: number;
  readonly callsAfter: number;
  readonly afterDetection: CallGroup[];
  readonly foreignCallers: ForeignCaller[];
}

const maxGroups = 20;
const maxCallers = 10;

interface Call {
  readonly service: string;
  readonly method: string;
  readonly at: string;
  readonly callerIp: string | undefined;
}

function callOf(entry: LogEntry): Call | undefined {
  const proto = asRecord(entry.protoPayload);
  const method = str(proto?.methodName);
  const at = str(entry.timestamp);
  if (proto === undefined || method === undefined || at === undefined) return undefined;
  const callerIp = str(asRecord(proto.requestMetadata)?.callerIp);
  return { service: oneLine(str(proto.serviceName) ?? '', 100), method: oneLine(method, 200), at: oneLine(at, 40), callerIp: callerIp === undefined ? undefined : canonicalIp(callerIp) };
}

/**
 * Whether a caller address is foreign: public, for both platforms (private, loopback and
 * link-local are the workload's network; Google writes its own callers as `private` or
 * `gce-internal-ip`, which are no addresses), and outside the organisation's own egress ranges.
 */
export function isForeignCaller(ip: string, ownRanges?: BlockList): boolean {
  return ipScope(ip) === 'public' && (ownRanges === undefined || !inRanges(ownRanges, ip));
}

/** Groups calls by service and method, most sensitive class first, then newest. */
function groupCalls(calls: readonly Call[]): CallGroup[] {
  const groups = new Map<string, { service: string; method: string; calls: Call[] }>();
  for (const call of calls) {
    const key = `${call.service}\u0000${call.method}`;
    const group = groups.get(key) ?? { service: call.service, method: call.method, calls: [] };
    group.calls.push(call);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ service, method, calls: list }) => {
      const times = list.map((call) => call.at).sort(compareTimestamps);
      const callerIps = [...new Set(list.flatMap((call) => (call.callerIp === undefined ? [] : [oneLine(call.callerIp, 64)])))].slice(0, 5);
      return { service, method, class: classOf(service, method), calls: list.length, first: times[0]!, last: times[times.length - 1]!, callerIps };
    })
    .sort((a, b) => callClasses.indexOf(a.class) - callClasses.indexOf(b.class) || compareTimestamps(b.last, a.last))
    .slice(0, maxGroups);
}

function foreignCallersOf(calls: readonly Call[], destination: string | undefined, ownRanges: BlockList | undefined): ForeignCaller[] {
  const dest = destination === undefined ? undefined : canonicalIp(destination);
  const byIp = new Map<string, Call[]>();
  for (const call of calls) {
    // The destination is foreign wherever it is: whoever holds the shell is there.
    if (call.callerIp === undefined || (!isForeignCaller(call.callerIp, ownRanges) && call.callerIp !== dest)) continue;
    const list = byIp.get(call.callerIp) ?? [];
    list.push(call);
    byIp.set(call.callerIp, list);
  }
  return [...byIp.entries()]
    .map(([ip, list]) => {
      const times = list.map((call) => call.at).sort(compareTimestamps);
      return { ip: oneLine(ip, 64), calls: list.length, first: times[0]!, last: times[times.length - 1]!, isDestination: ip === dest };
    })
    .sort((a, b) => Number(b.isDestination) - Number(a.isDestination) || b.calls - a.calls)
    .slice(0, maxCallers);
}

/** Analyses the identity's audit entries around `detection`; callers in `ownRanges` are the organisation's own. */
export function identityActivityOf(entries: readonly LogEntry[], detection: string, destination: string | undefined, ownRanges?: BlockList): IdentityActivity {
  const detected = timestampNanos(detection) ?? 0n;
  const calls = entries.flatMap((entry) => callOf(entry) ?? []);
  const after = calls.filter((call) => (timestampNanos(call.at) ?? 0n) >= detected);
  return {
    callsBefore: calls.length - after.length,
    callsAfter: after.length,
    afterDetection: groupCalls(after),
    // Before detection too: a token taken earlier and used from outside is the same story.
    foreignCallers: foreignCallersOf(calls, destination, ownRanges),
  };
}
