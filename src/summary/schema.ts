/**
 * The output contract, schemaVersion 1, composed from the part each stage owns (each stage's
 * types are derived from its part). This zod schema is the source of the shipped JSON Schema
 * (`schema/summary.v1.schema.json`); CI fails when the two differ. Additive changes only.
 */
import { z } from 'zod';
import { families } from '../notification/categories';
import { platforms } from '../notification/resource-name';
import { findingStates, muteStates, severities } from '../notification/schema';
import { workloadReportSchema } from '../notification/workload';
import { sectionReportSchema } from '../logs/section-report';
import { relatedReportSchema } from '../related/run';
import { highlightSchema } from '../evidence/highlight';
import { assessmentSchema } from '../evidence/assessment';
import { indicatorsSchema } from '../evidence/indicators';
import { nextStepSchema } from '../evidence/step';
import { networkReportSchema, processReportSchema } from '../evidence/processes';

/** Overall status: `partial` when some section errored or timed out, or the log source could not read everything. */
export const summaryStatuses = ['complete', 'partial'] as const;

/** Where a warning comes from: the notification (a field set aside or normalised) or the log source. */
export const warningSources = ['notification', 'logs'] as const;

/** Something the triage worked around, said once. */
export const warningSchema = z.object({ source: z.enum(warningSources), message: z.string() });

/** A warning, as {@link warningSchema} describes it. */
export type Warning = Readonly<z.infer<typeof warningSchema>>;

/** What a closure update (INACTIVE, muted) changed, and which summary it closes. */
export const updateSchema = z.object({
  /** What changed, who made the change and when, as the finding says. */
  change: z.string(),
  /**
   * The triageId the finding's first (ACTIVE, unmuted) summary had, one per mute state it could
   * have had, when the update keeps the event time of the first notification. SCC can move the
   * event time on a state change, so match on `finding.name` as well.
   */
  firstTriageIds: z.array(z.string()),
});

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
  workload: workloadReportSchema,
  processes: z.array(processReportSchema),
  network: networkReportSchema.optional(),
  indicators: indicatorsSchema,
  logs: z.array(sectionReportSchema),
  relatedFindings: relatedReportSchema.optional(),
  highlights: z.array(highlightSchema),
  assessment: assessmentSchema,
  nextSteps: z.array(nextStepSchema),
  /** Present when something was worked around: a field of the finding set aside, a log file not read. */
  warnings: z.array(warningSchema).optional(),
  /** Present on updates only. */
  update: updateSchema.optional(),
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
