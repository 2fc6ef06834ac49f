import fc from 'fast-check';
import { parse } from 'shell-quote';
import { nextStepsOf } from '../../src/evidence/next-steps';
import type { NextStep } from '../../src/evidence/step';
import { command } from '../../src/evidence/shell';
import { decodeNotification } from '../../src/notification/decode';
import type { CloudRunJobWorkload, CloudRunServiceWorkload, GkeWorkload, Workload } from '../../src/notification/workload';
import { extractWorkload } from '../../src/notification/workload';
import { loadSample } from '../support/fixtures';
import { section } from '../support/sections';

const stepsFor = (name: string, edit: (n: Record<string, any>) => void = () => {}, sections: Parameters<typeof nextStepsOf>[2]['sections'] = []) => {
  const sample = loadSample(name);
  edit(sample);
  const { finding } = decodeNotification(sample).notification;
  return nextStepsOf(finding, extractWorkload(decodeNotification(sample).notification)!, { sections, hashes: ['a'.repeat(64)] });
};

/** The workload fields that hold names. */
type NameField = Exclude<keyof GkeWorkload | keyof CloudRunServiceWorkload | keyof CloudRunJobWorkload, 'platform' | 'projectIdKnown'>;

/** The steps for a sample with some workload fields replaced, as a hostile finding would carry them. */
const stepsWith = (name: string, fields: Partial<Record<NameField, string>>, sections: Parameters<typeof nextStepsOf>[2]['sections'] = [], path?: string) => {
  const sample = loadSample(name);
  if (path !== undefined) sample.finding.processes[0].binary.path = path;
  const { notification } = decodeNotification(sample);
  // A hostile finding may carry any of the names; the steps read only their platform's.
  return nextStepsOf(notification.finding, { ...extractWorkload(notification)!, ...fields } as Workload, { sections, hashes: [] });
};

/** Every word of a command as the shell will see it; fails on anything that is not a plain word (an operator, a glob, a comment). */
const argv = (step: NextStep): string[] => {
  const words = parse(step.command!);
  for (const word of words) expect(typeof word).toBe('string');
  return words as string[];
};

const withCommands = (steps: readonly NextStep[]) => steps.filter((s) => s.command !== undefined);
const warnings = (steps: readonly NextStep[]) => steps.filter((s) => s.title.startsWith('Not shown'));

// Flags whose next word is a name, and the commands whose words after `--` are names (for exec they are the command to run).
const nameFlags = new Set(['-n', '-c', '--location', '--project', '--region', '--job', '--service', '--ingress']);
const namesIn = (words: readonly string[]): string[] => {
  const dash = words.indexOf('--');
  const afterFlags = words.flatMap((word, i) => (i > 0 && nameFlags.has(words[i - 1]!) ? [word] : []));
  return [...afterFlags, ...(dash < 0 || words.includes('exec') ? [] : words.slice(dash + 1))];
};

const hostile: readonly [string, string, RegExp][] = [
  ['--all', '--all', /starts with "-", so the tool would read it as an option/],
  ['-n kube-system', '-n kube-system', /starts with "-"/],
  ['NUL', 'a\u0000b', /holds a NUL byte/],
  ['command substitution', '$(reboot)', /is not a valid/],
  ['command separator', '; rm -rf /', /is not a valid/],
  ['newline', 'x\ny', /holds control, bidi or invisible characters/],
  ['bidi override', 'pod\u202eexe.gnp', /holds control, bidi or invisible characters/],
  ['bidi isolate', '\u2066x\u2069', /holds control, bidi or invisible characters/],
];

