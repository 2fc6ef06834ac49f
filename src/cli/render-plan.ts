/** Text rendering of `scc-triage queries`. */
import { oneLine } from '../summary/sanitize';

/** What `queries` shows. */
export interface PlanView {
  readonly kind: string;
  readonly reason?: string;
  readonly family?: string;
  readonly platform?: string;
  readonly sections: readonly { readonly name: string; readonly status: string; readonly filter?: string; readonly reason?: string; readonly explorerUrl?: string; readonly resourceNames: readonly string[] }[];
}

/** One block per section: its filter as sent, where it reads, and its Explorer link. */
export function renderPlan(view: PlanView): string {
  const head = view.kind === 'skipped' ? `skipped: ${oneLine(view.reason ?? '', 200)}` : `${view.kind} ${view.family} ${view.platform}`;
  const sections = view.sections.flatMap((section) => [
    '',
    `# ${section.name} (${section.status})  resourceNames: ${section.resourceNames.map((n) => oneLine(n, 120)).join(', ')}`,
    ...(section.filter === undefined ? [`  ${oneLine(section.reason ?? '', 200)}`] : [section.filter, `# ${section.explorerUrl}`]),
  ]);
  return `${[head, ...sections].join('\n')}\n`;
}
