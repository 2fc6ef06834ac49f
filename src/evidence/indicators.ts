/** Indicators: hashes with VirusTotal links, and IPs with their scope. */
import type { Finding } from '../notification/schema';
import { type IpScope, ipScope } from './ip-scope';
import type { NetworkReport } from './processes';

/** A labelled link for a responder. */
export interface Link {
  readonly label: string;
  readonly url: string;
}

/** The indicators block of the summary. */
export interface Indicators {
  readonly sha256: string[];
  readonly ips: { readonly ip: string; readonly scope: IpScope }[];
  readonly links: Link[];
}

const sha256Pattern = /^[0-9a-f]{64}$/i;

/** Every SHA-256 in the finding (binaries, scripts, libraries, files), unique, in order of appearance. */
export function hashesOf(finding: Finding): string[] {
  const files = (finding.processes ?? []).flatMap((p) => [p.binary, p.script, ...(p.libraries ?? [])]);
  const all = [...files, ...((finding.files as { sha256?: unknown }[] | undefined) ?? [])]
    .map((file) => file?.sha256)
    .filter((hash): hash is string => typeof hash === 'string' && sha256Pattern.test(hash))
    .map((hash) => hash.toLowerCase());
  return [...new Set(all)];
}

/** The VirusTotal page of a file hash. */
export const virusTotalUrl = (sha256: string): string => `https://www.virustotal.com/gui/file/${sha256}`;

/** Builds the indicators block. */
export function indicatorsOf(finding: Finding, network: NetworkReport | undefined): Indicators {
  const sha256 = hashesOf(finding);
  const addresses = [network?.dstIp, network?.srcIp, ...(finding.indicator?.ipAddresses ?? [])].filter((ip): ip is string => ip !== undefined && ipScope(ip) !== 'invalid');
  return {
    sha256,
    ips: [...new Set(addresses)].slice(0, 32).map((ip) => ({ ip, scope: ipScope(ip) })),
    links: sha256.map((hash) => ({ label: `VirusTotal ${hash.slice(0, 12)}…`, url: virusTotalUrl(hash) })),
  };
}