// Per platform and field: the steps that need that field (they turn into warnings), by title.
const cases: readonly [string, string, NameField, readonly string[]][] = [
  ['GKE', 'gke-reverse-shell.json', 'pod', ['Describe the pod', 'Read the container logs', 'Copy bash', 'List the processes', 'Open a shell', 'Replace the pod']],
  ['GKE', 'gke-reverse-shell.json', 'namespace', ['Describe the pod', 'Read the container logs', 'Copy bash', 'List the processes', 'Open a shell', 'Replace the pod']],
  ['GKE', 'gke-reverse-shell.json', 'container', ['Read the container logs', 'Copy bash', 'List the processes', 'Open a shell']],
  ['GKE', 'gke-reverse-shell.json', 'cluster', ['Get credentials']],
  ['GKE', 'gke-reverse-shell.json', 'location', ['Get credentials']],
  ['GKE', 'gke-reverse-shell.json', 'projectId', ['Get credentials']],
  ['Cloud Run service', 'cloudrun-malicious-python.json', 'service', ['Describe the service', 'List recent revisions', 'Roll back', 'Send all its egress']],
  ['Cloud Run service', 'cloudrun-malicious-python.json', 'location', ['Describe the service', 'Describe the revision', 'List recent revisions', 'Roll back', 'Send all its egress']],
  [
    'Cloud Run service',
    'cloudrun-malicious-python.json',
    'projectId',
    ['Describe the service', 'Describe the revision', 'List recent revisions', 'Roll back', 'Send all its egress', 'Cut off its runtime service account'],
  ],
  ['Cloud Run job', 'cloudrun-job-remote-command-exec.json', 'job', ['Describe the job', 'List its executions', 'Send all its egress']],
  ['Cloud Run job', 'cloudrun-job-remote-command-exec.json', 'location', ['Describe the job', 'List its executions', 'Describe the execution', 'Stop it', 'Send all its egress']],
  [
    'Cloud Run job',
    'cloudrun-job-remote-command-exec.json',
    'projectId',
    ['Describe the job', 'List its executions', 'Describe the execution', 'Stop it', 'Send all its egress', 'Cut off its runtime service account'],
  ],
];

