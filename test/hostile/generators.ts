/**
 * fast-check generators of hostile input, shared by the property tests: names full of control,
 * bidi and invisible characters, quotes, shell metacharacters, `--flags`, nested JSON and huge
 * multi-byte runs; secret-bearing text that carries planted secrets among the same; and log lines
 * with planted secrets for the exported-log corpus.
 */
import fc from 'fast-check';
import { reverseShellPodLabels } from '../support/fixtures';
import { plantedSecrets } from './secrets';

/** Any character the output sanitiser neutralises, except LF, which renderers write between lines. */
export const raw = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

const controls = fc.constantFrom('\u0000', '\u0007', '\u001b[2J', '\u001b]8;;https://evil.example\u0007x\u001b]8;;\u0007', '\u009b31m', '\r', '\n', '\t', '\u007f', '\u0085');
const bidi = fc.constantFrom(
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2067',
  '\u2069',
  '\u061c',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u200f',
  '\ufeff',
  '\u00ad',
  '\u{e0041}',
  '\ufe0f',
  '\u180b',
  '\u17b4',
  '\u0600',
  '\u06dd',
  '\u{1d173}',
  '\u{1bca0}',
  '\u{110bd}',
  '\u{13430}',
);
const quotes = fc.constantFrom('"', "'", '\\', '`', '$(id)', '${IFS}', ';', '|', '&&', '\\"', '\\\\"', '*', '#', '!', '\\u0000');
const flags = fc.constantFrom('--all', '-n', '--as=system:admin', '-it', '--', '--kubeconfig=/tmp/k', '-rf', '--project=evil', '--impersonate-service-account=x@y');
const filterish = fc.constantFrom('" OR resource.type="gce_instance', ') OR (', 'AND NOT', '\\" OR \\"', '=~".*"', ':*', 'logName:*');
const markup = fc.constantFrom(
  'https://evil.example/x',
  '[click](https://evil.example)',
  '![i](https://evil.example/i.png)',
  '<img src=x onerror=alert(1)>',
  '# heading',
  '```',
  '| a | b |',
  '@everyone',
  '<!here>',
);
const words = fc.string({ unit: 'grapheme', maxLength: 24 });
const nested = fc.integer({ min: 1, max: 3_000 }).map((depth) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`);
const huge = fc.tuple(fc.constantFrom('x', 'é', '界', '😈', '\u202e', '%', '"', '\\', ' '), fc.integer({ min: 1_000, max: 300_000 })).map(([unit, count]) => unit.repeat(count));

const piece = fc.oneof(
  { arbitrary: controls, weight: 3 },
  { arbitrary: bidi, weight: 3 },
  { arbitrary: quotes, weight: 3 },
  { arbitrary: flags, weight: 3 },
  { arbitrary: filterish, weight: 2 },
  { arbitrary: markup, weight: 2 },
  { arbitrary: words, weight: 3 },
  { arbitrary: nested, weight: 1 },
  { arbitrary: huge, weight: 1 },
);

/** A hostile string for a name or any other field: a few hostile pieces, often led by a flag. */
export const hostileName: fc.Arbitrary<string> = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

/** A planted secret as it would reach process evidence, and what must never appear. */
export interface Planted {
  readonly argv: readonly string[];
  readonly script?: string;
  readonly env?: { readonly name: string; readonly val: string };
  readonly secrets: readonly { readonly secret: string; readonly keep: number }[];
}

/** One planted secret from the corpus, as an argument vector, a script or an environment variable. */
export const plantedArgv: fc.Arbitrary<Planted> = fc.constantFrom(...plantedSecrets).map((p): Planted => {
  const secrets = [{ secret: p.secret, keep: p.keep ?? 0 }];
  if (p.argv !== undefined) return { argv: p.argv, secrets };
  if (p.text !== undefined) return { argv: ['sh', '-c', p.text], script: p.text, secrets };
  return { argv: [], env: { name: p.env!.name, val: p.env!.value }, secrets };
});

/** Free text (an argument, a script, a variable): hostile pieces with planted secrets between them, on their own lines. */
export const hostileSecretText: fc.Arbitrary<{ value: string; secrets: Planted['secrets'] }> = fc
  .array(
    fc.oneof(
      piece.map((text) => ({ text, secret: undefined })),
      fc.constantFrom(...plantedSecrets.filter((p) => p.text !== undefined)).map((p) => ({ text: p.text!, secret: { secret: p.secret, keep: p.keep ?? 0 } })),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => ({ value: parts.map((p) => p.text).join('\n'), secrets: parts.flatMap((p) => (p.secret === undefined ? [] : [p.secret])) }));

const textSecrets = plantedSecrets.filter((p) => p.text !== undefined);
const workloads = [
  {
    type: 'k8s_container',
    labels: { ...reverseShellPodLabels },
    at: Date.parse('2025-03-04T14:22:31.418Z'),
  },
  {
    type: 'k8s_container',
    labels: {
      project_id: 'acme-payments-prod',
      location: 'europe-west1',
      cluster_name: 'payments-gke-1',
      namespace_name: 'reporting',
      pod_name: 'report-renderer-84c6d5f9b-9tzvp',
      container_name: 'renderer',
    },
    at: Date.parse('2025-03-05T09:01:44.950Z'),
  },
  {
    type: 'cloud_run_revision',
    labels: { project_id: 'acme-billing-prod', location: 'us-central1', service_name: 'invoice-api', revision_name: 'invoice-api-00042-xyz', configuration_name: 'invoice-api' },
    at: Date.parse('2025-03-06T17:40:12.003Z'),
  },
  { type: 'cloud_run_job', labels: { project_id: 'acme-billing-prod', location: 'us-central1', job_name: 'nightly-reconcile' }, at: Date.parse('2025-03-08T02:00:41.118Z') },
];

/** Log lines in each sample workload's own logs, one per text secret, in the seconds before detection, wrapped in escapes. */
export const plantedInLogs = {
  entries: workloads.flatMap((w, wi) =>
    textSecrets.map((p, i) => ({
      insertId: `planted-${wi}-${i}`,
      logName: `projects/${w.labels.project_id}/logs/stdout`,
      resource: { type: w.type, labels: w.labels },
      timestamp: new Date(w.at - (i + 1) * 1_000).toISOString(),
      severity: 'ERROR',
      ...(i % 2 === 0 ? { textPayload: `\u001b[2J\u202e${p.text}\u2028` } : { jsonPayload: { message: p.text, config: { password: `S3cr3t-json-${i}` } } }),
    })),
  ),
  secrets: [...textSecrets.map((p) => ({ secret: p.secret, keep: p.keep ?? 0 })), ...textSecrets.map((_, i) => ({ secret: `S3cr3t-json-${i}`, keep: 0 })).filter((_, i) => i % 2 === 1)],
};
