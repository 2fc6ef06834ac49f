/** CIDR ranges: parsed once into a BlockList to test addresses against. */
import { BlockList, isIP } from 'node:net';

/** A parsed range. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** `ADDRESS/PREFIX`, IPv4 or IPv6, with a prefix the family allows; undefined when it is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (match === null) return undefined;
  const ip = isIP(match[1]!);
  const prefix = Number(match[2]);
  if (ip === 0 || prefix > (ip === 4 ? 32 : 128)) return undefined;
  return { address: match[1]!, prefix, family: ip === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * The shortest prefix a range of the organisation's own may have: a /0 or /4 would make every
 * caller its own and silence the check. Google's own blocks for Cloud NAT and external addresses
 * are far narrower.
 */
export const minPrefix = { ipv4: 8, ipv6: 20 } as const;

/**
 * Whether `text` may name one of the organisation's own ranges: a CIDR no wider than
 * {@link minPrefix}, and no IPv4-mapped IPv6 range, which Node's BlockList matches IPv4 addresses against.
 */
export function isOwnRange(text: string): boolean {
  const range = parseCidr(text);
  return range !== undefined && range.prefix >= minPrefix[range.family] && !(range.family === 'ipv6' && /^(0{0,4}:){0,5}:?ffff:/i.test(range.address));
}

/** A BlockList of valid CIDR ranges (invalid ones are the caller's to refuse, and are passed over here). */
export function rangeList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const range = parseCidr(cidr);
    if (range !== undefined) list.addSubnet(range.address, range.prefix, range.family);
  }
  return list;
}

/** Whether `ip` (IPv4 or IPv6) is in `list`. */
export function inRanges(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}
