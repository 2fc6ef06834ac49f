/**
 * The `indicator_sweep` section: who else talked to the attacker's addresses. It reads the
 * project's VPC Flow Logs and firewall rule logs for flows to or from each public address the
 * finding names, and its Cloud DNS query logs for each host name, over the logs window. Only
 * public addresses are swept (a private or link-local one, the metadata server above all, would
 * select the project's ordinary traffic), and only valid DNS names; every value is quoted by the builder.
 */
import type { Finding } from '../notification/schema';
import { commandIndicators, metadataServer } from '../evidence/command-indicators';
import { canonicalIp, ipScope } from '../evidence/ip-scope';
import type { Expr } from '../query/ast';
import { and, equals, equalsAny, logId, or, path } from '../query/builder';
import { type PlanContext, type SectionPlan, plannedSection, skippedSection } from '../plan/section';

/** The most addresses and host names one sweep reads for. */
export const maxSweepIndicators = 8;

/** What is swept for. */
export interface SweepIndicators {
  readonly ips: readonly string[];
  readonly hosts: readonly string[];
}

const dnsName = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;

/** The finding's network indicators worth a sweep: the destination first, then the finding's and the command line's. */
export function sweepIndicatorsOf(finding: Finding): SweepIndicators {
  const command = commandIndicators(finding);
  const destination = finding.sourceProperties?.Reverse_Shell_Stdin_Redirection_Dst_Ip;
  // The command line fills at most half the slots: it is the part of the finding a process writes.
  const fromCommand = maxSweepIndicators / 2;
  const ips = [typeof destination === 'string' ? destination : undefined, ...(finding.indicator?.ipAddresses ?? []), ...command.ips.slice(0, fromCommand)]
    .filter((ip): ip is string => ip !== undefined)
    .map(canonicalIp)
    .filter((ip) => ipScope(ip) === 'public' && !metadataServer.has(ip));
  const hosts = [...(finding.indicator?.domains ?? []), ...command.hosts.slice(0, fromCommand)]
    .map((host) => host.toLowerCase().replace(/\.$/, ''))
    .filter((host) => dnsName.test(host) && ipScope(host) === 'invalid' && !metadataServer.has(host));
  return { ips: [...new Set(ips)].slice(0, maxSweepIndicators), hosts: [...new Set(hosts)].slice(0, maxSweepIndicators) };
}

/** The selector: flows and firewall decisions naming an address, DNS queries naming a host (with or without its final dot). */
export function sweepSelector({ ips, hosts }: SweepIndicators): Expr | undefined {
  const parts: Expr[] = [];
  if (ips.length > 0) {
    // resource.type first: an indexed field in equality, so Logging scans only subnetwork entries, not every jsonPayload.
    const traffic = or(logId('compute.googleapis.com/vpc_flows'), logId('compute.googleapis.com/firewall'));
    parts.push(and(equals(path('resource.type'), 'gce_subnetwork'), traffic, or(equalsAny(path('jsonPayload.connection.dest_ip'), ips), equalsAny(path('jsonPayload.connection.src_ip'), ips))));
  }
  if (hosts.length > 0)
    parts.push(
      and(
        equals(path('resource.type'), 'dns_query'),
        logId('dns.googleapis.com/dns_queries'),
        equalsAny(
          path('jsonPayload.queryName'),
          hosts.flatMap((host) => [`${host}.`, host]),
        ),
      ),
    );
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : or(...parts);
}

/** Plans the sweep over the logs window; skipped when the finding names nothing to sweep for. */
export function planIndicatorSweep(indicators: SweepIndicators, context: PlanContext, projectId: string): SectionPlan {
  const selector = sweepSelector(indicators);
  if (selector === undefined) return skippedSection('indicator_sweep', 'the finding names no public address or host name to sweep for', context.logsWindow, context);
  return { ...plannedSection('indicator_sweep', selector, context.logsWindow, context, projectId), followUp: true };
}
