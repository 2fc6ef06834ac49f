/** Parsing of `finding.resourceName`, the only trusted source of the platform. */

/** Platforms scc-triage triages. */
export const platforms = ['gke', 'cloud_run_service', 'cloud_run_job'] as const;
/** One of {@link platforms}. */
export type Platform = (typeof platforms)[number];

/** What a resource name says about the workload. */
export interface ParsedResourceName {
  readonly platform: Platform;
  /** The project segment as written: a number or an id. */
  readonly project: string;
  readonly location: string;
  /** Cluster, service or job name, as written: empty when the finding names none (its sections are then skipped, the finding still triaged). */
  readonly name: string;
}

const gkePattern = /^\/\/container\.googleapis\.com\/projects\/([^/]+)\/(?:locations|zones)\/([^/]+)\/clusters\/([^/]*)(?:\/.*)?$/;
const runPattern = /^\/\/run\.googleapis\.com\/projects\/([^/]+)\/locations\/([^/]+)\/(services|jobs)\/([^/]*)(?:\/.*)?$/;

/** Parses a GKE cluster or Cloud Run service/job resource name; undefined for anything else. */
export function parseResourceName(resourceName: string): ParsedResourceName | undefined {
  const gke = gkePattern.exec(resourceName);
  if (gke) return { platform: 'gke', project: gke[1]!, location: gke[2]!, name: gke[3]! };
  const run = runPattern.exec(resourceName);
  if (run) {
    const platform = run[3] === 'jobs' ? 'cloud_run_job' : 'cloud_run_service';
    return { platform, project: run[1]!, location: run[2]!, name: run[4]! };
  }
  return undefined;
}

/** True for a project number (digits only), false for a project id. */
export const isProjectNumber = (project: string): boolean => /^\d+$/.test(project);
