import { classify } from '../../src/notification/classify';
import { familyOf } from '../../src/notification/categories';
import { decodeNotification } from '../../src/notification/decode';
import { loadSample } from '../support/fixtures';

const classifySample = (name: string, edit: (n: Record<string, any>) => void = () => {}) => {
  const sample = loadSample(name);
  edit(sample);
  return classify(decodeNotification(sample).notification);
};

describe('classify: samples', () => {
  it.each([
    ['gke-reverse-shell.json', 'triage', 'reverse_shell', 'gke'],
    ['pubsub-envelope-gke-reverse-shell.json', 'triage', 'reverse_shell', 'gke'],
    ['gke-remote-command-exec.json', 'triage', 'remote_command_execution', 'gke'],
    ['gke-multi-process-remote-command-exec.json', 'triage', 'remote_command_execution', 'gke'],
    ['gke-malicious-python.json', 'triage', 'malicious_python', 'gke'],
    ['gke-hostile-strings-malicious-python.json', 'triage', 'malicious_python', 'gke'],
    ['cloudrun-reverse-shell.json', 'triage', 'reverse_shell', 'cloud_run_service'],
    ['cloudrun-malicious-python.json', 'triage', 'malicious_python', 'cloud_run_service'],
    ['cloudrun-job-remote-command-exec.json', 'triage', 'remote_command_execution', 'cloud_run_job'],
    ['gke-reverse-shell-mute-update.json', 'update', 'reverse_shell', 'gke'],
    ['gke-reverse-shell-inactive.json', 'update', 'reverse_shell', 'gke'],
  ])('%s → %s %s %s', (name, kind, family, platform) => {
    expect(classifySample(name)).toMatchObject({ kind, family, platform });
  });

  it('skips the out-of-scope ETD finding with a reason', () => {
    expect(classifySample('out-of-scope-iam-anomalous-grant.json')).toEqual({
      kind: 'skipped',
      reason: 'source "Event Threat Detection" is not Container Threat Detection or Cloud Run Threat Detection',
    });
  });
});

describe('classify: rules', () => {
  it.each([
    [
      'platform comes from the resource name, not the category',
      (n: any) => {
        n.finding.resourceName = '//run.googleapis.com/projects/p/locations/us-central1/jobs/j';
      },
      { kind: 'triage', platform: 'cloud_run_job' },
    ],
    [
      'a zonal cluster is GKE',
      (n: any) => {
        n.finding.resourceName = '//container.googleapis.com/projects/p/zones/us-central1-a/clusters/c';
      },
      { kind: 'triage', platform: 'gke' },
    ],
    [
      'a new CTD category gets the generic playbook',
      (n: any) => {
        n.finding.category = 'Execution: Something Brand New';
      },
      { kind: 'triage', family: 'other_runtime_threat' },
    ],
    [
      'another CTD category is other_runtime_threat',
      (n: any) => {
        n.finding.category = 'Execution: Socat Reverse Shell Detected';
      },
      { family: 'other_runtime_threat' },
    ],
    [
      'category casing and (Preview) do not matter',
      (n: any) => {
        n.finding.category = '  execution: possible remote command execution detected (Preview) ';
      },
      { family: 'remote_command_execution' },
    ],
    [
      'module names are understood',
      (n: any) => {
        n.finding.category = 'CLOUD_RUN_REVERSE_SHELL';
        delete n.finding.parentDisplayName;
      },
      { family: 'reverse_shell' },
    ],
    [
      'a non-THREAT class is skipped',
      (n: any) => {
        n.finding.findingClass = 'VULNERABILITY';
      },
      { kind: 'skipped', reason: 'findingClass VULNERABILITY is not THREAT' },
    ],
    [
      'an unknown category from an unknown source is skipped',
      (n: any) => {
        n.finding.category = 'Exfiltration: BigQuery';
        delete n.finding.parentDisplayName;
      },
      { kind: 'skipped' },
    ],
    [
      'a resource that is neither GKE nor Cloud Run is skipped',
      (n: any) => {
        n.finding.resourceName = '//compute.googleapis.com/projects/p/zones/z/instances/i';
      },
      { kind: 'skipped', reason: 'resource is neither a GKE cluster nor a Cloud Run service or job' },
    ],
    [
      'mute UNMUTED is triaged',
      (n: any) => {
        n.finding.mute = 'UNMUTED';
      },
      { kind: 'triage' },
    ],
    [
      'INACTIVE is an update',
      (n: any) => {
        n.finding.state = 'INACTIVE';
      },
      { kind: 'update', reason: 'state changed to INACTIVE' },
    ],
    [
      'MUTED is an update',
      (n: any) => {
        n.finding.mute = 'MUTED';
      },
      { kind: 'update', reason: 'finding muted' },
    ],
  ])('%s', (_name, edit, expected) => {
    expect(classifySample('gke-reverse-shell.json', edit)).toMatchObject(expected);
  });

  it.each([
    ['Reverse Shell', 'reverse_shell'],
    ['Execution: Malicious Python executed', 'malicious_python'],
    ['MALICIOUS_PYTHON_EXECUTED', 'malicious_python'],
    ['Impact: Suspicious cryptocurrency mining activity using the Stratum Protocol', 'other_runtime_threat'],
    ['Persistence: IAM Anomalous Grant', undefined],
  ])('familyOf(%j) = %s', (category, family) => {
    expect(familyOf(category)).toBe(family);
  });
});
