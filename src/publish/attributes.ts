/**
 * Message attributes, so subscriptions can filter without parsing, and the Pub/Sub limits checked
 * before publishing: the emulator accepts what the real service rejects.
 */
import type { Summary } from '../summary/schema';
import type { OutgoingMessage } from './port';

/** Pub/Sub limits on one message. */
export const pubsubLimits = { dataBytes: 10_000_000, attributes: 100, keyBytes: 256, valueBytes: 1024 } as const;

/** The attributes every published summary carries. */
export const summaryAttributeNames = ['schemaVersion', 'kind', 'triageId', 'findingName', 'priority', 'category', 'family', 'platform', 'severity', 'projectId', 'status', 'reanalysis'] as const;
/** One of {@link summaryAttributeNames}. */
export type SummaryAttributeName = (typeof summaryAttributeNames)[number];

/** What each attribute holds, for docs/output-contract.md (generated, so the two cannot drift). */
export const summaryAttributeMeanings: Readonly<Record<SummaryAttributeName, string>> = {
  schemaVersion: "The summary's schemaVersion (`1`).",
  kind: "`triage` or `update`, as the summary's `kind`.",
  triageId: "The summary's `triageId`: the same on every redelivery and reanalysis of one finding state.",
  findingName: "The finding's resource name (`finding.name`), to close or update the alert it opened.",
  priority: 'The assessment, `P1` to `P4` (`assessment.priority`).',
  category: 'The SCC category (`finding.category`), such as `Reverse Shell`.',
  family: '`reverse_shell`, `remote_command_execution`, `malicious_python` or `other_runtime_threat`.',
  platform: '`gke`, `cloud_run_service` or `cloud_run_job`.',
  severity: "The finding's severity: `CRITICAL`, `HIGH`, `MEDIUM`, `LOW`, `SEVERITY_UNSPECIFIED`.",
  projectId: "The workload's project (`workload.projectId`).",
  status: '`complete` or `partial`.',
  reanalysis: '`true` when the delivery asked for a fresh triage, else `false`.',
};

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let cut = text.slice(0, maxBytes);
  while (Buffer.byteLength(cut, 'utf8') > maxBytes) cut = cut.slice(0, -1);
  return cut;
}

/** The attributes of a summary, each value bounded to the Pub/Sub limit. */
export function summaryAttributes(summary: Summary): Record<string, string> {
  const values: Record<SummaryAttributeName, string> = {
    schemaVersion: String(summary.schemaVersion),
    kind: summary.kind,
    triageId: summary.triageId,
    // What a downstream alert closes or updates by; SCC names are far under the 1,024-byte limit.
    findingName: summary.finding.name,
    // The triage's own judgement (P1–P4), so a subscription can take only what pages someone.
    priority: summary.assessment.priority,
    category: summary.finding.category,
    family: summary.classification.family,
    platform: summary.classification.platform,
    severity: summary.finding.severity,
    projectId: summary.workload.projectId,
    status: summary.status,
    reanalysis: String(summary.notification.reanalysis),
  };
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, truncateUtf8(value, pubsubLimits.valueBytes)]));
}

/** Why a message breaks a Pub/Sub limit, or undefined when it fits. */
export function limitViolation(message: OutgoingMessage): string | undefined {
  const entries = Object.entries(message.attributes);
  if (message.data.length === 0 && entries.length === 0) return 'a message needs data or attributes';
  if (message.data.length > pubsubLimits.dataBytes) return `data is ${message.data.length} bytes; the limit is ${pubsubLimits.dataBytes}`;
  if (entries.length > pubsubLimits.attributes) return `${entries.length} attributes; the limit is ${pubsubLimits.attributes}`;
  for (const [key, value] of entries) {
    if (key.startsWith('goog')) return `attribute key ${JSON.stringify(key)} starts with "goog"`;
    if (Buffer.byteLength(key) > pubsubLimits.keyBytes) return `attribute key ${JSON.stringify(key.slice(0, 40))}… is over ${pubsubLimits.keyBytes} bytes`;
    if (Buffer.byteLength(value) > pubsubLimits.valueBytes) return `attribute ${key} is over ${pubsubLimits.valueBytes} bytes`;
  }
  return undefined;
}
