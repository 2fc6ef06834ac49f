/**
 * Possible initial access: a request near detection that carries an injection payload, in a
 * request log (`httpRequest`) or an access-log line. Template and expression injection (`${…}`,
 * `{{…}}`, `#{…}`), command substitution (`$(`, backticks), a shell separator before a command,
 * `cmd=` and `/bin/sh`, also percent-encoded. A download piped to a shell (`curl … | sh`) is the
 * separator rule's: a pattern of its own would backtrack over the gap.
 */
import type { SectionResult } from '../logs/executor';
import { payloadText } from '../logs/excerpt';
import type { LogEntry } from '../logs/port';
import { asRecord } from '../lib/defined';
import { boundText, oneLine } from '../lib/sanitize';
import { millisBetween, offsetFrom } from '../lib/time';
import type { Highlight } from './highlight';
import { highlightDetailChars } from './log-highlights';

/** Payload shapes, each linear on its input (bounded gaps, no nested repetition). */
export const injectionPatterns: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'expression injection', pattern: /\$\{|\{\{|#\{|%\{/ },
  { name: 'command substitution', pattern: /\$\(|`/ },
  { name: 'shell command after a separator', pattern: /[;|&]\s{0,3}(?:sh|bash|curl|wget|nc|ncat|python3?|perl|id|whoami|uname|chmod|cat)\b/i },
  { name: 'cmd parameter', pattern: /[?&]cmd=/i },
  { name: 'shell path', pattern: /\/bin\/(?:ba|da)?sh\b/ },
];

/** A log line that is a request: an HTTP method, a path and a protocol or status (access logs). */
const requestLine = /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/\S{0,2048}/;

/** How close to detection a request counts: before it up to this, after it up to a minute (the shell can be a request's result). */
const nearBeforeMs = 30 * 60_000;
const nearAfterMs = 60_000;

/** Percent-decoded (twice, for double encoding) so an encoded payload matches too; text that does not decode stays as it is. */
function decoded(text: string): string {
  let current = text.slice(0, 8_192).replace(/\+/g, ' ');
  for (let round = 0; round < 2; round++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      current = next;
    } catch {
      break;
    }
  }
  return current;
}

/** What the entry requested, when it is a request: the URL (with its user agent and referer), or the access-log line. */
function requestOf(entry: LogEntry): { readonly text: string; readonly from?: string } | undefined {
  const http = asRecord(entry.httpRequest);
  if (http !== undefined) {
    const parts = [http.requestMethod, http.requestUrl, http.userAgent, http.referer].filter((v): v is string => typeof v === 'string' && v !== '');
    return { text: parts.join(' '), ...(typeof http.remoteIp === 'string' ? { from: http.remoteIp } : {}) };
  }
  const line = payloadText(entry);
  return requestLine.test(line.slice(0, 8_192)) ? { text: line } : undefined;
}

/** Requests near detection that carry an injection payload; at most `limit`, nearest detection first. */
export function requestHighlights(sections: readonly SectionResult[], detection: string, limit = 3): Highlight[] {
  const logSections = sections.filter((s) => s.report.name === 'pod_logs' || s.report.name === 'run_logs');
  const found = logSections.flatMap((section) =>
    section.entries.flatMap((entry) => {
      const at = String(entry.timestamp ?? '');
      const after = millisBetween(detection, at);
      if (!(after >= -nearBeforeMs && after <= nearAfterMs)) return [];
      const request = requestOf(entry);
      const shape = request === undefined ? undefined : injectionPatterns.find(({ pattern }) => pattern.test(decoded(request.text)));
      if (request === undefined || shape === undefined) return [];
      return [{ entry, at, distance: Math.abs(after), request, shape: shape.name, section: section.report.name }];
    }),
  );
  return found
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map(({ entry, at, request, shape, section }) => ({
      at: boundText(at, 64),
      offset: offsetFrom(detection, at),
      kind: 'possible_initial_access' as const,
      summary: oneLine(`possible initial access: request ${request.text} (${shape})`, 300),
      detail: boundText([request.from && `from ${request.from}`, `matched: ${shape}`, request.text].filter(Boolean).join(' · '), highlightDetailChars),
      section,
      ...(typeof entry.insertId === 'string' ? { insertId: entry.insertId } : {}),
    }));
}
