/**
 * The output contract, schemaVersion 1. This zod schema is the source of the shipped JSON Schema
 * (`schema/summary.v1.schema.json`); CI fails when the two differ. Additive changes only.
 */
import { z } from 'zod';
import { families } from '../notification/categories';
import { platforms } from '../notification/resource-name';
import { findingStates, muteStates, severities } from '../notification/schema';
import { sectionNames } from '../plan/section';
import { sectionStatuses } from '../logs/executor';
import { ipScopes } from '../evidence/ip-scope';
import { highlightSchema } from '../evidence/highlight';
import { assessmentSchema } from '../evidence/assessment';
import { nextStepSchema } from '../evidence/next-steps';
import { relatedStatuses } from '../related/run';

/** Overall status: `partial` when some section errored or timed out. */
export const summaryStatuses = ['complete', 'partial'] as const;

const windowSchema = z.object({ start: z.string(), end: z.string() });

const excerptSchema = z.object({
  timestamp: z.string(),
  severity: z.string(),
  log: z.string(),
  resourceType: z.string().optional(),
  insertId: z.string().optional(),
  offset: z.string().optional(),
  indicator: z.literal(true).optional(),
  text: z.string(),
  audit: z
    .object({
      method: z.string().optional(),
      principal: z.string().optional(),
      callerIp: z.string().optional(),
      userAgent: z.string().optional(),
      resourceName: z.string().optional(),
      statusCode: z.number().optional(),
    })
    .optional(),
});

const sectionSchema = z.object({
  name: z.enum(sectionNames),
  status: z.enum(sectionStatuses),
  filter: z.string().optional(),
  resourceNames: z.array(z.string()),
  window: windowSchema,
  explorerUrl: z.string().optional(),
  matched: z.number().int().nonnegative(),
  coverage: z.object({ from: z.string().optional(), to: z.string().optional(), complete: z.boolean() }).optional(),
  entries: z.array(excerptSchema),
  entriesOmitted: z.number().int().positive().optional(),
  error: z.string().optional(),
  retryable: z.boolean().optional(),
  reason: z.string().optional(),
});

const processSchema = z.object({
  name: z.string().optional(),
  binary: z.string(),
  sha256: z.string().optional(),
  partiallyHashed: z.boolean().optional(),
  args: z.array(z.string()),
  argsTruncated: z.boolean().optional(),
  script: z.object({ path: z.string().optional(), sha256: z.string().optional(), excerpt: z.string().optional() }).optional(),
  libraries: z.array(z.object({ path: z.string().optional(), sha256: z.string().optional() })).optional(),
  env: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  pid: z.string().optional(),
  parentPid: z.string().optional(),
  userId: z.string().optional(),
});

const workloadSchema = z.object({
  projectId: z.string(),
  projectNumber: z.string().optional(),
  location: z.string(),
  cluster: z.string().optional(),
  namespace: z.string().optional(),
  pod: z.string().optional(),
  container: z.string().optional(),
  node: z.string().optional(),
  nodeZone: z.string().optional(),
  service: z.string().optional(),
  job: z.string().optional(),
  image: z.string().optional(),
  imageDigest: z.string().optional(),
});

const linkSchema = z.object({ label: z.string(), url: z.string() });

/** The published summary of a `triage` or `update` notification. */
export const summarySchema = z.object({
  kind: z.enum(['triage', 'update']),
  schemaVersion: z.literal(1),
  triageId: z.string(),
  triagedAt: z.string(),
  status: z.enum(summaryStatuses),
  headline: z.string(),
  notification: z.object({
    configName: z.string().optional(),
    messageId: z.string().optional(),
    publishTime: z.string().optional(),
    reanalysis: z.boolean(),
  }),
  finding: z.object({
    name: z.string(),
    canonicalName: z.string().optional(),
    category: z.string(),
    severity: z.enum(severities),
    state: z.enum(findingStates),
    mute: z.enum(muteStates),
    eventTime: z.string(),
    createTime: z.string().optional(),
    source: z.string().optional(),
    consoleUrl: z.string(),
    description: z.string().optional(),
  }),
  classification: z.object({ family: z.enum(families), platform: z.enum(platforms), reason: z.string().optional() }),
  workload: workloadSchema,
  processes: z.array(processSchema),
  network: z
    .object({
      dstIp: z.string().optional(),
      dstPort: z.number().int().optional(),
      srcIp: z.string().optional(),
      srcPort: z.number().int().optional(),
      dstScope: z.enum(ipScopes).optional(),
    })
    .optional(),
  indicators: z.object({
    sha256: z.array(z.string()),
    ips: z.array(z.object({ ip: z.string(), scope: z.enum(ipScopes) })),
    attack: z.array(z.object({ kind: z.enum(['tactic', 'technique']), enum: z.string(), id: z.string().optional(), name: z.string(), url: z.string().optional() })),
    links: z.array(linkSchema),
  }),
  logs: z.array(sectionSchema),
  relatedFindings: z
    .object({
      status: z.enum(relatedStatuses),
      source: z.string().optional(),
      window: windowSchema,
      findings: z.array(z.object({ name: z.string(), category: z.string(), severity: z.string(), state: z.string(), eventTime: z.string(), pod: z.string().optional(), consoleUrl: z.string() })),
      error: z.string().optional(),
      retryable: z.boolean().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  highlights: z.array(highlightSchema),
  assessment: assessmentSchema,
  nextSteps: z.array(nextStepSchema),
  truncation: z
    .object({
      entriesOmitted: z.number().int(),
      highlightsOmitted: z.number().int(),
      processesTrimmed: z.boolean(),
      /** Every list was emptied to fit (only a pathological finding gets here). */
      listsEmptied: z.boolean().optional(),
      /** Some strings were cut further than their field's own bound. */
      stringsShortened: z.boolean().optional(),
    })
    .optional(),
});

/** The summary, as published. */
export type Summary = z.output<typeof summarySchema>;
