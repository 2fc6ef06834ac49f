/** GKE next steps: credentials, the pod's description and logs, copies of the binaries, and the pod's replacement. */
import type { Finding } from '../notification/schema';
import type { GkeWorkload } from '../notification/workload';
import { type Checked, type NextStep, type PlatformSteps, basename, check, joined, projectOf, step } from './step';

function copySteps(finding: Finding, ns: Checked, pod: Checked, container: readonly (string | Checked)[]): NextStep[] {
  const paths = new Set((finding.processes ?? []).flatMap((p) => [p.binary?.path, p.script?.path]).filter((p): p is string => p !== undefined && p !== ''));
  return [...paths].map((path) => {
    const source = joined(pod, ':', check('finding.processes[].binary.path', path, 'path', '<path>'));
    return step(`Copy ${basename(path)} out for analysis`, ['kubectl', '-n', ns, 'cp', ...container, '--', source, `./evidence/${basename(path)}`]);
  });
}

/** GKE: names after `--` where kubectl takes them; `exec` already uses `--` for the command, so there the checked pod stands before it. */
export function gkeSteps(w: GkeWorkload, finding: Finding): PlatformSteps {
  const ns = check('workload.namespace', w.namespace, 'namespace', '<namespace>');
  const pod = check('workload.pod', w.pod, 'pod', '<pod>');
  const cluster = check('workload.cluster', w.cluster, 'cluster', '<cluster>');
  const where = ['--location', check('workload.location', w.location, 'location', '<location>'), '--project', projectOf(w)];
  const container = w.container === undefined ? [] : ['-c', check('workload.container', w.container, 'container', '<container>')];
  const investigate = [
    step('Get credentials for the cluster', ['gcloud', 'container', 'clusters', 'get-credentials', ...where, '--', cluster]),
    step('Describe the pod (owner, image, node, restarts)', ['kubectl', '-n', ns, 'describe', 'pod', '--', pod]),
    step('Read the container logs around detection', ['kubectl', '-n', ns, 'logs', ...container, '--timestamps', '--', pod]),
    ...copySteps(finding, ns, pod, container),
    step('List the processes in the container', ['kubectl', '-n', ns, 'exec', pod, ...container, '--', 'ps', 'axjf']),
    step('Open a shell in the container (inspect, do not change)', ['kubectl', '-n', ns, 'exec', '-it', pod, ...container, '--', '/bin/sh']),
  ];
  return {
    investigate,
    contain: [step('Replace the pod: its controller recreates it from the image (breaks: the evidence in the running container; copy it first)', ['kubectl', '-n', ns, 'delete', 'pod', '--', pod])],
  };
}
