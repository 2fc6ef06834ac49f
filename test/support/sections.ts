/** Building section results for evidence tests, from plain log entries. */
import type { SectionResult } from '../../src/logs/executor';
import type { LogEntry } from '../../src/logs/port';
import type { SectionName } from '../../src/plan/section';

/** A section that returned these entries. */
export function section(name: SectionName, entries: LogEntry[]): SectionResult {
  return {
    report: {
      name,
      status: entries.length > 0 ? 'ok' : 'empty',
      resourceNames: ['projects/p'],
      window: { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z' },
      matched: entries.length,
      entries: [],
    },
    entries,
  };
}

/** An Admin Activity audit entry. */
export function auditEntry(at: string, methodName: string, principalEmail: string, extra: Record<string, unknown> = {}): LogEntry {
  return {
    timestamp: at,
    insertId: `${methodName}-${at}`,
    logName: 'projects/p/logs/cloudaudit.googleapis.com%2Factivity',
    protoPayload: { methodName, authenticationInfo: { principalEmail }, requestMetadata: { callerIp: '198.51.100.1', callerSuppliedUserAgent: 'kubectl/v1.30' }, ...extra },
  };
}

/** A log line. */
export function lineEntry(at: string, textPayload: string, log = 'stdout', severity = 'INFO'): LogEntry {
  return { timestamp: at, insertId: `${log}-${at}-${textPayload.length}`, logName: `projects/p/logs/${log}`, severity, textPayload };
}
