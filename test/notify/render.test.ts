/**
 * The Google Chat and Slack messages of every bundled sample's real summary (the engine run on the
 * fixtures): valid by each platform's documented payload and limits, nothing that could form a
 * link or mention, and the content a responder needs, with the links back to the full report.
 */
import { type Alert, alertOf, threadKeyOf } from '../../src/notify/alert';
import { chatRequest } from '../../src/notify/google-chat';
import { slackMessage } from '../../src/notify/slack';
import { chatHtml, slackCode } from '../../src/notify/text';
import type { Summary } from '../../src/summary/schema';
import { summaryOf, summarySampleNames } from '../support/summaries';
import { chatMessageSchema, hostileProblems, slackMessageSchema, stringsOf } from '../support/webhook-payloads';

const settings = { reportUrlTemplate: 'https://soc.example/triage/{triageId}', triageLogProject: 'sec-tools-prod' };

const summaries = new Map<string, Summary>();
beforeAll(async () => {
  for (const name of summarySampleNames) summaries.set(name, await summaryOf(name));
});

const alertFor = (name: string): [Summary, Alert] => {
  const summary = summaries.get(name)!;
  return [summary, alertOf(summary, settings)];
};

const buttonsOfChat = (body: any): { text: string; url: string }[] =>
  body.cardsV2[0].card.sections.flatMap((s: any) => s.widgets.flatMap((w: any) => (w.buttonList?.buttons ?? []).map((b: any) => ({ text: b.text, url: b.onClick.openLink.url }))));
const buttonsOfSlack = (body: any): { text: string; url: string }[] =>
  body.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => ({ text: e.text.text, url: e.url })));

// How each platform shows a value from the summary (the hostile tests check that this escaping is enough).
const shownInChat = (text: string) => chatHtml(text, 100_000);
const shownInSlack = (text: string) => slackCode(text, 100_000).slice(1, -1);

describe.each([
  ['Google Chat', 'chat', (alert: Alert) => chatRequest(alert).body, chatMessageSchema, buttonsOfChat, shownInChat],
  ['Slack', 'slack', (alert: Alert) => slackMessage(alert), slackMessageSchema, buttonsOfSlack, shownInSlack],
] as const)('the %s message', (_name, target, render, schema, buttons, shown) => {
  it.each(summarySampleNames)('%s: the documented payload, within its limits, nothing hostile', (name) => {
    const body = render(alertFor(name)[1]);
    expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(hostileProblems(target, body)).toEqual([]);
  });

  it.each(summarySampleNames)('%s: links back to the finding, the report, the triage log and every section', (name) => {
    const [summary, alert] = alertFor(name);
    const links = buttons(render(alert));
    expect(links[0]).toEqual({ text: 'Open in Security Command Center', url: summary.finding.consoleUrl });
    expect(links).toContainEqual({ text: 'Full report', url: `https://soc.example/triage/${summary.triageId}` });
    const log = links.find((l) => l.text === 'Triage log')!;
    expect(decodeURIComponent(log.url)).toContain(`jsonPayload.triageId="${summary.triageId}"`);
    expect(new URL(log.url).searchParams.get('project')).toBe('sec-tools-prod');
    const sections = summary.kind === 'triage' ? summary.logs.filter((s) => s.explorerUrl !== undefined) : [];
    expect(links.filter((l) => l.text.startsWith('Logs: '))).toEqual(sections.map((s) => ({ text: `Logs: ${s.name}`, url: s.explorerUrl })));
  });

  it.each(summarySampleNames.filter((name) => !name.includes('update') && !name.includes('inactive')))('%s: headline, priority, reasons, workload, evidence', (name) => {
    const [summary] = alertFor(name);
    const text = stringsOf(render(alertFor(name)[1]))
      .map((s) => s.text)
      .join('\n');
    expect(text).toContain(`${summary.assessment.priority} · ${summary.finding.severity}`);
    expect(text).toContain(shown(summary.headline));
    expect(text).toContain(shown(summary.assessment.reasons[0]!));
    expect(text).toContain(shown(summary.workload.projectId));
    expect(text).toContain(`Why ${summary.assessment.priority}`);
    if (summary.processes.length > 0) expect(text).toContain(shown(summary.processes[0]!.binary));
    if (summary.network?.dstIp !== undefined) expect(text).toContain(`${summary.network.dstIp} (${summary.network.dstScope})`);
  });
});

