import { attackReferences } from '../../src/evidence/mitre';
import { principalKind } from '../../src/evidence/principals';
import { decodeNotification } from '../../src/notification/decode';
import { loadSample } from '../support/fixtures';

describe('principalKind', () => {
  it.each([
    ['alice@acme.example', 'human'],
    ['ci-deployer@acme-payments-prod.iam.gserviceaccount.com', 'service_account'],
    ['123456789-compute@developer.gserviceaccount.com', 'service_account'],
    ['acme@appspot.gserviceaccount.com', 'service_account'],
    ['service-1234@gcp-sa-pubsub.iam.gserviceaccount.com', 'google_service_agent'],
    ['service-1234@container-engine-robot.iam.gserviceaccount.com', 'google_service_agent'],
    ['system:serviceaccount:kube-system:replicaset-controller', 'kubernetes_service_account'],
    ['system:node:gke-node-1', 'system'],
    ['system:kube-controller-manager', 'system'],
    ['', 'unknown'],
    ['not an email', 'unknown'],
  ])('%s → %s', (principal, kind) => {
    expect(principalKind(principal)).toBe(kind);
  });
});

describe('attackReferences', () => {
  it('maps the reverse-shell sample: tactic first, then techniques, with links', () => {
    const { finding } = decodeNotification(loadSample('gke-reverse-shell.json')).notification;
    expect(attackReferences(finding)).toEqual([
      { kind: 'tactic', enum: 'EXECUTION', id: 'TA0002', name: 'Execution', url: 'https://attack.mitre.org/tactics/TA0002/' },
      { kind: 'technique', enum: 'COMMAND_AND_SCRIPTING_INTERPRETER', id: 'T1059', name: 'Command and Scripting Interpreter', url: 'https://attack.mitre.org/techniques/T1059/' },
      { kind: 'technique', enum: 'UNIX_SHELL', id: 'T1059.004', name: 'Unix Shell', url: 'https://attack.mitre.org/techniques/T1059/004/' },
      { kind: 'technique', enum: 'INGRESS_TOOL_TRANSFER', id: 'T1105', name: 'Ingress Tool Transfer', url: 'https://attack.mitre.org/techniques/T1105/' },
    ]);
  });

  it.each([
    ['PYTHON', 'T1059.006'],
    ['ESCAPE_TO_HOST', 'T1611'],
    ['CONTAINER_ADMINISTRATION_COMMAND', 'T1609'],
  ])('%s → %s', (technique, id) => {
    const sample = loadSample('gke-malicious-python.json');
    sample.finding.mitreAttack = { primaryTechniques: [technique] };
    expect(attackReferences(decodeNotification(sample).notification.finding)[0]).toMatchObject({ id });
  });

  it('keeps an enum it does not know, without inventing an id', () => {
    const sample = loadSample('gke-malicious-python.json');
    sample.finding.mitreAttack = { primaryTactic: 'TACTIC_FROM_THE_FUTURE', primaryTechniques: ['NEW_TECHNIQUE'] };
    expect(attackReferences(decodeNotification(sample).notification.finding)).toEqual([
      { kind: 'tactic', enum: 'TACTIC_FROM_THE_FUTURE', name: 'tactic from the future' },
      { kind: 'technique', enum: 'NEW_TECHNIQUE', name: 'new technique' },
    ]);
  });
});
