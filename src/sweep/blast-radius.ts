/**
 * The blast radius, from the sweep's entries: every workload (pod, VM, or a bare address) that
 * talked to one of the attacker's addresses or resolved one of its host names, with the first and
 * last time it was seen and through which logs. A firewall or DNS entry names only an address and
 * a VM; an address a flow log tied to a pod within minutes of it is that pod (pod IPs are reused),
 * else the entry's VM (a pod's node). Strings from entries are bounded here.
 */
import { asRecord, fieldAt as dig, nonEmptyString as str } from '../lib/defined';
import { oneLine } from '../lib/sanitize';
import { compareTimestamps } from '../lib/time';
import type { LogEntry } from '../logs/port';
import type { Workload } from '../notification/workload';
import { canonicalIp } from '../evidence/ip-scope';
import type { SweepIndicators } from './plan';

/** The logs a sweep reads. */
export const sweepSources = ['vpc_flows', 'firewall', 'dns_queries'] as const;
/** One of {@link sweepSources}. */
export type SweepSource = (typeof sweepSources)[number];

/** Kinds of peer. */
export const peerKinds = ['pod', 'vm', 'address'] as const;
/** One of {@link peerKinds}. */
export type PeerKind = (typeof peerKinds)[number];

/** A workload seen talking to an indicator. */
export interface Peer {
  readonly kind: PeerKind;
  /** `NAMESPACE/POD`, the VM's name, or the address. */
  readonly name: string;
  readonly ips: string[];
  readonly indicators: string[];
  readonly sources: SweepSource[];
  readonly first: string;
  readonly last: string;
  readonly events: number;
  /** The finding's own workload. */
  readonly self: boolean;
}

const maxPeers = 20;

interface Sighting {
  readonly kind: PeerKind;
  readonly name: string;
  readonly ip: string | undefined;
  /** The VM a firewall or DNS entry names (for a pod's traffic, its node), when it is no pod or flow VM. */
  readonly vm?: string | undefined;
  readonly indicator: string;
  readonly source: SweepSource;
  readonly at: string;
}

function sourceOf(entry: LogEntry): SweepSource | undefined {
  const logName = decodeURIComponent(String(entry.logName ?? ''));
  return sweepSources.find((source) => logName.endsWith(`/logs/${source === 'dns_queries' ? 'dns.googleapis.com' : 'compute.googleapis.com'}/${source}`));
}

const addressOf = (value: unknown): string | undefined => {
  const text = str(value);
  return text === undefined ? undefined : canonicalIp(text);
};

/** The side of a flow that is not the indicator, as a peer. */
function flowSighting(json: Record<string, unknown>, indicators: SweepIndicators, source: SweepSource, at: string): Sighting | undefined {
  const src = addressOf(dig(json, 'connection', 'src_ip'));
  const dest = addressOf(dig(json, 'connection', 'dest_ip'));
  const [indicator, side, ip] = dest !== undefined && indicators.ips.includes(dest) ? [dest, 'src', src] : src !== undefined && indicators.ips.includes(src) ? [src, 'dest', dest] : [];
  if (indicator === undefined) return undefined;
  const pod = asRecord(dig(json, `${side}_gke_details`, 'pod'));
  const podName = str(pod?.pod_name);
  if (podName !== undefined) return { kind: 'pod', name: `${str(pod?.pod_namespace) ?? '?'}/${podName}`, ip, indicator, source, at };
  const flowVm = str(dig(json, `${side}_instance`, 'vm_name'));
  if (flowVm !== undefined && source === 'vpc_flows') return { kind: 'vm', name: flowVm, ip, indicator, source, at };
  // A firewall entry names the VM the rule applied to: the non-indicator side's, for egress and ingress alike.
  return { kind: 'address', name: ip ?? '?', ip, indicator, source, at, vm: source === 'firewall' ? str(dig(json, 'instance', 'vm_name')) : undefined };
}

function sightingOf(entry: LogEntry, indicators: SweepIndicators): Sighting | undefined {
  const source = sourceOf(entry);
  const json = asRecord(entry.jsonPayload);
  const at = str(entry.timestamp);
  if (source === undefined || json === undefined || at === undefined) return undefined;
  if (source !== 'dns_queries') return flowSighting(json, indicators, source, at);
  const host = str(json.queryName)?.toLowerCase().replace(/\.$/, '');
  if (host === undefined || !indicators.hosts.includes(host)) return undefined;
  const ip = addressOf(json.sourceIP);
  // `vmInstanceName` is `PROJECT.INSTANCE`.
  const vm = str(json.vmInstanceName)?.replace(/^[^.]*\./, '');
  return { kind: 'address', name: ip ?? '?', ip, indicator: host, source, at, vm };
}

/** How far apart in time an address's sightings may be and still be the same pod's: pod IPs are reused. */
const sameOwnerMs = 5 * 60_000;

/** The pods and flow VMs seen with each address, in time order, to find the nearest by halving. */
type Owners = ReadonlyMap<string, readonly { readonly t: number; readonly owner: Sighting }[]>;