describe('next steps', () => {
  it('GKE: credentials, describe, logs, copy the binary out, ps axjf, exec, replace, VirusTotal, owner', () => {
    const commands = stepsFor('gke-reverse-shell.json').map((s) => s.command ?? `# ${s.title}`);
    expect(commands).toEqual([
      'gcloud container clusters get-credentials --location europe-west1 --project acme-payments-prod -- payments-gke-1',
      'kubectl -n payments describe pod -- checkout-api-6d8f9c7b5-q2w8x',
      'kubectl -n payments logs -c checkout-api --timestamps -- checkout-api-6d8f9c7b5-q2w8x',
      'kubectl -n payments cp -c checkout-api -- checkout-api-6d8f9c7b5-q2w8x\\:/bin/bash ./evidence/bash',
      'kubectl -n payments exec checkout-api-6d8f9c7b5-q2w8x -c checkout-api -- ps axjf',
      'kubectl -n payments exec -it checkout-api-6d8f9c7b5-q2w8x -c checkout-api -- /bin/sh',
      'kubectl -n payments delete pod -- checkout-api-6d8f9c7b5-q2w8x',
      `# Check aaaaaaaaaaaa… on VirusTotal: https://www.virustotal.com/gui/file/${'a'.repeat(64)}`,
      '# Contact the workload owner (the finding names no contacts)',
    ]);
  });

  it('GKE: every command parses into the intended argv', () => {
    const steps = withCommands(stepsFor('gke-reverse-shell.json'));
    expect(steps.map(argv)).toEqual([
      ['gcloud', 'container', 'clusters', 'get-credentials', '--location', 'europe-west1', '--project', 'acme-payments-prod', '--', 'payments-gke-1'],
      ['kubectl', '-n', 'payments', 'describe', 'pod', '--', 'checkout-api-6d8f9c7b5-q2w8x'],
      ['kubectl', '-n', 'payments', 'logs', '-c', 'checkout-api', '--timestamps', '--', 'checkout-api-6d8f9c7b5-q2w8x'],
      ['kubectl', '-n', 'payments', 'cp', '-c', 'checkout-api', '--', 'checkout-api-6d8f9c7b5-q2w8x:/bin/bash', './evidence/bash'],
      ['kubectl', '-n', 'payments', 'exec', 'checkout-api-6d8f9c7b5-q2w8x', '-c', 'checkout-api', '--', 'ps', 'axjf'],
      ['kubectl', '-n', 'payments', 'exec', '-it', 'checkout-api-6d8f9c7b5-q2w8x', '-c', 'checkout-api', '--', '/bin/sh'],
      ['kubectl', '-n', 'payments', 'delete', 'pod', '--', 'checkout-api-6d8f9c7b5-q2w8x'],
    ]);
  });

  it('a zonal cluster gets its zone as --location', () => {
    const [first] = stepsFor('gke-reverse-shell.json', (n) => {
      n.finding.resourceName = '//container.googleapis.com/projects/408150112233/zones/europe-west1-b/clusters/payments-gke-1';
    });
    expect(first!.command).toBe('gcloud container clusters get-credentials --location europe-west1-b --project acme-payments-prod -- payments-gke-1');
  });

  it('names the owners from finding.contacts', () => {
    const steps = stepsFor('gke-reverse-shell.json', (n) => {
      n.finding.contacts = { security: { contacts: [{ email: 'sec@acme.example' }] }, technical: { contacts: [{ email: 'payments-oncall@acme.example' }] } };
    });
    expect(steps.at(-1)!.title).toBe('Contact the owner: sec@acme.example (security), payments-oncall@acme.example (technical)');
  });

  it('Cloud Run service: the revision seen in the logs at detection', () => {
    const logs = section('run_logs', [{ timestamp: 't', resource: { type: 'cloud_run_revision', labels: { revision_name: 'invoice-api-00042-xyz' } } }]);
    const steps = withCommands(stepsFor('cloudrun-malicious-python.json', () => {}, [logs]));
    const where = ['--region', 'us-central1', '--project', 'acme-billing-prod'];
    expect(steps.map(argv)).toEqual([
      ['gcloud', 'run', 'services', 'describe', ...where, '--', 'invoice-api'],
      ['gcloud', 'run', 'revisions', 'describe', ...where, '--', 'invoice-api-00042-xyz'],
      ['gcloud', 'run', 'revisions', 'list', '--service', 'invoice-api', ...where],
      // Containment that works against an outbound shell, not an ingress change.
      ['gcloud', 'run', 'services', 'update-traffic', '--to-revisions', '<previous-revision>=100', ...where, '--', 'invoice-api'],
      ['gcloud', 'run', 'services', 'update', '--network', '<network>', '--subnet', '<subnet>', '--vpc-egress', 'all-traffic', ...where, '--', 'invoice-api'],
      ['gcloud', 'iam', 'service-accounts', 'disable', '--project', 'acme-billing-prod', '--', '<runtime-service-account>'],
    ]);
  });

  it('Cloud Run job: the execution seen in the logs', () => {
    const logs = section('run_logs', [{ timestamp: 't', labels: { 'run.googleapis.com/execution_name': 'nightly-reconcile-8xk2p' } }]);
    const steps = withCommands(stepsFor('cloudrun-job-remote-command-exec.json', () => {}, [logs]));
    const where = ['--region', 'us-central1', '--project', 'acme-billing-prod'];
    expect(steps.map(argv)).toEqual([
      ['gcloud', 'run', 'jobs', 'describe', ...where, '--', 'nightly-reconcile'],
      ['gcloud', 'run', 'jobs', 'executions', 'list', '--job', 'nightly-reconcile', ...where],
      ['gcloud', 'run', 'jobs', 'executions', 'describe', ...where, '--', 'nightly-reconcile-8xk2p'],
      ['gcloud', 'run', 'jobs', 'executions', 'cancel', ...where, '--', 'nightly-reconcile-8xk2p'],
      ['gcloud', 'run', 'jobs', 'update', '--network', '<network>', '--subnet', '<subnet>', '--vpc-egress', 'all-traffic', ...where, '--', 'nightly-reconcile'],
      ['gcloud', 'iam', 'service-accounts', 'disable', '--project', 'acme-billing-prod', '--', '<runtime-service-account>'],
    ]);
  });

  it('a project known only by its number is still a valid --project', () => {
    const [first] = stepsWith('gke-reverse-shell.json', { projectId: '408150112233' });
    expect(argv(first!)).toContain('408150112233');
  });

  it('the hostile-strings sample: no step uses its names, each warning says which field and why', () => {
    const steps = stepsFor('gke-hostile-strings-malicious-python.json');
    expect(steps.find((s) => s.title.startsWith('Get credentials'))!.command).toBeDefined();
    const describe = steps.find((s) => s.title.includes('Describe the pod'))!;
    expect(describe.command).toBeUndefined();
    expect(describe.title).toBe(
      'Not shown, check the finding first: Describe the pod (owner, image, node, restarts). workload.namespace "team-ü\\\\n-ns" is not a valid Kubernetes namespace (RFC 1123 label)',
    );
    for (const step of withCommands(steps)) expect(step.command).not.toMatch(/team-|job-"x"|gce_instance/);
  });
});

