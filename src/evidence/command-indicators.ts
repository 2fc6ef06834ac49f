/**
 * Network indicators in what the processes ran: IP addresses, host names and URLs in their
 * arguments and scripts, and bash's `/dev/tcp/HOST/PORT`. The metadata server (169.254.169.254,
 * metadata.google.internal) is marked: from a shell it is how a workload's credentials are taken.
 */
import type { Finding } from '../notification/schema';
import { ipScope } from './ip-scope';
import { processLimits } from './processes';

/** The metadata server's addresses and names. */
export const metadataServer: ReadonlySet<string> = new Set(['169.254.169.254', 'fd00:ec2::254', 'metadata.google.internal', 'metadata']);

/** What the command lines name. */
export interface CommandIndicators {
  readonly ips: readonly string[];
  readonly hosts: readonly string[];
  readonly urls: readonly string[];
}

const ipv4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const url = /\b(?:https?|ftp):\/\/[^\s'"<>`|;)]{1,2048}/gi;
const devTcp = /\/dev\/(?:tcp|udp)\/([^\s/'"]{1,253})\/\d{1,5}/g;
const metadataName = /\bmetadata\.google\.internal\b/gi;

/** The bounded text of every process's arguments and script, as the summary bounds them. */
function commandTexts(finding: Finding): string[] {
  return (finding.processes ?? [])
    .slice(0, processLimits.processes)
    .flatMap((p) => [...(p.args ?? []).slice(0, processLimits.args).map((arg) => arg.slice(0, processLimits.argChars)), (p.script?.contents ?? '').slice(0, 16 * processLimits.scriptChars)]);
}

/** The host of a URL, lower case, without brackets; undefined when it does not parse. */
function hostOf(text: string): string | undefined {
  try {
    return new URL(text).hostname.replace(/^\[|\]$/g, '').toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/** IPs, hosts and URLs the processes name, each list unique, in order of appearance, at most `limit` long. */
export function commandIndicators(finding: Finding, limit = 16): CommandIndicators {
  const texts = commandTexts(finding);
  const urls = texts.flatMap((text) => [...text.matchAll(url)].map((m) => m[0]));
  const tcpHosts = texts.flatMap((text) => [...text.matchAll(devTcp)].map((m) => m[1]!.toLowerCase()));
  const named = texts.flatMap((text) => [...text.matchAll(metadataName)].map((m) => m[0].toLowerCase()));
  const hosts = [...urls.map(hostOf), ...tcpHosts, ...named].filter((h): h is string => h !== undefined);
  const ips = [...texts.flatMap((text) => [...text.matchAll(ipv4)].map((m) => m[0])), ...hosts].filter((ip) => ipScope(ip) !== 'invalid');
  const unique = (values: readonly string[]) => [...new Set(values)].slice(0, limit);
  return { ips: unique(ips), hosts: unique(hosts.filter((h) => ipScope(h) === 'invalid')), urls: unique(urls.map((u) => u.slice(0, 512))) };
}
