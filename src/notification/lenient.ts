/**
 * Strict on what the triage uses, lenient on the rest. Real exporters send shapes the API never
 * does (`sourceProperties: []`, `contacts` as a key/value list, a malformed `createTime`): a field
 * the triage does not depend on is normalised or set aside with a warning, never a rejection.
 */
import { asRecord } from '../lib/defined';

/**
 * Fields that may be set aside when they do not validate: shown in the output or read for extras,
 * but no section, query or priority depends on them. `*` stands for any array index.
 */
export const lenientPaths: readonly (readonly string[])[] = [
  ['notificationConfigName'],
  ['finding', 'canonicalName'],
  ['finding', 'createTime'],
  ['finding', 'muteUpdateTime'],
  ['finding', 'muteInitiator'],
  ['finding', 'description'],
  ['finding', 'externalUri'],
  ['finding', 'parentDisplayName'],
  ['finding', 'findingClass'],
  ['finding', 'contacts'],
  ['finding', 'mitreAttack'],
  ['finding', 'containers', '*', 'createTime'],
  ['finding', 'containers', '*', 'labels'],
  ['finding', 'kubernetes', 'pods', '*', 'labels'],
  ['finding', 'kubernetes', 'pods', '*', 'containers', '*', 'createTime'],
  ['finding', 'kubernetes', 'pods', '*', 'containers', '*', 'labels'],
];

/** The lenient path an issue falls under, as concrete keys, or undefined when the field is one the triage needs. */
export function lenientPrefix(path: readonly PropertyKey[]): PropertyKey[] | undefined {
  const matches = (pattern: readonly string[]) => pattern.length <= path.length && pattern.every((key, i) => (key === '*' ? typeof path[i] === 'number' : key === path[i]));
  const pattern = lenientPaths.find(matches);
  return pattern === undefined ? undefined : path.slice(0, pattern.length);
}

const child = (node: unknown, key: PropertyKey): unknown => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined);

/** The value at `path` of a payload, or undefined when the path leaves it. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(child, root);
}

/**
 * A copy of `root` with the field at `path` set to `value`, or deleted when it is undefined. Only the
 * containers on the path are copied: a payload can be nested deeper than a full copy can recurse.
 */
export function withValueAt(root: unknown, path: readonly PropertyKey[], value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (Array.isArray(root) && typeof key === 'number') return (root as unknown[]).map((item, index) => (index === key ? withValueAt(item, rest, value) : item));
  const record = asRecord(root);
  if (record === undefined || typeof key !== 'string') return root;
  const { [key]: old, ...others } = record;
  const next = rest.length === 0 ? value : withValueAt(old, rest, value);
  return next === undefined ? others : { ...others, [key]: next };
}

/** Known exporter shapes, rewritten as the API sends them: the payload to validate, and what each rewrite did. */
export function normaliseExporterShapes(payload: unknown): { readonly payload: unknown; readonly warnings: string[] } {
  const finding = asRecord(asRecord(payload)?.finding);
  const warnings: string[] = [];
  let normalised = payload;
  // proto3 JSON of an empty Struct written as a list (Google SecOps' sample findings).
  if (Array.isArray(finding?.sourceProperties) && finding.sourceProperties.length === 0) {
    normalised = withValueAt(normalised, ['finding', 'sourceProperties'], {});
    warnings.push('finding.sourceProperties: an empty list, read as no properties');
  }
  // A map written as a list of {key, value} pairs (the same exports' `contacts`).
  const contacts = finding?.contacts;
  if (Array.isArray(contacts) && contacts.every((item) => typeof asRecord(item)?.key === 'string')) {
    const map = Object.fromEntries(contacts.map((item) => [(item as { key: string }).key, (item as { value?: unknown }).value]));
    normalised = withValueAt(normalised, ['finding', 'contacts'], map);
    warnings.push('finding.contacts: a list of key/value pairs, read as a map');
  }
  return { payload: normalised, warnings };
}
