/** CIDR ranges, as the configuration names them: parsed once into a BlockList to test addresses against. */
import { BlockList, isIP } from 'node:net';

/** `ADDRESS/PREFIX`, IPv4 or IPv6, with a prefix the family allows; undefined when it is not one. */
export function parseCidr(text: string): { readonly address: string; readonly prefix: number; readonly family: 'ipv4' | 'ipv6' } | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (match === null) return undefined;
  const family = isIP(match[1]!);
  const prefix = Number(match[2]);
  if (family === 0 || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { address: match[1]!, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/** A BlockList of valid CIDR ranges (invalid ones are the config's to refuse, and are passed over here). */
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
