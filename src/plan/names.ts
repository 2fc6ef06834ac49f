/**
 * Validators for the names that go into filters. A value that is not a valid name of its kind
 * never reaches a filter: the section that needs it is skipped with a reason.
 */

import { escapeUnsafe, clip } from '../lib/sanitize';
import { isProjectNumber } from '../notification/resource-name';

/** Kinds of names scc-triage puts into filters. */
export const nameKinds = [
  'project',
  'location',
  'cluster',
  'namespace',
  'pod',
  'node',
  'zone',
  'runService',
  'runJob',
  'runRevision',
  'runExecution',
  'projectNumber',
  'kubernetesServiceAccount',
  'serviceAccountEmail',
] as const;
/** One of {@link nameKinds}. */
export type NameKind = (typeof nameKinds)[number];

const rfc1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const rfc1123Subdomain = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const rfc1035Label = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

const rules: Readonly<Record<NameKind, { readonly pattern: RegExp; readonly what: string }>> = {
  project: { pattern: /^([a-z][-a-z0-9.]{0,61}[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9]$/, what: 'Google Cloud project id' },
  location: { pattern: /^[a-z]+(-[a-z]+)*[0-9]+(-[a-z])?$/, what: 'Google Cloud region or zone' },
  cluster: { pattern: rfc1035Label, what: 'GKE cluster name' },
  namespace: { pattern: rfc1123Label, what: 'Kubernetes namespace (RFC 1123 label)' },
  pod: { pattern: rfc1123Subdomain, what: 'Kubernetes pod name (RFC 1123 subdomain)' },
  node: { pattern: rfc1035Label, what: 'Compute Engine instance name' },
  zone: { pattern: /^[a-z]+(-[a-z]+)*[0-9]+-[a-z]$/, what: 'Compute Engine zone' },
  runService: { pattern: rfc1035Label, what: 'Cloud Run service name' },
  runJob: { pattern: rfc1035Label, what: 'Cloud Run job name' },
  runRevision: { pattern: rfc1035Label, what: 'Cloud Run revision name' },
  runExecution: { pattern: rfc1035Label, what: 'Cloud Run job execution name' },
  projectNumber: { pattern: /^[1-9][0-9]{0,19}$/, what: 'Google Cloud project number' },
  kubernetesServiceAccount: { pattern: rfc1123Subdomain, what: 'Kubernetes service account name (RFC 1123 subdomain)' },
  // User-managed (NAME@PROJECT.iam.gserviceaccount.com) and the Compute Engine default (N-compute@developer.gserviceaccount.com).
  serviceAccountEmail: {
    pattern: /^([a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com|[1-9][0-9]{0,19}-compute@developer\.gserviceaccount\.com)$/,
    what: 'Google service account email',
  },
};

/** True for a valid project id, or a project number, which Google's APIs take wherever they take an id. */
export const isProjectIdOrNumber = (value: string): boolean => isValidName('project', value) || isProjectNumber(value);

/** True when the value is a valid name of that kind. */
export function isValidName(kind: NameKind, value: string): boolean {
  return rules[kind].pattern.test(value);
}

/** One name a section needs: which workload field, its value (if any) and its kind. */
export interface NameRequirement {
  readonly field: string;
  readonly value: string | undefined;
  readonly kind: NameKind;
}

/** Why the names cannot be used, or undefined when all are present and valid. */
export function nameProblem(requirements: readonly NameRequirement[]): string | undefined {
  for (const { field, value, kind } of requirements) {
    if (value === undefined || value === '') return `the finding names no ${field}`;
    if (!isValidName(kind, value)) {
      return `workload.${field} ${previewValue(value)} is not a valid ${rules[kind].what}`;
    }
  }
  return undefined;
}

/** Requirements keyed by the field they name, in the order they are checked. */
export type NamedRequirements = Readonly<Record<string, Omit<NameRequirement, 'field'>>>;

/**
 * Checks named requirements in their order; the values as plain strings when every one is present
 * and valid, so the filters built from them need no assertions.
 */
export function checkNames<R extends Readonly<Record<string, Omit<NameRequirement, 'field'>>>>(
  requirements: R,
): { readonly names: { readonly [K in keyof R]: string } } | { readonly problem: string } {
  const problem = nameProblem(Object.entries(requirements).map(([field, requirement]) => ({ field, ...requirement })));
  if (problem !== undefined) return { problem };
  return { names: Object.fromEntries(Object.entries(requirements).map(([field, { value }]) => [field, value])) as { readonly [K in keyof R]: string } };
}

/** A bounded, quoted, escaped preview of untrusted text for reasons and reports. */
export function previewValue(value: string, max = 80): string {
  return escapeUnsafe(JSON.stringify(clip(value, max)));
}