describe.each(cases)('next steps on %s (%s) with a hostile workload.%s', (_platform, sample, field, needing) => {
  it.each(hostile)('%s: the steps that need it are warnings, the others parse into plain argv', (_name, value, why) => {
    const steps = stepsWith(sample, { [field]: value });
    const warned = warnings(steps);
    expect(warned.map((s) => needing.find((title) => s.title.includes(title)))).toEqual([...needing]);
    for (const step of warned) {
      expect(step.command).toBeUndefined();
      expect(step.title).toContain(`workload.${field} `);
      expect(step.title).toMatch(why);
      // The title quotes the value escaped, so it can be shown as it is.
      expect(step.title).not.toMatch(/[\u0000-\u001f\u202e\u2066\u2069]/);
    }
    for (const step of withCommands(steps)) {
      const words = argv(step);
      expect(words).not.toContain(value);
      for (const name of namesIn(words)) expect(name).not.toMatch(/^-/);
    }
  });
});

describe('next steps with a hostile value from the logs or a file path', () => {
  it.each(hostile)('Cloud Run revision %s: only the revision step is a warning', (_name, value, why) => {
    const logs = section('run_logs', [{ timestamp: 't', resource: { type: 'cloud_run_revision', labels: { revision_name: value } } }]);
    const warned = warnings(stepsWith('cloudrun-malicious-python.json', {}, [logs]));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.title).toMatch(/^Not shown, check the finding first: Describe the revision seen at detection\. run_logs resource\.labels\.revision_name /);
    expect(warned[0]!.title).toMatch(why);
  });

  it.each(hostile)('Cloud Run job execution %s: describe and cancel are warnings', (_name, value, why) => {
    const logs = section('run_logs', [{ timestamp: 't', labels: { 'run.googleapis.com/execution_name': value } }]);
    const warned = warnings(stepsWith('cloudrun-job-remote-command-exec.json', {}, [logs]));
    expect(warned.map((s) => s.title.split('. ')[0])).toEqual([
      'Not shown, check the finding first: Describe the execution seen at detection',
      'Not shown, check the finding first: Stop it: cancel that execution (breaks: the rest of that run)',
    ]);
    for (const step of warned) expect(step.title).toMatch(why);
  });

  it.each([
    ['leading dash', '-rf', /not a valid absolute file path: it starts with "-"/],
    ['relative', 'tmp/x', /not a valid absolute file path/],
    ['NUL', '/tmp/a\u0000b', /NUL byte/],
    ['newline', '/tmp/x\ny', /not a valid absolute file path: it holds control/],
    ['bidi', '/tmp/\u202egnp.sh', /cannot be used: it holds control, bidi or invisible characters/],
  ])('a copied-out path (%s) gives a warning in place of kubectl cp', (_name, path, why) => {
    const steps = stepsWith('gke-reverse-shell.json', {}, [], path);
    const copy = steps.find((s) => s.title.includes('Copy '))!;
    expect(copy.command).toBeUndefined();
    expect(copy.title).toMatch(/finding\.processes\[\]\.binary\.path /);
    expect(copy.title).toMatch(why);
  });

  it('a path named .. is copied to a safe local name', () => {
    const copy = stepsWith('gke-reverse-shell.json', {}, [], '/tmp/..').find((s) => s.title.includes('Copy '))!;
    expect(argv(copy).at(-1)).toBe('./evidence/binary');
  });
});

