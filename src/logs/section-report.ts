/** A log section as the summary reports it: this stage's part of the output contract, its types derived from it. */
import { z } from 'zod';
import { sectionNames } from '../plan/section';
import { timeWindowSchema } from '../lib/time';
import { sectionExcerptSchema } from './excerpt';

/** Section outcomes. */
export const sectionStatuses = ['ok', 'empty', 'truncated', 'error', 'skipped'] as const;
/** One of {@link sectionStatuses}. */
export type SectionStatus = (typeof sectionStatuses)[number];

/** The part of a section's window read completely; `from`/`to` are absent when nothing was. */
export const coverageSchema = z.object({
  from: z.string().optional().describe('Start of the part of the window read completely (RFC 3339).'),
  to: z.string().optional().describe('End of the part of the window read completely (RFC 3339).'),
  complete: z.boolean().describe('True when the whole window was read.'),
});

/** A section's coverage, as {@link coverageSchema} describes it. */
export type Coverage = Readonly<z.infer<typeof coverageSchema>>;

/** A section as the summary reports it. */
export const sectionReportSchema = z.object({
  name: z
    .enum(sectionNames)
    .describe(
      'The section: pod_logs, cluster_audit, node_logs (GKE), run_logs, run_audit (Cloud Run), identity_activity (what the workload’s identity did) and indicator_sweep (who else talked to the attacker’s addresses), both platforms, read last, on spare budget.',
    ),
  status: z
    .enum(sectionStatuses)
    .describe('ok (entries found), empty (none in the window), truncated (more matched than were read), error (the read failed; see error and retryable), skipped (not run; see reason).'),
  filter: z.string().optional().describe('The exact Cloud Logging filter sent, selector and time bounds; every value from the finding is quoted.'),
  resourceNames: z.array(z.string()).describe('Where the section read: projects/P, or the LOG_SCOPE resource names (bucket views).'),
  window: timeWindowSchema.describe('The time window the section reads, around detection.'),
  explorerUrl: z.string().optional().describe('Logs Explorer link that runs the same query over the same window.'),
  matched: z.number().int().nonnegative().describe('Distinct entries read.'),
  coverage: coverageSchema.optional().describe('The part of the window read completely; absent when the section was not read.'),
  entries: z.array(sectionExcerptSchema).describe('The most relevant entries, as bounded excerpts, most relevant first.'),
  entriesOmitted: z.number().int().positive().optional().describe("Excerpts the summary's size bound removed."),
  error: z.string().optional().describe('Why the read failed (status error).'),
  retryable: z.boolean().optional().describe('Whether a later read could succeed (status error).'),
  reason: z.string().optional().describe('Why the section was skipped or truncated.'),
});

/** A section's report, as {@link sectionReportSchema} describes it. */
export type SectionReport = Readonly<z.infer<typeof sectionReportSchema>>;
