/** Who a principal is: a person, a service account, or the platform itself. */

/** Principal kinds. */
export const principalKinds = ['human', 'service_account', 'kubernetes_service_account', 'google_service_agent', 'system', 'unknown'] as const;
/** One of {@link principalKinds}. */
export type PrincipalKind = (typeof principalKinds)[number];

const rules: readonly { readonly pattern: RegExp; readonly kind: PrincipalKind }[] = [
  { pattern: /^system:serviceaccount:/, kind: 'kubernetes_service_account' },
  { pattern: /^(system:|kubelet$|cluster-autoscaler$)/, kind: 'system' },
  { pattern: /@(gcp-sa-[a-z-]+|cloudservices|container-engine-robot|serverless-robot-prod|cloudbuild)\.iam\.gserviceaccount\.com$/, kind: 'google_service_agent' },
  { pattern: /@[a-z0-9-]+\.iam\.gserviceaccount\.com$|@appspot\.gserviceaccount\.com$|-compute@developer\.gserviceaccount\.com$|@developer\.gserviceaccount\.com$/, kind: 'service_account' },
  // Domain labels exclude the dot that separates them, so there is one way to split a match (linear).
  { pattern: /^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$/, kind: 'human' },
];

/** Tells a human principal from a service account or the platform. */
export function principalKind(principal: string | undefined): PrincipalKind {
  if (principal === undefined || principal === '') return 'unknown';
  return rules.find(({ pattern }) => pattern.test(principal))?.kind ?? 'unknown';
}

/** `alice@acme.example (human)`. */
export function describePrincipal(principal: string): string {
  return `${principal} (${principalKind(principal).replace(/_/g, ' ')})`;
}
