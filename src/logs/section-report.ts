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
  from: z.string().optional(),
  to: z.string().optional(),
  /** True when the whole window was read. */
  complete: z.boolean(),
});

/** A section's coverage, as {@link coverageSchema} describes it. */
export type Coverage = Readonly<z.infer<typeof coverageSchema>>;

/** A section as the summary reports it. */
export const sectionReportSchema = z.object({
  name: z.enum(sectionNames),
  status: z.enum(sectionStatuses),
  filter: z.string().optional(),
  resourceNames: z.array(z.string()),
  window: timeWindowSchema,
  explorerUrl: z.string().optional(),
  /** Distinct entries read. */
  matched: z.number().int().nonnegative(),
  coverage: coverageSchema.optional(),
  /** The most relevant entries, as excerpts, most relevant first. */
  entries: z.array(sectionExcerptSchema),
  /** Excerpts the size bound removed (see `summary/bound.ts`). */
  entriesOmitted: z.number().int().positive().optional(),
  error: z.string().optional(),
  retryable: z.boolean().optional(),
  reason: z.string().optional(),
});

/** A section's report, as {@link sectionReportSchema} describes it. */
export type SectionReport = Readonly<z.infer<typeof sectionReportSchema>>;
