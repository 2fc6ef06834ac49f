/**
 * Workload extraction. Real findings drop either side, so each field comes from
 * `sourceProperties` first and falls back to `kubernetes`, `containers` and `resource`.
 */
import { type ParsedResourceName, isProjectNumber, parseResourceName } from './resource-name';
import type { Finding, Notification } from './schema';
import { defined } from '../lib/defined';
import { boundText } from '../lib/sanitize';
import { z } from 'zod';

/** What every workload has. Every value is untrusted text from the finding. */
interface WorkloadBase {
  /** The project id (or, when the finding names no id anywhere, the project number). */
  readonly projectId: string;
  /** False when only the number was found, so log sections cannot filter by project id. */
  readonly projectIdKnown: boolean;
  readonly projectNumber?: string;
  readonly location: string;
  readonly container?: string;
  readonly image?: string;
  readonly imageDigest?: string;
}

/** A GKE pod: its cluster always (from the resource name), the rest when the finding names them. */
export interface GkeWorkload extends WorkloadBase {
  readonly platform: 'gke';
  readonly cluster: string;
  readonly namespace?: string;
  readonly pod?: string;
  readonly node?: string;
  readonly nodeZone?: string;
}

/** A Cloud Run service. */
export interface CloudRunServiceWorkload extends WorkloadBase {
  readonly platform: 'cloud_run_service';
  readonly service: string;
}

/** A Cloud Run job. */
export interface CloudRunJobWorkload extends WorkloadBase {
  readonly platform: 'cloud_run_job';
  readonly job: string;
}

/** Where the finding happened, by platform. */
export type Workload = GkeWorkload | CloudRunServiceWorkload | CloudRunJobWorkload;

/** A Cloud Run workload, service or job. */
export type CloudRunWorkload = CloudRunServiceWorkload | CloudRunJobWorkload;

/** The workload block of the summary: this stage's part of the output contract (the platform is in `classification`). */
export const workloadReportSchema = z.object({
  projectId: z.string().describe('The project the workload runs in (id).'),
  projectNumber: z.string().optional().describe('The project number, when the finding gives it.'),
  location: z.string().describe('The GKE cluster location (region or zone) or the Cloud Run region.'),
  cluster: z.string().optional().describe('GKE: the cluster name.'),
  namespace: z.string().optional().describe("GKE: the pod's Kubernetes namespace."),
  pod: z.string().optional().describe('GKE: the pod name.'),
  container: z.string().optional().describe('GKE: the container the process ran in.'),
  node: z.string().optional().describe('GKE: the node (VM instance) the pod ran on, when the finding names it.'),
  nodeZone: z.string().optional().describe("GKE: the node's zone, when known."),
  service: z.string().optional().describe('Cloud Run: the service name.'),
  job: z.string().optional().describe('Cloud Run: the job name.'),
  image: z.string().optional().describe('The container image as the finding names it.'),
  imageDigest: z.string().optional().describe('The image digest (sha256:...), when the finding gives it.'),
});

/** The workload block, as {@link workloadReportSchema} describes it. */
export type WorkloadReport = Readonly<z.infer<typeof workloadReportSchema>>;

/** Every field name of any member of a union. */
type FieldOf<T> = T extends unknown ? keyof T : never;

/** The workload as the summary reports it, each name (untrusted) cut to `maxChars`. */
export function workloadReport(workload: Workload, maxChars: number): WorkloadReport {
  const { platform: _platform, projectIdKnown: _known, ...fields } = workload;
  // A workload field missing from the schema fails to compile here.
  const report: WorkloadReport & Record<Exclude<FieldOf<Workload>, keyof WorkloadReport | 'platform' | 'projectIdKnown'>, never> = fields;
  return Object.fromEntries(Object.entries(report).map(([key, value]) => [key, boundText(String(value), maxChars)])) as WorkloadReport;
}

type Pod = NonNullable<NonNullable<Finding['kubernetes']>['pods']>[number];

