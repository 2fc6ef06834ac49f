/**
 * The output contract, schemaVersion 1, composed from the part each stage owns (each stage's
 * types are derived from its part). This zod schema is the source of the shipped JSON Schema
 * (`schema/summary.v1.schema.json`); CI fails when the two differ. Additive changes only.
 */
import { identityReportSchema } from '../identity/schema';
import { blastRadiusSchema } from '../sweep/schema';
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
export const warningSchema = z.object({
  source: z.enum(warningSources).describe('notification (a field set aside or normalised) or logs (a log source could not read everything).'),
  message: z.string().describe('What was worked around, bounded.'),
});

/** A warning, as {@link warningSchema} describes it. */
export type Warning = Readonly<z.infer<typeof warningSchema>>;

/** What a closure update (INACTIVE, muted) changed, and which summary it closes. */
export const updateSchema = z.object({
  change: z.string().describe('What changed, who made the change and when, as the finding says.'),
  firstTriageIds: z
    .array(z.string())
    .describe(
      "The triageId the finding's first (ACTIVE, unmuted) summary had, one per mute state it could have had, when the update keeps the event time of the first notification. SCC can move the event time on a state change, so match on finding.name as well.",
    ),
});

/** The published summary of a `triage` or `update` notification. */
export const summarySchema = z.object({
  kind: z.enum(['triage', 'update']).describe('triage: an ACTIVE, unmuted finding, with its evidence. update: the finding was closed (INACTIVE) or muted; see update.'),
  schemaVersion: z.literal(1).describe('The contract version. Within a version fields and enum values are only added; a removal or a change of meaning is a new version.'),
  triageId: z.string().describe('Stable id of this finding state: a hash of finding name, event time, state and mute. The same on redelivery and reanalysis, so downstream can deduplicate.'),
  triagedAt: z.string().describe('When the summary was made (RFC 3339).'),
  status: z.enum(summaryStatuses).describe('complete, or partial when a section errored or timed out or a log source could not read everything.'),
  headline: z.string().describe("One line for an alert title: priority and severity (or UPDATE and why), category, workload, and the connection's destination."),
  notification: z
    .object({
      configName: z.string().optional().describe('The SCC notification config that sent it.'),
      messageId: z.string().optional().describe('The Pub/Sub message id of the delivery.'),
      publishTime: z.string().optional().describe('When Pub/Sub received the notification (RFC 3339).'),
      reanalysis: z.boolean().describe('True when the delivery asked for a fresh triage (attribute reanalyze=true, as scc-triage replay sets).'),
    })
    .describe('The delivery this summary answers.'),
  finding: z
    .object({
      name: z.string().describe("The finding's resource name (organizations/O/sources/S/findings/F, or the v2 form with locations/L); what downstream closes or updates by."),
      canonicalName: z.string().optional().describe("The finding's canonical name under its project, when SCC gives it."),
      category: z.string().describe('The SCC category, such as "Reverse Shell" or "Execution: Malicious Python executed".'),
      severity: z.enum(severities).describe("The finding's severity, as SCC sends it."),
      state: z.enum(findingStates).describe('ACTIVE or INACTIVE.'),
      mute: z.enum(muteStates).describe('The mute state.'),
      eventTime: z.string().describe('When the threat was detected (RFC 3339); the log windows are around it.'),
      createTime: z.string().optional().describe('When SCC created the finding (RFC 3339).'),
      source: z.string().optional().describe('The SCC source (Container Threat Detection, Cloud Run Threat Detection).'),
      consoleUrl: z.string().describe("The finding's page in the Google Cloud console."),
      description: z.string().optional().describe("SCC's description of the finding, bounded."),
    })
    .describe('The finding, as SCC sent it.'),
  classification: z
    .object({
      family: z.enum(families).describe('Which playbook applies: reverse_shell, remote_command_execution, malicious_python, other_runtime_threat.'),
      platform: z.enum(platforms).describe('gke, cloud_run_service or cloud_run_job.'),
      reason: z.string().optional().describe('How the family or platform was chosen, when it was not plain.'),
    })
    .describe('How the finding was classified.'),
  workload: workloadReportSchema.describe('Where it happened.'),
  processes: z.array(processReportSchema).describe('The processes the finding reports, the offending one first.'),
  network: networkReportSchema.optional().describe("The finding's connection (reverse shells)."),
  indicators: indicatorsSchema.describe('Hashes, addresses, host names and URLs, with lookup links and ATT&CK references.'),
  logs: z.array(sectionReportSchema).describe('The log sections read for this platform, in a fixed order.'),
  identity: identityReportSchema.optional().describe('The workload’s identity in Google Cloud and what it did around detection (the identity_activity section); absent on updates.'),
  blastRadius: blastRadiusSchema.optional().describe('Who else talked to the attacker’s addresses or resolved its host names in the window (the indicator_sweep section); absent on updates.'),
  relatedFindings: relatedReportSchema.optional().describe('Other findings on the same workload around detection.'),
  highlights: z.array(highlightSchema).describe('The evidence worth a look, from every section, in time order.'),
  assessment: assessmentSchema.describe('The priority and its reasons.'),
  nextSteps: z.array(nextStepSchema).describe('What a responder does next, with commands that are printed, never run.'),
  warnings: z.array(warningSchema).optional().describe('Present when something was worked around: a field of the finding set aside, a log file not read.'),
  update: updateSchema.optional().describe('Present on updates only.'),
  truncation: z
    .object({
      entriesOmitted: z.number().int().describe('Log excerpts removed to fit the message size bound.'),
      highlightsOmitted: z.number().int().describe('Highlights removed to fit.'),
      processesTrimmed: z.boolean().describe('True when processes were removed or shortened to fit.'),
      listsEmptied: z.boolean().optional().describe('Every list was emptied to fit (only a pathological finding gets here).'),
      stringsShortened: z.boolean().optional().describe("Some strings were cut further than their field's own bound."),
    })
    .optional()
    .describe('Present when the summary was cut to fit MAX_MESSAGE_BYTES.'),
});

/** The summary, as published. */
export type Summary = z.output<typeof summarySchema>;
