/** Indicators: hashes with VirusTotal links, and IPs with their scope. */
import type { Finding } from '../notification/schema';
import { z } from 'zod';
import { ipScope, ipScopes } from './ip-scope';
import { type AttackReference, attackReferenceSchema, attackReferences } from './mitre';
import type { NetworkReport } from './processes';

/** A labelled link for a responder. */
export const linkSchema = z.object({ label: z.string(), url: z.string() });

/** A link, as {@link linkSchema} describes it. */
export type Link = Readonly<z.infer<typeof linkSchema>>;

/** The indicators block of the summary: this stage's part of the output contract. */
export const indicatorsSchema = z.object({
  sha256: z.array(z.string()),
  ips: z.array(z.object({ ip: z.string(), scope: z.enum(ipScopes) })),
  attack: z.array(attackReferenceSchema),
  links: z.array(linkSchema),
});

/** The indicators block, as {@link indicatorsSchema} describes it. */
export type Indicators = Readonly<z.infer<typeof indicatorsSchema>>;

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

/** Builds the indicators block: hashes and addresses from the finding, its ATT&CK references, and a link for each. */
export function indicatorsOf(finding: Finding, network: NetworkReport | undefined): Indicators {
  const sha256 = hashesOf(finding);
  const addresses = [network?.dstIp, network?.srcIp, ...(finding.indicator?.ipAddresses ?? [])].filter((ip): ip is string => ip !== undefined && ipScope(ip) !== 'invalid');
  const attack = attackReferences(finding);
  return {
    sha256,
    ips: [...new Set(addresses)].slice(0, 32).map((ip) => ({ ip, scope: ipScope(ip) })),
    links: [...sha256.map((hash) => ({ label: `VirusTotal ${hash.slice(0, 12)}…`, url: virusTotalUrl(hash) })), ...attack.flatMap(attackLink)],
    attack,
  };
}

const attackLink = ({ id, name, url }: AttackReference): Link[] => (url === undefined ? [] : [{ label: `MITRE ATT&CK ${id} ${name}`, url }]);
