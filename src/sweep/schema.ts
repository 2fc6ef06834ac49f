/** The summary's `blastRadius` block: this stage's part of the output contract, its types derived from it. */
import { z } from 'zod';
import { peerKinds, sweepSources } from './blast-radius';

const peerSchema = z.object({
  kind: z.enum(peerKinds).describe('pod (a flow log named it), vm, or address (only an address is known).'),
  name: z.string().describe('NAMESPACE/POD, the VM name, or the address.'),
  ips: z.array(z.string()).describe('Its addresses in the entries, at most five.'),
  indicators: z.array(z.string()).describe('The indicators it talked to or resolved.'),
  sources: z.array(z.enum(sweepSources)).describe('Where it was seen: vpc_flows, firewall, dns_queries.'),
  first: z.string().describe('First seen (RFC 3339).'),
  last: z.string().describe('Last seen (RFC 3339).'),
  events: z.number().int().positive().describe('Entries that show it.'),
  self: z.boolean().describe("True for the finding's own pod."),
});

/** The blast-radius block. */
export const blastRadiusSchema = z.object({
  indicators: z
    .object({
      ips: z.array(z.string()).describe('Public addresses swept for: the reverse-shell destination first, then the finding’s and the command line’s.'),
      hosts: z.array(z.string()).describe('Host names swept for in DNS query logs.'),
    })
    .describe('What the indicator_sweep section read for; empty lists when the finding names none.'),
  peers: z
    .array(peerSchema)
    .describe(
      'Workloads seen talking to an indicator in the window: others first, those tied to the strongest indicator (the destination) first, then most events, at most 20; the finding’s own pod last. Empty when none was (or the section was not read: see its status).',
    ),
  peersOmitted: z.number().int().positive().optional().describe('Other workloads seen but left out of peers by its cap of 20.'),
});

/** The blast-radius block, as {@link blastRadiusSchema} describes it. */
export type BlastRadius = z.infer<typeof blastRadiusSchema>;