/** Extracts the workload; undefined when the resource is neither GKE nor Cloud Run. */
export function extractWorkload(notification: Notification): Workload | undefined {
  const parsed = parseResourceName(notification.finding.resourceName);
  if (parsed === undefined) return undefined;
  const project = resolveProject(notification, parsed);
  const common = { ...project, location: parsed.location, ...imageOf(notification.finding) };
  const container = notification.finding.containers?.[0]?.name;
  switch (parsed.platform) {
    case 'gke':
      return compact<GkeWorkload>({ ...common, platform: 'gke', cluster: parsed.name, ...podOf(notification.finding), ...nodeOf(notification.finding) });
    case 'cloud_run_service':
      return compact<CloudRunServiceWorkload>({ ...common, platform: 'cloud_run_service', service: parsed.name, container });
    case 'cloud_run_job':
      return compact<CloudRunJobWorkload>({ ...common, platform: 'cloud_run_job', job: parsed.name, container });
    default: {
      const unreachable: never = parsed.platform;
      return unreachable;
    }
  }
}

function resolveProject({ finding, resource }: Notification, parsed: ParsedResourceName) {
  const number = [parsed.project, resource.gcpMetadata?.project, resource.project]
    .map((name) => name?.replace(/^\/\/cloudresourcemanager\.googleapis\.com\/projects\//, ''))
    .find((name) => name !== undefined && isProjectNumber(name));
  const nodeProject = /^\/\/compute\.googleapis\.com\/projects\/([^/]+)\//.exec(finding.kubernetes?.nodes?.[0]?.name ?? '')?.[1];
  const pathProject = resource.resourcePath?.nodes?.find((node) => node.nodeType === 'GCP_PROJECT')?.displayName;
  const id = [parsed.project, resource.gcpMetadata?.projectDisplayName, resource.projectDisplayName, pathProject, nodeProject].find(
    (name): name is string => name !== undefined && name !== '' && !isProjectNumber(name),
  );
  return { projectId: id ?? number ?? parsed.project, projectIdKnown: id !== undefined, projectNumber: number };
}

function podOf(finding: Finding) {
  const props = finding.sourceProperties ?? {};
  const podName = text(props.Pod_Name);
  const pods = finding.kubernetes?.pods ?? [];
  const pod: Pod | undefined = pods.find((candidate) => podName !== undefined && candidate.name === podName) ?? pods[0];
  return {
    namespace: text(props.Pod_Namespace) ?? nonEmpty(pod?.ns),
    pod: podName ?? nonEmpty(pod?.name),
    container: text(props.Container_Name) ?? nonEmpty(pod?.containers?.[0]?.name) ?? nonEmpty(finding.containers?.[0]?.name),
  };
}

function nodeOf(finding: Finding) {
  const nodeResource = finding.kubernetes?.nodes?.[0]?.name ?? finding.kubernetes?.nodePools?.[0]?.nodes?.[0]?.name;
  const fromResource = /\/zones\/([^/]+)\/instances\/([^/]+)$/.exec(nodeResource ?? '');
  return {
    node: text(finding.sourceProperties?.VM_Instance_Name) ?? fromResource?.[2] ?? nonEmpty(nodeResource?.split('/').pop()),
    nodeZone: fromResource?.[1],
  };
}

function imageOf(finding: Finding) {
  const props = finding.sourceProperties ?? {};
  const containers = [...(finding.containers ?? []), ...(finding.kubernetes?.pods?.flatMap((pod) => pod.containers ?? []) ?? [])];
  const image = text(props.Container_Image_Uri) ?? containers.map((c) => nonEmpty(c.uri)).find(Boolean);
  const digest = [image, ...containers.map((c) => c.imageId)].map((ref) => /@(sha256:[0-9a-f]{32,128})$/i.exec(ref ?? '')?.[1]).find(Boolean);
  return { image, imageDigest: digest };
}

/** A sourceProperties value as text: strings as they are, numbers printed; anything else ignored. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Drops undefined keys, so optional fields are absent rather than undefined. */
const compact = <W extends Workload>(value: { [K in keyof W]: W[K] | undefined }): W => defined(value) as W;
