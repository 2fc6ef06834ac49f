/**
 * Property: no string placed in any finding field can widen a section beyond its workload. Whatever
 * the finding says, every entry a section selects belongs to the workload (same project, location,
 * cluster/service/job, namespace, pod or node, inside the window), checked here by a plain oracle.
 */
import fc from 'fast-check';
import { defaultConfig } from '../src/config';
import { planTriage } from '../src/engine';
import { evaluate } from '../src/query/evaluator';
import { parseQuery } from '../src/query/parser';
import { timestampNanos } from '../src/lib/time';
import { corpusEntries, loadSample } from './support/fixtures';
import { clauseOf, maxFilterChars } from '../src/logs/coalesce';
import { parseRange } from '../src/logs/interval';
import { render } from '../src/query/builder';

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('x" OR resource.type="gce_instance', 'a\\" OR "', '*', '', ' ', 'payments OR NOT x', '") OR (1=1', 'ns\n-- comment', 'checkout-api-6d8f9c7b5-q2w8', 'PAYMENTS', 'payments-staging'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
);

/** Mostly the sample's real value (so sections do select entries and a widening would show), else hostile. */
const field = (real: string) => fc.oneof({ weight: 3, arbitrary: fc.constant(real) }, { weight: 2, arbitrary: hostile });

const realValues: Record<string, Record<string, string>> = {
  'gke-reverse-shell.json': {
    ns: 'payments',
    pod: 'checkout-api-6d8f9c7b5-q2w8x',
    container: 'checkout-api',
    node: 'gke-payments-gke-1-default-pool-7c1f2a9e-x4kq',
    name: 'payments-gke-1',
    location: 'europe-west1',
    project: 'acme-payments-prod',
  },
  'cloudrun-malicious-python.json': { ns: '', pod: '', container: '', node: '', name: 'invoice-api', location: 'us-central1', project: 'acme-billing-prod' },
  'cloudrun-job-remote-command-exec.json': { ns: '', pod: '', container: '', node: '', name: 'nightly-reconcile', location: 'us-central1', project: 'acme-billing-prod' },
};

const corpus = corpusEntries();

/** An audit entry's resourceName names the service or job: `projects/P/locations/L/…` or `namespaces/P/…`, P by id or number. */
function namesRunWorkload(resourceName: unknown, w: Record<string, string | undefined>): boolean {
  const match = /^(?:projects\/([^/]+)\/locations\/([^/]+)|namespaces\/([^/]+))\/(services|jobs)\/([^/]+)$/.exec(String(resourceName));
  if (match === null) return false;
  const [, project, location, namespace, collection, name] = match;
  const projectMatches = [w.projectId, w.projectNumber].includes(project ?? namespace);
  const nameMatches = collection === 'services' ? name === w.service : name === w.job;
  return projectMatches && nameMatches && (location === undefined || location === w.location);
}

function belongs(entry: any, section: string, w: Record<string, string | undefined>, window: { start: string; end: string }): boolean {
  const t = timestampNanos(entry.timestamp)!;
  if (t < timestampNanos(window.start)! || t > timestampNanos(window.end)!) return false;
  const l = entry.resource.labels;
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && a.toLowerCase() === b?.toLowerCase();
  switch (section) {
    case 'pod_logs':
      return (
        ['k8s_container', 'k8s_pod'].includes(entry.resource.type) &&
        same(l.project_id, w.projectId) &&
        same(l.cluster_name, w.cluster) &&
        same(l.namespace_name, w.namespace) &&
        same(l.pod_name, w.pod)
      );
    case 'cluster_audit':
      return (
        entry.resource.type === 'k8s_cluster' &&
        same(l.cluster_name, w.cluster) &&
        String(entry.protoPayload?.resourceName).toLowerCase().startsWith(`core/v1/namespaces/${w.namespace}/pods/${w.pod}`.toLowerCase())
      );
    case 'node_logs':
      return same(l.node_name, w.node) || same(entry.labels?.['compute.googleapis.com/resource_name'], w.node);
    case 'run_logs':
      return same(l.project_id, w.projectId) && same(l.service_name ?? l.job_name, w.service ?? w.job) && same(l.location, w.location);
    case 'run_audit':
      return same(l.project_id, w.projectId) && same(l.location, w.location) && (same(l.service_name ?? l.job_name, w.service ?? w.job) || namesRunWorkload(entry.protoPayload?.resourceName, w));
    default:
      return false;
  }
}

