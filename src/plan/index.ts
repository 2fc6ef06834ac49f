/** Section planning: the planner of each platform, by an exhaustive switch on the workload. */
import type { Config } from '../config';
import type { Workload } from '../notification/workload';
import { planCloudRun } from './cloud-run';
import { planGke } from './gke';
import type { PlanContext, SectionPlan } from './section';
import { windowAround } from '../lib/time';

/** The planner of the workload's platform. */
function planFor(workload: Workload, context: PlanContext): SectionPlan[] {
  switch (workload.platform) {
    case 'gke':
      return planGke(workload, context);
    case 'cloud_run_service':
    case 'cloud_run_job':
      return planCloudRun(workload, context);
    default: {
      const unreachable: never = workload;
      return unreachable;
    }
  }
}

/** The settings planning reads. */
export type PlanSettings = Pick<Config, 'logScope' | 'logWindowBeforeMs' | 'logWindowAfterMs' | 'auditLookbackMs'>;

/** Plans every section of the workload's platform, in their stable order; `indicators` get a query of their own. */
export function planSections(workload: Workload, eventTime: string, settings: PlanSettings, indicators: readonly string[] = []): SectionPlan[] {
  return planFor(workload, planContextOf(workload, eventTime, settings, indicators));
}

/** Where and when the workload's sections read: the resource names (LOG_SCOPE or its project) and the windows around detection. */
export function planContextOf(workload: Workload, eventTime: string, settings: PlanSettings, indicators: readonly string[] = []): PlanContext {
  const scope = settings.logScope;
  return {
    eventTime,
    resourceNames: scope ?? [`projects/${workload.projectId}`],
    views: scope?.some((name) => name.includes('/views/')) ? scope.filter((name) => name.includes('/views/')) : undefined,
    logsWindow: windowAround(eventTime, settings.logWindowBeforeMs, settings.logWindowAfterMs),
    auditWindow: windowAround(eventTime, settings.auditLookbackMs, settings.logWindowAfterMs),
    indicators,
  };
}