describe('what a channel has room for', () => {
  it('the highlights nearest detection, in time order, and a count of the rest', () => {
    const [summary, alert] = alertFor('gke-reverse-shell.json');
    const section = chatRequest(alert).body.cardsV2[0].card.sections.find((s) => s.header === 'Highlights')!;
    const text = (section.widgets[0] as { textParagraph: { text: string } }).textParagraph.text;
    const shown = text.split('<br>').filter((line) => line.startsWith('• '));
    expect(shown).toHaveLength(6);
    expect(text).toContain(`+${summary.highlights.length - 6} more in the summary`);
    // The port-forward half a day before detection is the farthest, so it is the one left out first.
    expect(text).not.toContain('-12h8m');
    const offsets = shown.map((line) => summary.highlights.find((h) => line.startsWith(`• ${h.offset} `))!.at);
    expect(offsets).toEqual([...offsets].sort());
  });
});

describe('updates', () => {
  it.each([
    ['gke-reverse-shell-inactive.json', '✅ Closed · CRITICAL · reverse shell'],
    ['gke-reverse-shell-mute-update.json', '🔕 Muted · CRITICAL · reverse shell'],
  ])('%s is a short message in the first alert’s thread', (name, title) => {
    const [summary, alert] = alertFor(name);
    const [first] = alertFor('gke-reverse-shell.json');
    const chat = chatRequest(alert);
    expect(chat.body.text).toBe(title);
    expect(chat.query).toEqual({ threadKey: threadKeyOf(first.finding.name), messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' });
    expect(summary.finding.name).toBe(first.finding.name);
    const headers = chat.body.cardsV2[0].card.sections.map((s) => s.header);
    expect(headers).not.toContain('Highlights');
    expect(headers).not.toContain('Processes');
    const slack = slackMessage(alert);
    expect(slack.blocks[0]).toMatchObject({ type: 'header', text: { text: title } });
    expect(JSON.stringify(slack)).toContain(summary.update!.change.slice(0, 40));
  });

  it('every finding has its own thread, and the thread key is no secret of the finding', () => {
    const keys = new Set(summarySampleNames.map((name) => chatRequest(alertFor(name)[1]).query.threadKey));
    const findings = new Set(summarySampleNames.map((name) => summaries.get(name)!.finding.name));
    expect(keys.size).toBe(findings.size);
    for (const key of keys) expect(key).toMatch(/^scc-triage-[0-9a-f]{32}$/);
  });
});

describe('links the subscriber cannot vouch for are left out', () => {
  it.each([
    ['http, not https', 'http://console.cloud.google.com/security'],
    ['another host', 'https://console.cloud.google.com.evil.example/x'],
    ['credentials', 'https://user:pw@console.cloud.google.com/x'],
    ['not a URL', 'javascript:alert(1)'],
    ['longer than a Slack button takes', `https://console.cloud.google.com/${'a'.repeat(3_000)}`],
  ])('%s', (_why, url) => {
    const summary = { ...summaries.get('gke-reverse-shell.json')!, finding: { ...summaries.get('gke-reverse-shell.json')!.finding, consoleUrl: url } };
    const alert = alertOf(summary, { reportUrlTemplate: undefined, triageLogProject: undefined });
    expect(buttonsOfChat(chatRequest(alert).body).map((b) => b.url)).not.toContain(url);
    expect(buttonsOfSlack(slackMessage(alert)).some((b) => b.text.startsWith('Open in'))).toBe(false);
  });
});
