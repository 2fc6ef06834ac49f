/** Text rendering of `scc-triage queries`. */
import { escapeStrings, oneLine } from '../lib/sanitize';

/** What `queries` shows. */
export interface PlanView {
  readonly kind: string;
  readonly reason?: string;
  readonly family?: string;
  readonly platform?: string;
  readonly sections: readonly {
    readonly name: string;
    readonly status: string;
    readonly filter?: string;
    readonly reason?: string;
    readonly explorerUrl?: string;
    readonly resourceNames: readonly string[];
  }[];
}

/**
 * One block per section: its filter as sent, where it reads, and its Explorer link. The view is
 * escaped as a whole first: filters quote names from the finding, and none of them may reach the
 * terminal as a raw escape. A filter is split into its lines first, as its line breaks are its own.
 */
export function renderPlan(plan: PlanView): string {
  const view = escapeStrings({ ...plan, sections: plan.sections.map((section) => ({ ...section, filterLines: section.filter?.split('\n') })) });
  const head = view.kind === 'skipped' ? `skipped: ${oneLine(view.reason ?? '', 200)}` : `${view.kind} ${view.family} ${view.platform}`;
  const sections = view.sections.flatMap((section) => [
    '',
    `# ${section.name} (${section.status})  resourceNames: ${section.resourceNames.map((n) => oneLine(n, 120)).join(', ')}`,
    ...(section.filterLines === undefined ? [`  ${oneLine(section.reason ?? '', 200)}`] : [...section.filterLines, `# ${section.explorerUrl}`]),
  ]);
  return `${[head, ...sections].join('\n')}\n`;
}