function ownersOf(sightings: readonly Sighting[]): Owners {
  const owners = new Map<string, { t: number; owner: Sighting }[]>();
  for (const s of sightings) {
    if (s.kind === 'address' || s.ip === undefined) continue;
    const list = owners.get(s.ip) ?? [];
    list.push({ t: Date.parse(s.at), owner: s });
    owners.set(s.ip, list);
  }
  for (const list of owners.values()) list.sort((a, b) => a.t - b.t);
  return owners;
}

/** The pod or flow VM that had the sighting's address nearest its time, within {@link sameOwnerMs}. */
function ownerOf(sighting: Sighting, owners: Owners): Sighting | undefined {
  const list = owners.get(sighting.ip ?? '') ?? [];
  const at = Date.parse(sighting.at);
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.t < at) low = mid + 1;
    else high = mid;
  }
  // The nearest is just before or at the insertion point; the earlier wins a tie.
  const candidates = [list[low - 1], list[low]].filter((c) => c !== undefined && Math.abs(c.t - at) <= sameOwnerMs);
  return candidates.sort((a, b) => Math.abs(a!.t - at) - Math.abs(b!.t - at))[0]?.owner;
}

/** Who a sighting counts for: the pod or VM that had its address then, else the finding's own pod for its own address, else the VM its entry names, else the address. */
function attributed(s: Sighting, owners: Owners, own: Pick<Sighting, 'kind' | 'name' | 'ip'> | undefined): Sighting {
  if (s.kind !== 'address') return s;
  const known = ownerOf(s, owners) ?? (own !== undefined && s.ip === own.ip ? own : undefined);
  if (known !== undefined) return { ...s, kind: known.kind, name: known.name };
  return s.vm === undefined ? s : { ...s, kind: 'vm', name: s.vm };
}

/** Folds sightings into peers; an address a flow tied to a pod or VM at about that time counts for it. */
function peersOf(sightings: readonly Sighting[], workload: Workload, ownIp: string | undefined): Peer[] {
  const owners = ownersOf(sightings);
  // The finding's own pod, by the name flow logs give it (NAMESPACE/POD), and its address in the finding.
  const ownName = workload.platform === 'gke' && workload.pod !== undefined ? `${workload.namespace ?? '?'}/${workload.pod}` : undefined;
  const ownPod = ownName !== undefined && ownIp !== undefined ? { kind: 'pod' as const, name: ownName, ip: ownIp } : undefined;
  const peers = new Map<string, Sighting[]>();
  for (const sighting of sightings) {
    const s = attributed(sighting, owners, ownPod);
    const key = `${s.kind}|${s.name}`;
    const list = peers.get(key) ?? [];
    list.push(s);
    peers.set(key, list);
  }
  const own = ownName === undefined ? undefined : `pod|${ownName}`;
  return [...peers.entries()].map(([key, list]) => {
    const times = list.map((s) => s.at).sort(compareTimestamps);
    const distinct = <T>(values: readonly (T | undefined)[]) => [...new Set(values.filter((v): v is T => v !== undefined))];
    return {
      kind: list[0]!.kind,
      name: oneLine(list[0]!.name, 200),
      ips: distinct(list.map((s) => s.ip))
        .slice(0, 5)
        .map((ip) => oneLine(ip, 64)),
      indicators: distinct(list.map((s) => s.indicator)),
      sources: sweepSources.filter((source) => list.some((s) => s.source === source)),
      first: oneLine(times[0]!, 40),
      last: oneLine(times[times.length - 1]!, 40),
      events: list.length,
      self: key === own,
    };
  });
}

/** How strong a peer's tie is: the earliest indicator it talked to (the destination first, then the finding's, then the command line's). */
function strength(peer: Peer, indicators: SweepIndicators): number {
  const order = [...indicators.ips, ...indicators.hosts];
  return Math.min(...peer.indicators.map((indicator) => order.indexOf(indicator)).filter((i) => i >= 0), order.length);
}

/**
 * The blast radius: other workloads, those that talked to the strongest indicator first (so
 * indicators planted in a command line cannot crowd out who talked to the destination), then most
 * events, at most 20, with how many were left out; the finding's own pod last, never counted in the cap.
 */
export function blastRadiusOf(entries: readonly LogEntry[], indicators: SweepIndicators, workload: Workload, ownIp?: string): { peers: Peer[]; omitted: number } {
  const sightings = entries.flatMap((entry) => sightingOf(entry, indicators) ?? []);
  const all = peersOf(sightings, workload, ownIp === undefined ? undefined : canonicalIp(ownIp));
  const others = all.filter((peer) => !peer.self).sort((a, b) => strength(a, indicators) - strength(b, indicators) || b.events - a.events || compareTimestamps(a.first, b.first));
  return { peers: [...others.slice(0, maxPeers), ...all.filter((peer) => peer.self)], omitted: Math.max(0, others.length - maxPeers) };
}
