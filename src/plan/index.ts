/** Section planning: one table from platform to planner. */
import type { Config } from '../config';
import type { Platform } from '../notification/resource-name';
import type { Workload } from '../notification/workload';
import { planCloudRun } from './cloud-run';
import { planGke } from './gke';
import type { PlanContext, SectionPlan } from './section';
import { windowAround } from '../lib/time';

const planners: Readonly<Record<Platform, (w: Workload, context: PlanContext) => SectionPlan[]>> = {
  gke: planGke,
  cloud_run_service: planCloudRun,
  cloud_run_job: planCloudRun,
};

/** The settings planning reads. */
export type PlanSettings = Pick<Config, 'logScope' | 'logWindowBeforeMs' | 'logWindowAfterMs' | 'auditLookbackMs'>;

/** Plans every section of the workload's platform, in their stable order; `indicators` get a query of their own. */
export function planSections(workload: Workload, eventTime: string, settings: PlanSettings, indicators: readonly string[] = []): SectionPlan[] {
  const scope = settings.logScope;
  const context: PlanContext = {
    eventTime,
    resourceNames: scope ?? [`projects/${workload.projectId}`],
    views: scope?.some((name) => name.includes('/views/')) ? scope.filter((name) => name.includes('/views/')) : undefined,
    logsWindow: windowAround(eventTime, settings.logWindowBeforeMs, settings.logWindowAfterMs),
    auditWindow: windowAround(eventTime, settings.auditLookbackMs, settings.logWindowAfterMs),
    indicators,
  };
  return planners[workload.platform](workload, context);
}
