/**
 * The indicator sweep, a follow-up stage beside the identity's: one section over the project's
 * traffic and DNS logs for the finding's network indicators, on spare budget, and the blast radius
 * drawn from it.
 */
import type { Config } from '../config';
import { type SectionResult, runSections } from '../logs/executor';
import type { LogReader } from '../logs/reader';
import type { Finding } from '../notification/schema';
import type { Workload } from '../notification/workload';
import { planContextOf } from '../plan/index';
import { blastRadiusOf } from './blast-radius';
import { planIndicatorSweep, sweepIndicatorsOf } from './plan';
import type { BlastRadius } from './schema';

/** The sweep's answer. */
export interface SweepStage {
  readonly section: SectionResult;
  readonly blastRadius: BlastRadius;
}

/** Runs the sweep. Never throws: a failed read is the section's `error`. */
export async function sweepIndicators(
  workload: Workload,
  finding: Finding,
  reader: LogReader,
  remainingMs: number,
  config: Pick<Config, 'logScope' | 'logWindowBeforeMs' | 'logWindowAfterMs' | 'auditLookbackMs' | 'sectionExcerpts' | 'sectionMaxPages'>,
  /** The workload's own address in the finding (the shell's source): sightings of it are the finding's pod. */
  ownIp?: string,
): Promise<SweepStage> {
  const indicators = sweepIndicatorsOf(finding);
  const plan = planIndicatorSweep(indicators, planContextOf(workload, finding.eventTime, config), workload.projectId);
  const [section] = await runSections([plan], reader, { excerpts: config.sectionExcerpts, deadlineMs: Math.max(1, remainingMs), maxPages: config.sectionMaxPages });
  return {
    section: section!,
    blastRadius: ((radius) => ({
      indicators: { ips: [...indicators.ips], hosts: [...indicators.hosts] },
      peers: radius.peers,
      ...(radius.omitted > 0 ? { peersOmitted: radius.omitted } : {}),
    }))(blastRadiusOf(section!.entries, indicators, workload, ownIp)),
  };
}
