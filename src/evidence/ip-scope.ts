/** The reach of an IP address: where a reverse shell's other end is. */
import { type BlockList, isIP } from 'node:net';
import { inRanges, rangeList } from '../lib/cidr';

/** IP scopes. */
export const ipScopes = ['public', 'private', 'link-local', 'loopback', 'unspecified', 'reserved', 'invalid'] as const;
/** One of {@link ipScopes}. */
export type IpScope = (typeof ipScopes)[number];

const scopeLists: readonly { readonly scope: IpScope; readonly list: BlockList }[] = [
  { scope: 'unspecified', list: rangeList(['0.0.0.0/32', '::/128']) },
  { scope: 'loopback', list: rangeList(['127.0.0.0/8', '::1/128']) },
  { scope: 'link-local', list: rangeList(['169.254.0.0/16', 'fe80::/10']) },
  // Never a host's address: "this network", multicast and broadcast; IPv6 multicast and discard.
  { scope: 'reserved', list: rangeList(['0.0.0.0/8', '224.0.0.0/4', '255.255.255.255/32', 'ff00::/8', '100::/64']) },
  // RFC 1918, shared address space, and the other ranges Google Cloud allows for subnets and pod
  // ranges (IETF protocol assignments, benchmarking, Class E): a shell there reached an internal host.
  // The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) stay
  // public: samples use them for attackers.
  {
    scope: 'private',
    list: rangeList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '192.0.0.0/24', '198.18.0.0/15', '240.0.0.0/4', 'fc00::/7']),
  },
];

/** Classifies an IPv4 or IPv6 address (IPv4-mapped IPv6 counts as its IPv4 address). */
export function ipScope(address: string): IpScope {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  if (isIP(ip) === 0) return 'invalid';
  return scopeLists.find(({ list }) => inRanges(list, ip))?.scope ?? 'public';
}

/**
 * An address in one spelling, as the logs write it: trimmed, lower case, an IPv4-mapped IPv6
 * address as IPv4, IPv6 compressed (the URL parser's canonical form).
 */
export function canonicalIp(ip: string): string {
  const text = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped !== null) return mapped[1]!;
  if (!text.includes(':')) return text;
  try {
    const canonical = new URL(`http://[${text}]/`).hostname.replace(/^\[|\]$/g, '');
    // The URL parser writes an IPv4-mapped address in hex (::ffff:808:808); the logs write 8.8.8.8.
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
    if (hex === null) return canonical;
    const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  } catch {
    return text;
  }
}
