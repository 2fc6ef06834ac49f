import { payloadText, toExcerpt } from '../../src/logs/excerpt';
import { lineMessage, severityOf } from '../../src/logs/message';
import type { LogEntry } from '../../src/logs/port';
import { corpusEntries } from '../support/fixtures';

const byId = (insertId: string): LogEntry => {
  const entry = corpusEntries().find((e) => e.insertId === insertId);
  if (entry === undefined) throw new Error(`no fixture entry ${insertId}`);
  return entry;
};

describe('the message of real payload shapes (fixtures in test/fixtures/SOURCES.md)', () => {
  it.each([
    // journald record of the kubelet (GoogleCloudPlatform/khi test/logs/k8s_node): MESSAGE, klog header read
    [
      'node-kubelet-1',
      '"SyncLoop (PLEG): event for pod" pod="payments/checkout-api-6d8f9c7b5-q2w8x" event=&{ID:0043b37a-0001-48de-a6ed-60f8ea3151f2 Type:ContainerStarted Data:cbfd0b1c63c1f2a9e}',
      'INFO',
    ],
    ['mp-node-1', expect.stringMatching(/^"Killing container with a grace period" pod="reporting\/report-renderer-84c6d5f9b-9tzvp" /), 'INFO'],
    // journald record of containerd (SEKOIA-IO/intake-formats gke_container_runtime2.json): logfmt in MESSAGE
    ['node-runtime-1', 'ExecSync for "4c2b21624d4488ea8305bec91bb58135e840ab50b779da3db19ddf87864a760e" with command [/bin/bash -i] and timeout 0 (s)', 'INFO'],
    // Cloud Run varlog/system: plain text, severity from Cloud Logging
    ['cmp-system-oom', expect.stringMatching(/^Memory limit of 512 MiB exceeded with 543 MiB used\./), 'ERROR'],
    // A Kubernetes event of the pod (SEKOIA-IO/intake-formats gke_log_id_event.json): Reason: message
    ['rs-event-backoff', expect.stringMatching(/^BackOff: Back-off restarting failed container checkout-api in pod /), 'WARNING'],
    ['rs-event-killing', 'Killing: Stopping container checkout-api', 'INFO'],
    // System Event: no method, the status message says what happened
    ['cr-sys-ready', 'namespaces/acme-billing-prod/services/invoice-api Ready condition status changed to True for Service invoice-api.', 'INFO'],
  ])('%s', (insertId, text, severity) => {
    const excerpt = toExcerpt(byId(insertId));
    expect(excerpt.text).toEqual(text);
    expect(excerpt.severity).toBe(severity);
    expect(excerpt.text).not.toContain('_BOOT_ID');
  });
});

describe('lines', () => {
  it.each([
    ['I0929 08:30:43.794472    1949 generic.go:334] "Generic (PLEG): container finished"', '"Generic (PLEG): container finished"', 'INFO'],
    ["E0903 11:25:30.474268    1959 configmap.go:199] Couldn't get configMap gmp-system/collector", "Couldn't get configMap gmp-system/collector", 'ERROR'],
    ['W1118 21:26:53.975789       6 proxier.go:1096] Port was open', 'Port was open', 'WARNING'],
    ['F0101 00:00:00.000001 1 main.go:1] fatal', 'fatal', 'CRITICAL'],
    ['time="2024-01-01T01:00:00Z" level=info msg="starting containerd"', 'starting containerd', 'INFO'],
    ['time="2024-01-01T01:00:00Z" level=error msg="failed to pull" error="rpc error: code = NotFound" image=gcr.io/x', 'failed to pull error="rpc error: code = NotFound" image=gcr.io/x', 'ERROR'],
    ['level=warn msg="a \\"quoted\\" word"', 'a "quoted" word', 'WARNING'],
    ['level=chatty msg=hi', 'hi', undefined],
  ])('%s', (line, text, severity) => {
    expect(lineMessage(line)).toEqual({ text, ...(severity === undefined ? {} : { severity }) });
  });

  it.each([
    'Container called exit(3).',
    'connect 203.0.113.45:4444 via /bin/bash',
    'level=info without msg',
    'msg="no level" other=1',
    'level=info msg="unclosed',
    'note: level=info msg=x',
    'I0304 not a klog header',
    '',
  ])('other text is kept as it is: %j', (line) => {
    expect(lineMessage(line)).toEqual({ text: line });
  });

  it('a long run of key characters is not logfmt, and is kept', () => {
    const line = `${'a'.repeat(200_000)} level=info`;
    expect(lineMessage(line)).toEqual({ text: line });
  });
});

describe('severity', () => {
  const journald = (priority: string, message = 'x', severity?: string): LogEntry => ({
    ...(severity === undefined ? {} : { severity }),
    jsonPayload: { MESSAGE: message, PRIORITY: priority, SYSLOG_IDENTIFIER: 'kubelet' },
  });
  it.each([
    [journald('3'), 'ERROR'],
    [journald('6'), 'INFO'],
    [journald('0'), 'EMERGENCY'],
    [journald('x', 'E0101 00:00:00.000001 1 a.go:1] boom'), 'ERROR'],
    [journald('6', 'x', 'WARNING'), 'WARNING'],
    [journald('9', 'plain'), undefined],
    [{ severity: 'DEFAULT', textPayload: 'level=error msg=boom' }, 'ERROR'],
    [{ severity: 'DEFAULT', textPayload: 'plain' }, 'DEFAULT'],
    [{ jsonPayload: { message: 'W0101 00:00:00.000001 1 a.go:1] careful' } }, 'WARNING'],
  ])('%j → %s', (entry, expected) => {
    expect(severityOf(entry)).toBe(expected);
  });

  it('a JSON payload without a message key is shown whole, keys kept', () => {
    expect(payloadText({ jsonPayload: { event: 'x', password: 'p' } })).toBe('{"event":"x","password":"p"}');
  });
});
