/** The one-line headline, fit for an alert title. */
import type { InScope } from '../notification/classify';
import type { Finding } from '../notification/schema';
import type { Workload } from '../notification/workload';
import type { NetworkReport } from '../evidence/processes';
import { oneLine } from '../lib/sanitize';

const platformLabels = { gke: 'GKE', cloud_run_service: 'Cloud Run service', cloud_run_job: 'Cloud Run job' } as const;

/** Where it happened, in a few words. */
export function workloadLabel(w: Workload): string {
  switch (w.platform) {
    case 'gke': {
      const pod = w.pod === undefined ? 'unknown pod' : `${w.namespace ?? '?'}/${w.pod}`;
      return `pod ${pod} (GKE ${w.cluster}, ${w.projectId})`;
    }
    case 'cloud_run_service':
      return `${platformLabels[w.platform]} ${w.service} (${w.location}, ${w.projectId})`;
    case 'cloud_run_job':
      return `${platformLabels[w.platform]} ${w.job} (${w.location}, ${w.projectId})`;
    default: {
      const unreachable: never = w;
      return unreachable;
    }
  }
}

/** `[CRITICAL] Reverse Shell in pod payments/checkout-… (GKE payments-gke-1, acme-payments-prod) → 203.0.113.45:4444`. */
export function headlineOf(finding: Finding, classification: InScope, workload: Workload, network: NetworkReport | undefined, priority: string): string {
  const prefix = classification.kind === 'update' ? `[UPDATE: ${classification.reason}] ` : `[${priority} ${finding.severity}] `;
  const destination = network?.dstIp === undefined ? '' : ` → ${network.dstIp}${network.dstPort === undefined ? '' : `:${network.dstPort}`}`;
  return oneLine(`${prefix}${finding.category} in ${workloadLabel(workload)}${destination}`, 200);
}
