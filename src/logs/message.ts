/**
 * What an entry says, and how bad it is, from the payload shapes real logs use: a journald record
 * (GKE node logs: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`), a structured logger's `message`,
 * `msg` or `log`, a klog line (`I0304 14:22:01.123456    1675 file.go:12] text`, the kubelet's)
 * and a logfmt line (`time="…" level=info msg="…"`, containerd's). Entries are untrusted data.
 */
import type { LogEntry } from './port';
import { asRecord, nonEmptyString as nonEmpty } from '../lib/defined';

/** The message keys of a JSON payload, in the order they are read: journald first (upper case), then structured loggers, then raw container lines. */
export const messageKeys = ['MESSAGE', 'message', 'msg', 'log'] as const;

/** A line's text and the severity it carries itself (klog's letter, logfmt's level). */
export interface LineMessage {
  readonly text: string;
  readonly severity?: string;
}

const klogLine = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\s\]]+:\d+\] ?(.*)$/s;
const klogSeverity: Readonly<Record<string, string>> = { I: 'INFO', W: 'WARNING', E: 'ERROR', F: 'CRITICAL' };

const logfmtSeverity: Readonly<Record<string, string>> = { trace: 'DEBUG', debug: 'DEBUG', info: 'INFO', warn: 'WARNING', warning: 'WARNING', error: 'ERROR', fatal: 'CRITICAL', panic: 'ALERT' };
const logfmtKey = /^[A-Za-z_][\w.-]*$/;

/** One logfmt pair: the key, its value unquoted, and the pair as written. */
type Pair = readonly [key: string, value: string, written: string];

/** The end of a value starting at `from`: after its closing quote, or at the next space; -1 for an unclosed quote. */
function valueEnd(line: string, from: number): number {
  if (line[from] !== '"') {
    const space = line.indexOf(' ', from);
    return space < 0 ? line.length : space;
  }
  for (let i = from + 1; i < line.length; i += line[i] === '\\' ? 2 : 1) if (line[i] === '"') return i + 1;
  return -1;
}

/**
 * The pairs of a line that is logfmt throughout, in order; undefined for any other line. A scan
 * rather than a global regex, which backtracks polynomially on a long run of key characters; the
 * `logfmt` package accepts any text (a word becomes a key), so it cannot tell a logfmt line.
 */
function logfmtPairs(line: string): Pair[] | undefined {
  const pairs: Pair[] = [];
  for (let i = 0; i < line.length;) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    const equals = line.indexOf('=', i);
    const key = equals < 0 ? '' : line.slice(i, equals);
    const end = equals < 0 ? -1 : valueEnd(line, equals + 1);
    if (!logfmtKey.test(key) || end < 0) return undefined;
    const raw = line.slice(equals + 1, end);
    pairs.push([key, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw, line.slice(i, end)]);
    i = end;
  }
  return pairs;
}

/** A logfmt line with `level` and `msg` (containerd, logrus): the message, then every other pair but the time, as written. */
function logfmtMessage(line: string): LineMessage | undefined {
  const pairs = logfmtPairs(line);
  const value = (key: string) => pairs?.find((p) => p[0] === key)?.[1];
  const [level, msg] = [value('level'), value('msg')];
  if (pairs === undefined || level === undefined || msg === undefined) return undefined;
  const rest = pairs.filter(([key]) => !['time', 'level', 'msg'].includes(key)).map(([, , written]) => written);
  const severity = logfmtSeverity[level.toLowerCase()];
  return { text: [msg, ...rest].join(' '), ...(severity === undefined ? {} : { severity }) };
}

/** The text of a klog or logfmt line without its header, and the severity the line states; other lines as they are. */
export function lineMessage(line: string): LineMessage {
  const klog = klogLine.exec(line);
  if (klog !== null) return { text: klog[2]!, severity: klogSeverity[klog[1]!]! };
  return logfmtMessage(line) ?? { text: line };
}

// syslog priorities (RFC 5424), as journald's PRIORITY carries them.
const syslogSeverity = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'] as const;

/** The message of a JSON payload by {@link messageKeys}, its klog or logfmt header read; a Kubernetes Event as `Reason: message`; undefined when it has none. */
export function jsonMessage(payload: Readonly<Record<string, unknown>>): LineMessage | undefined {
  const reason = nonEmpty(payload.reason);
  if (payload.kind === 'Event' && reason !== undefined) return { text: `${reason}: ${nonEmpty(payload.message) ?? ''}`.trim(), ...(payload.type === 'Warning' ? { severity: 'WARNING' } : {}) };
  const key = messageKeys.find((k) => nonEmpty(payload[k]) !== undefined);
  return key === undefined ? undefined : lineMessage(payload[key] as string);
}

/**
 * The entry's severity: Cloud Logging's when it has one, else what the payload says (journald's
 * PRIORITY, then a klog letter or logfmt level in the message). Node logs arrive without one.
 */
export function severityOf(entry: LogEntry): string | undefined {
  const given = nonEmpty(entry.severity);
  if (given !== undefined && given !== 'DEFAULT') return given;
  const json = asRecord(entry.jsonPayload);
  const priority = json === undefined ? undefined : syslogSeverity[Number(nonEmpty(json.PRIORITY) ?? Number.NaN)];
  if (priority !== undefined) return priority;
  const text = json === undefined ? nonEmpty(entry.textPayload) : undefined;
  return (json === undefined ? (text === undefined ? undefined : lineMessage(text)) : jsonMessage(json))?.severity ?? given;
}
