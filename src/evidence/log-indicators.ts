/**
 * The finding's indicators as log search terms: the reverse-shell destination, the binary and
 * script paths and names, and their hashes. The values come from the attacker: they are bounded
 * here and only ever reach a filter through the query builder's quoting, inside the section's
 * own selector, so they can narrow a section but never widen it.
 */
import type { Finding } from '../notification/schema';
import { ipScope } from './ip-scope';
import { networkReport } from './processes';

/** A finding indicator to look for in log lines. */
export interface LogIndicator {
  readonly needle: string;
  readonly label: string;
}

/** The most indicators searched for, and the longest one (longer paths keep their tail). */
export const maxLogIndicators = 12;
export const maxIndicatorChars = 256;
const minIndicatorChars = 3;

/** Names so common that searching for them finds routine lines, not evidence. */
const genericNames = /^(sh|bash|dash|zsh|ash|ksh|csh|tcsh|fish|busybox|env|sudo|su|timeout|nohup|python[\d.]*|perl[\d.]*|ruby[\d.]*|node(js)?|php[\d.]*|java|deno|bun|lua[\d.]*)$/i;
const sha256Pattern = /^[0-9a-f]{64}$/i;

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

function fileIndicators(path: string | undefined, hash: string | undefined, what: 'binary' | 'script'): LogIndicator[] {
  const found: LogIndicator[] = [];
  if (path !== undefined && path.includes('/')) found.push({ needle: path, label: what === 'binary' ? 'flagged binary' : 'script' });
  const name = path === undefined ? '' : basename(path);
  if (name.length >= minIndicatorChars && !genericNames.test(name)) found.push({ needle: name, label: `${what} name` });
  if (hash !== undefined && sha256Pattern.test(hash)) found.push({ needle: hash.toLowerCase(), label: `${what} sha256` });
  return found;
}

/** Every indicator of the finding worth a log search, unique, bounded in count and length. */
export function logIndicatorsOf(finding: Finding): LogIndicator[] {
  const dstIp = networkReport(finding)?.dstIp;
  const all: LogIndicator[] = dstIp !== undefined && ipScope(dstIp) !== 'invalid' ? [{ needle: dstIp, label: 'reverse-shell destination' }] : [];
  for (const process of finding.processes ?? []) {
    all.push(...fileIndicators(process.binary?.path, process.binary?.sha256, 'binary'));
    all.push(...fileIndicators(process.script?.path, process.script?.sha256, 'script'));
  }
  const unique = new Map<string, LogIndicator>();
  for (const { needle, label } of all) {
    const bounded = needle.length > maxIndicatorChars ? needle.slice(-maxIndicatorChars) : needle;
    if (bounded.trim().length < minIndicatorChars) continue;
    const key = bounded.toLowerCase();
    if (!unique.has(key)) unique.set(key, { needle: bounded, label });
  }
  return [...unique.values()].slice(0, maxLogIndicators);
}
