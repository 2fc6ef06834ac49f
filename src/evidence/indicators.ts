/** Indicators: hashes with VirusTotal links, and IPs with their scope. */
import type { Finding } from '../notification/schema';
import { z } from 'zod';
import { ipScope, ipScopes } from './ip-scope';
import { commandIndicators, metadataServer } from './command-indicators';
import { type AttackReference, attackReferenceSchema, attackReferences } from './mitre';
import type { NetworkReport } from './processes';

/** A labelled link for a responder. */
export const linkSchema = z.object({ label: z.string().describe('What the link opens (VirusTotal for a hash, an IP, ...).'), url: z.string().describe('The link.') });

/** A link, as {@link linkSchema} describes it. */
export type Link = Readonly<z.infer<typeof linkSchema>>;

/** The indicators block of the summary: this stage's part of the output contract. */
export const indicatorsSchema = z.object({
  sha256: z.array(z.string()).describe('Every SHA-256 the finding gives: binaries, scripts, libraries.'),
  ips: z
    .array(
      z.object({
        ip: z.string().describe('The address.'),
        scope: z.enum(ipScopes).describe('public, private, link-local, loopback, unspecified, reserved (this network, multicast, broadcast: no host holds them) or invalid.'),
        metadataServer: z.literal(true).optional().describe('Present (true) for the metadata server (169.254.169.254, fd00:ec2::254): a credential-theft signal.'),
      }),
    )
    .describe("IPs from the finding's network tuple and indicator block, and the processes' command lines."),
  hosts: z
    .array(
      z.object({
        host: z.string().describe('The host name.'),
        metadataServer: z.literal(true).optional().describe("Present (true) for the metadata server's names (metadata.google.internal, metadata)."),
      }),
    )
    .describe('Host names the command lines name (in URLs, /dev/tcp/HOST/PORT).'),
  urls: z.array(z.string()).describe('URLs in the command lines, secrets masked.'),
  attack: z.array(attackReferenceSchema).describe('MITRE ATT&CK tactics and techniques the finding names.'),
  links: z.array(linkSchema).describe('Lookups for the indicators: VirusTotal for hashes and public IPs.'),
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

/** Builds the indicators block: hashes and addresses from the finding and its command lines, its ATT&CK references, and a link for each. */
export function indicatorsOf(finding: Finding, network: NetworkReport | undefined, mask: (text: string) => string = (text) => text): Indicators {
  const sha256 = hashesOf(finding);
  const command = commandIndicators(finding);
  const addresses = [network?.dstIp, network?.srcIp, ...(finding.indicator?.ipAddresses ?? []), ...command.ips].filter((ip): ip is string => ip !== undefined && ipScope(ip) !== 'invalid');
  const attack = attackReferences(finding);
  const marked = (value: string) => (metadataServer.has(value) ? { metadataServer: true as const } : {});
  return {
    sha256,
    ips: [...new Set(addresses)].slice(0, 32).map((ip) => ({ ip, scope: ipScope(ip), ...marked(ip) })),
    hosts: command.hosts.map((host) => ({ host, ...marked(host) })),
    urls: command.urls.map(mask),
    links: [...sha256.map((hash) => ({ label: `VirusTotal ${hash.slice(0, 12)}…`, url: virusTotalUrl(hash) })), ...attack.flatMap(attackLink)],
    attack,
  };
}

const attackLink = ({ id, name, url }: AttackReference): Link[] => (url === undefined ? [] : [{ label: `MITRE ATT&CK ${id} ${name}`, url }]);
