import fc from 'fast-check';
import { parse } from 'shell-quote';
import { nextStepsOf } from '../../src/evidence/next-steps';
import { command } from '../../src/evidence/shell';
import { decodeNotification } from '../../src/notification/decode';
import { extractWorkload } from '../../src/notification/workload';
import { loadSample } from '../support/fixtures';
import { section } from '../support/sections';

const stepsFor = (name: string, edit: (n: Record<string, any>) => void = () => {}, sections: Parameters<typeof nextStepsOf>[2] = []) => {
  const sample = loadSample(name);
  edit(sample);
  const { finding } = decodeNotification(sample).notification;
  return nextStepsOf(finding, extractWorkload(decodeNotification(sample).notification)!, sections, ['a'.repeat(64)]);
};

describe('next steps', () => {
  it('GKE: credentials, describe, logs, copy the binary out, ps axjf, exec, replace, VirusTotal, owner', () => {
    const commands = stepsFor('gke-reverse-shell.json').map((s) => s.command ?? `# ${s.title}`);
    expect(commands).toEqual([
      'gcloud container clusters get-credentials payments-gke-1 --location europe-west1 --project acme-payments-prod',
      'kubectl -n payments describe pod checkout-api-6d8f9c7b5-q2w8x',
      'kubectl -n payments logs checkout-api-6d8f9c7b5-q2w8x -c checkout-api --timestamps',
      'kubectl -n payments cp checkout-api-6d8f9c7b5-q2w8x\\:/bin/bash ./evidence/bash -c checkout-api',
      'kubectl -n payments exec checkout-api-6d8f9c7b5-q2w8x -c checkout-api -- ps axjf',
      'kubectl -n payments exec -it checkout-api-6d8f9c7b5-q2w8x -c checkout-api -- /bin/sh',
      'kubectl -n payments delete pod checkout-api-6d8f9c7b5-q2w8x',
      `# Check aaaaaaaaaaaa… on VirusTotal: https://www.virustotal.com/gui/file/${'a'.repeat(64)}`,
      '# Contact the workload owner (the finding names no contacts)',
    ]);
  });

  it('a zonal cluster gets its zone as --location', () => {
    const [first] = stepsFor('gke-reverse-shell.json', (n) => {
      n.finding.resourceName = '//container.googleapis.com/projects/408150112233/zones/europe-west1-b/clusters/payments-gke-1';
    });
    expect(first!.command).toBe('gcloud container clusters get-credentials payments-gke-1 --location europe-west1-b --project acme-payments-prod');
  });

  it('names the owners from finding.contacts', () => {
    const steps = stepsFor('gke-reverse-shell.json', (n) => {
      n.finding.contacts = { security: { contacts: [{ email: 'sec@acme.example' }] }, technical: { contacts: [{ email: 'payments-oncall@acme.example' }] } };
    });
    expect(steps.at(-1)!.title).toBe('Contact the owner: sec@acme.example (security), payments-oncall@acme.example (technical)');
  });

  it('Cloud Run service: the revision seen in the logs at detection', () => {
    const logs = section('run_logs', [{ timestamp: 't', resource: { type: 'cloud_run_revision', labels: { revision_name: 'invoice-api-00042-xyz' } } }]);
    const commands = stepsFor('cloudrun-malicious-python.json', () => {}, [logs]).map((s) => s.command).filter(Boolean);
    expect(commands).toEqual([
      'gcloud run services describe invoice-api --region us-central1 --project acme-billing-prod',
      'gcloud run revisions describe invoice-api-00042-xyz --region us-central1 --project acme-billing-prod',
      'gcloud run revisions list --service invoice-api --region us-central1 --project acme-billing-prod',
      'gcloud run services update invoice-api --ingress internal --region us-central1 --project acme-billing-prod',
    ]);
  });

  it('Cloud Run job: the execution seen in the logs', () => {
    const logs = section('run_logs', [{ timestamp: 't', labels: { 'run.googleapis.com/execution_name': 'nightly-reconcile-8xk2p' } }]);
    const commands = stepsFor('cloudrun-job-remote-command-exec.json', () => {}, [logs]).map((s) => s.command).filter(Boolean);
    expect(commands).toContain('gcloud run jobs executions cancel nightly-reconcile-8xk2p --region us-central1 --project acme-billing-prod');
  });

  it('hostile names: each stays one argument, and the step warns first', () => {
    const steps = stepsFor('gke-hostile-strings-malicious-python.json');
    expect(steps[0]!.title).toMatch(/not a valid Kubernetes name/);
    const describe = steps.find((s) => s.title.startsWith('Describe the pod'))!;
    expect(parse(describe.command!)).toEqual(['kubectl', '-n', 'team-ü\\n-ns', 'describe', 'pod', 'job-"x"\\y-1']);
    const logs = steps.find((s) => s.title.startsWith('Read the container logs'))!;
    expect(parse(logs.command!)).toEqual(['kubectl', '-n', 'team-ü\\n-ns', 'logs', 'job-"x"\\y-1', '-c', 'app"; resource.type="gce_instance', '--timestamps']);
  });

  it('no string can break out of its argument', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => s !== ''), { minLength: 1, maxLength: 5 }), (words) => {
        expect(parse(command('kubectl', ...words))).toEqual(['kubectl', ...words]);
      }),
      { numRuns: 300 },
    );
  });
});