function withValues(sampleName: string, values: Record<string, string>) {
  const sample = loadSample(sampleName);
  const f = sample.finding;
  f.sourceProperties = { ...f.sourceProperties, Pod_Namespace: values.ns, Pod_Name: values.pod, Container_Name: values.container, VM_Instance_Name: values.node };
  if (f.kubernetes?.pods?.[0]) Object.assign(f.kubernetes.pods[0], { ns: values.ns, name: values.pod });
  f.resourceName = f.resourceName.replace(/(clusters|services|jobs)\/[^/]+$/, `$1/${values.name}`).replace(/locations\/[^/]+/, `locations/${values.location}`);
  sample.resource.projectDisplayName = values.project;
  if (sample.resource.gcpMetadata) sample.resource.gcpMetadata.projectDisplayName = values.project;
  return sample;
}

describe('no finding value widens a section', () => {
  it.each(['gke-reverse-shell.json', 'cloudrun-malicious-python.json', 'cloudrun-job-remote-command-exec.json'])('%s', (sampleName) => {
    const real = realValues[sampleName]!;
    const segment = (value: string) => field(value).filter((v) => !v.includes('/') && v !== '');
    const values = fc.record({
      ns: field(real.ns!),
      pod: field(real.pod!),
      container: field(real.container!),
      node: field(real.node!),
      name: segment(real.name!),
      location: segment(real.location!),
      project: field(real.project!),
    });
    let selected = 0;
    fc.assert(
      fc.property(values, (values) => {
        const plan = planTriage(withValues(sampleName, values), defaultConfig);
        if (plan.classification.kind !== 'triage' || !('workload' in plan)) return;
        for (const section of plan.sections) {
          if (section.status !== 'planned') continue;
          const expr = parseQuery(section.filter);
          expect(expr).toEqual(section.expr);
          const w = plan.workload as unknown as Record<string, string | undefined>;
          for (const entry of corpus) {
            if (!evaluate(expr, entry)) continue;
            selected++;
            expect(belongs(entry, section.name, w, section.window)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
    // The property is only worth something if sections did select entries.
    expect(selected).toBeGreaterThan(0);
  });
});

describe('no indicator value widens a section or changes its query', () => {
  const hostilePath = fc.oneof(
    hostile,
    fc.constantFrom('/tmp/x" OR "', '/usr/bin/\\"', '/bin/sh") OR (resource.type:*', '203.0.113.45', '/tmp/\u0000\u001b[31m'),
    fc.string({ minLength: 3, maxLength: 400 }),
  );
  it('indicator queries stay inside their section, round-trip through the parser, and stay under the filter limit', () => {
    // Lines that mention the hostile strings, on this pod and on others: only this pod's may match.
    let matched = 0;
    fc.assert(
      fc.property(hostilePath, hostilePath, hostilePath, (binary, script, ip) => {
        const sample = loadSample('gke-reverse-shell.json');
        sample.finding.processes = [{ binary: { path: binary }, script: { path: script }, args: [binary] }];
        sample.finding.sourceProperties.Reverse_Shell_Stdin_Redirection_Dst_Ip = ip;
        const plan = planTriage(sample, defaultConfig);
        const planted = corpus.slice(0, 40).map((entry, i) => ({ ...entry, insertId: `planted-${i}`, textPayload: `${binary} ${script} ${ip}`, jsonPayload: undefined }));
        for (const section of plan.sections) {
          if (section.status !== 'planned' || section.indicatorSelector === undefined) continue;
          const clause = clauseOf(section.indicatorSelector, parseRange(section.window.start, section.window.end));
          const text = render(clause);
          expect(text.length).toBeLessThan(maxFilterChars);
          expect(parseQuery(text)).toEqual(clause);
          for (const entry of [...corpus, ...planted]) {
            if (!evaluate(clause, entry)) continue;
            matched++;
            expect(evaluate(section.expr, entry)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(matched).toBeGreaterThan(0);
  });
});