describe('commands cannot be turned', () => {
  it('for any pod, namespace and container: a step is a warning or a plain argv with no option where a name belongs', () => {
    const name = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('--all', '-n', 'ok-name', 'a\u0000b', '-'), fc.stringMatching(/^-?[a-z0-9-]{1,10}$/));
    fc.assert(
      fc.property(name, name, name, (pod, namespace, container) => {
        const steps = stepsWith('gke-reverse-shell.json', { pod, namespace, container });
        for (const step of withCommands(steps)) {
          const words = argv(step);
          for (const value of namesIn(words)) expect(value.startsWith('-')).toBe(false);
          expect(words.join(' ')).not.toContain('\u0000');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('no string can break out of its argument', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => s !== ''),
          { minLength: 1, maxLength: 5 },
        ),
        (words) => {
          expect(parse(command('kubectl', ...words))).toEqual(['kubectl', ...words]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('containment', () => {
  it('a public reverse-shell destination gets a deny-egress firewall rule, quoted and never run', () => {
    const sample = loadSample('gke-reverse-shell.json');
    const { notification } = decodeNotification(sample);
    const steps = nextStepsOf(notification.finding, extractWorkload(notification)!, { sections: [], hashes: [], destination: '203.0.113.45' });
    const block = steps.find((s) => s.title.startsWith('Block the destination 203.0.113.45'))!;
    expect(argv(block)).toEqual([
      'gcloud',
      'compute',
      'firewall-rules',
      'create',
      'scc-triage-deny-203-0-113-45',
      '--project',
      'acme-payments-prod',
      '--network',
      '<network>',
      '--direction',
      'EGRESS',
      '--action',
      'DENY',
      '--rules',
      'all',
      '--destination-ranges',
      '203.0.113.45/32',
      '--priority',
      '100',
    ]);
    expect(block.title).toMatch(/\(breaks: .+\)$/);
  });

  it.each(['10.0.0.7', '169.254.169.254', '127.0.0.1', 'not-an-ip'])('no firewall step for a destination that is not public: %s', (destination) => {
    const { notification } = decodeNotification(loadSample('gke-reverse-shell.json'));
    expect(nextStepsOf(notification.finding, extractWorkload(notification)!, { sections: [], hashes: [], destination }).some((s) => s.title.startsWith('Block the destination'))).toBe(false);
  });

  it.each(['gke-reverse-shell.json', 'cloudrun-malicious-python.json', 'cloudrun-job-remote-command-exec.json'])('%s: every containment step says what it breaks', (name) => {
    const titles = stepsFor(name).map((s) => s.title);
    const containment = titles.filter((t) => /^(Replace|Roll back|Send all|Cut off|Stop it|Block)/.test(t));
    expect(containment.length).toBeGreaterThan(0);
    for (const title of containment) expect(title).toContain('(breaks: ');
  });

  it.each(['gke-reverse-shell.json', 'cloudrun-malicious-python.json', 'cloudrun-job-remote-command-exec.json'])(
    '%s closed or muted: the closure is reviewed first, and nothing is contained',
    (name) => {
      const { notification } = decodeNotification(loadSample(name));
      const steps = nextStepsOf(notification.finding, extractWorkload(notification)!, {
        sections: [],
        hashes: [],
        destination: '203.0.113.45',
        closure: 'finding muted (Muted by alice@acme.example)',
      });
      expect(steps[0]!.title).toMatch(/^Review the closure: finding muted \(Muted by alice@acme\.example\)\. No containment/);
      expect(steps.some((s) => /^(Replace|Roll back|Send all|Cut off|Stop it|Block)/.test(s.title) || /delete pod|update-traffic|disable|firewall-rules/.test(s.command ?? ''))).toBe(false);
    },
  );
});
