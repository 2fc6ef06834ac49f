/**
 * The SCC NotificationMessage as it arrives: proto3 JSON, camelCase, v1 or v2 format. Objects are
 * loose (unknown fields are kept: Google adds Finding fields often); int64 fields may be strings
 * or numbers and come out as strings.
 */
import { z } from 'zod';

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp with 0–9 fractional digits, kept as written. */
export const timestampSchema = z.string().refine((text) => rfc3339.test(text) && !Number.isNaN(Date.parse(text)), {
  message: 'expected an RFC 3339 timestamp such as 2025-03-04T14:22:31.418Z',
});

/** proto3 int64: a decimal string or a safe integer, normalised to a string. */
export const int64Schema = z.union([z.string().regex(/^-?\d{1,20}$/, 'expected an integer'), z.number().int()]).transform((value) => String(value));

const fileSchema = z.looseObject({
  path: z.string().optional(),
  size: int64Schema.optional(),
  sha256: z.string().optional(),
  hashedSize: int64Schema.optional(),
  partiallyHashed: z.boolean().optional(),
  contents: z.string().optional(),
});

const envVariableSchema = z.looseObject({ name: z.string().optional(), val: z.string().optional() });

const processSchema = z.looseObject({
  name: z.string().optional(),
  binary: fileSchema.optional(),
  libraries: z.array(fileSchema).optional(),
  script: fileSchema.optional(),
  args: z.array(z.string()).optional(),
  argumentsTruncated: z.boolean().optional(),
  envVariables: z.array(envVariableSchema).optional(),
  envVariablesTruncated: z.boolean().optional(),
  pid: int64Schema.optional(),
  parentPid: int64Schema.optional(),
  userId: int64Schema.optional(),
});

const labelSchema = z.looseObject({ name: z.string().optional(), value: z.string().optional() });

const containerSchema = z.looseObject({
  name: z.string().optional(),
  uri: z.string().optional(),
  imageId: z.string().optional(),
  labels: z.array(labelSchema).optional(),
  createTime: z.string().optional(),
});

const podSchema = z.looseObject({
  ns: z.string().optional(),
  name: z.string().optional(),
  labels: z.array(labelSchema).optional(),
  containers: z.array(containerSchema).optional(),
});

const nodeSchema = z.looseObject({ name: z.string().optional() });

const kubernetesSchema = z.looseObject({
  pods: z.array(podSchema).optional(),
  nodes: z.array(nodeSchema).optional(),
  nodePools: z.array(z.looseObject({ name: z.string().optional(), nodes: z.array(nodeSchema).optional() })).optional(),
});

const mitreSchema = z.looseObject({
  primaryTactic: z.string().optional(),
  primaryTechniques: z.array(z.string()).optional(),
  additionalTactics: z.array(z.string()).optional(),
  additionalTechniques: z.array(z.string()).optional(),
  version: z.string().optional(),
});

/** Finding states SCC sends. */
export const findingStates = ['ACTIVE', 'INACTIVE', 'STATE_UNSPECIFIED'] as const;
/** Finding severities SCC sends. */
export const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'SEVERITY_UNSPECIFIED'] as const;
/** Mute states SCC sends (v1 and v2 share the strings). */
export const muteStates = ['MUTED', 'UNMUTED', 'UNDEFINED', 'MUTE_UNSPECIFIED'] as const;

/** A finding severity. */
export type Severity = (typeof severities)[number];
/** A finding state. */
export type FindingState = (typeof findingStates)[number];
/** A finding mute state. */
export type MuteState = (typeof muteStates)[number];

/** The SCC Finding fields scc-triage reads; everything else is kept as it came. */
export const findingSchema = z.looseObject({
  name: z.string().min(1, 'must not be empty'),
  canonicalName: z.string().optional(),
  parent: z.string().optional(),
  resourceName: z.string().min(1, 'must not be empty'),
  state: z.enum(findingStates),
  category: z.string().min(1, 'must not be empty'),
  severity: z.enum(severities).default('SEVERITY_UNSPECIFIED'),
  mute: z.enum(muteStates).default('MUTE_UNSPECIFIED'),
  findingClass: z.string().optional(),
  eventTime: timestampSchema,
  createTime: timestampSchema.optional(),
  muteUpdateTime: z.string().optional(),
  muteInitiator: z.string().optional(),
  sourceProperties: z.record(z.string(), z.unknown()).optional(),
  processes: z.array(processSchema).optional(),
  containers: z.array(containerSchema).optional(),
  kubernetes: kubernetesSchema.optional(),
  indicator: z.looseObject({ ipAddresses: z.array(z.string()).optional(), domains: z.array(z.string()).optional() }).optional(),
  mitreAttack: mitreSchema.optional(),
  parentDisplayName: z.string().optional(),
  description: z.string().optional(),
  externalUri: z.string().optional(),
  contacts: z.record(z.string(), z.unknown()).optional(),
});

const gcpMetadataSchema = z.looseObject({
  project: z.string().optional(),
  projectDisplayName: z.string().optional(),
  parent: z.string().optional(),
  parentDisplayName: z.string().optional(),
});

const resourceSchema = z.looseObject({
  name: z.string().optional(),
  displayName: z.string().optional(),
  type: z.string().optional(),
  project: z.string().optional(),
  projectDisplayName: z.string().optional(),
  location: z.string().optional(),
  gcpMetadata: gcpMetadataSchema.optional(),
  resourcePath: z
    .looseObject({
      nodes: z.array(z.looseObject({ nodeType: z.string().optional(), id: z.string().optional(), displayName: z.string().optional() })).optional(),
    })
    .optional(),
});

/** The NotificationMessage: `{notificationConfigName, finding, resource}`. */
export const notificationSchema = z.looseObject({
  notificationConfigName: z.string().optional(),
  finding: findingSchema,
  resource: resourceSchema.default({}),
});

/** A validated SCC notification. */
export type Notification = z.output<typeof notificationSchema>;
/** A validated SCC finding. */
export type Finding = Notification['finding'];
/** One process of a finding. */
export type FindingProcess = z.output<typeof processSchema>;
/** One file of a finding (binary, script, library). */
export type FindingFile = z.output<typeof fileSchema>;
