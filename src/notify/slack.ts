/**
 * A Slack Block Kit message for an incoming webhook. Values from the summary sit in mrkdwn inline
 * code spans with `verbatim: true` and `&`, `<`, `>` escaped, so nothing in them becomes bold, a
 * link, a channel or a mention (`<!channel>` included); only labels this file writes are formatted.
 * Every block is bounded by construction to the Block Kit limits in `limits.ts`. Incoming webhooks
 * cannot thread (they return no message timestamp), so an update is a message of its own.
 */
import { type Alert, detailFor, nearestHighlights } from './alert';
import type { AlertLink } from './links';
import { type Detail, detailLevels, slackLimits } from './limits';
import { cut, first, joinWithin, slackCode, slackPlain } from './text';

/** A mrkdwn text object whose plain text Slack leaves as it is (no automatic links or mentions). */
export interface SlackMrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
  readonly verbatim: true;
}

/** A plain_text object. */
export interface SlackPlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji: boolean;
}

/** A link button. */
export interface SlackButton {
  readonly type: 'button';
  readonly text: SlackPlainText;
  readonly url: string;
  readonly action_id: string;
}

/** The blocks this subscriber writes. */
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackPlainText }
  | { readonly type: 'section'; readonly text: SlackMrkdwn }
  | { readonly type: 'section'; readonly fields: readonly SlackMrkdwn[] }
  | { readonly type: 'actions'; readonly elements: readonly SlackButton[] }
  | { readonly type: 'context'; readonly elements: readonly SlackMrkdwn[] };

/** The webhook body. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly unfurl_links: false;
  readonly unfurl_media: false;
}

/** The fallback `text` is what a notification shows; a line or two is enough there. */
const fallbackChars = 500;

const mrkdwn = (text: string): SlackMrkdwn => ({ type: 'mrkdwn', text: cut(text, slackLimits.textObjectChars), verbatim: true });

/** A list section: the items shown, and how many the summary has in all; as many lines as 3,000 characters hold. */
function listSection(header: string, shown: readonly string[], total: number, chars: number): SlackBlock[] {
  if (shown.length === 0) return [];
  const title = `*${header}*`;
  const lines = shown.map((item) => `• ${slackCode(item, chars)}`);
  const body = joinWithin(lines, slackLimits.sectionTextChars - title.length - 1, (left) => `_+${left} more in the summary_`, total);
  return [{ type: 'section', text: mrkdwn(`${title}\n${body}`) }];
}

function factsSection(alert: Alert, detail: Detail): SlackBlock[] {
  const fields = alert.facts
    .slice(0, slackLimits.sectionFields)
    .map((fact) => mrkdwn(`*${fact.label}*\n${slackCode(fact.value, Math.min(detail.valueChars, slackLimits.fieldChars - fact.label.length - 3))}`));
  return fields.length === 0 ? [] : [{ type: 'section', fields }];
}

function actions(alert: Alert, detail: Detail): SlackBlock[] {
  const links: AlertLink[] = [...alert.links, ...(detail.sectionLinks ? alert.sectionLinks : [])].slice(0, slackLimits.actionElements);
  const elements = links.map((link, index): SlackButton => ({
    type: 'button',
    text: { type: 'plain_text', text: slackPlain(link.label, slackLimits.buttonTextChars), emoji: false },
    url: link.url,
    action_id: `link-${index}`,
  }));
  return elements.length === 0 ? [] : [{ type: 'actions', elements }];
}

function headBlocks(alert: Alert, detail: Detail): SlackBlock[] {
  const change = alert.change === undefined ? '' : `\n${slackCode(alert.change, detail.valueChars)}`;
  return [
    { type: 'header', text: { type: 'plain_text', text: slackPlain(`${alert.emoji} ${alert.title}`, slackLimits.headerChars), emoji: true } },
    { type: 'section', text: mrkdwn(`${slackCode(alert.headline, detail.headlineChars)}${change}`) },
  ];
}

/** The message for an alert: every list as long as its section allows, within the Block Kit limits. */
export function slackMessage(alert: Alert, level: Detail = detailLevels[0]!): SlackMessage {
  const detail = detailFor(alert.kind, level);
  const blocks: SlackBlock[] = [
    ...headBlocks(alert, detail),
    ...factsSection(alert, detail),
    ...listSection(`Why ${alert.priority}`, ...first(alert.reasons, detail.reasons), detail.valueChars),
    ...listSection('Highlights', nearestHighlights(alert.highlights, detail.highlights), alert.highlights.length, detail.valueChars),
    ...listSection('Processes', ...first(alert.processes, detail.processes), detail.valueChars),
    ...listSection('Indicators', ...first(alert.indicators, detail.indicators), detail.valueChars),
    ...actions(alert, detail),
    { type: 'context', elements: [mrkdwn(slackCode(alert.footer, 300))] },
  ];
  return {
    text: cut(`${slackPlain(`${alert.emoji} ${alert.title}`, 120)}: ${slackCode(alert.headline, fallbackChars - 130)}`, fallbackChars),
    blocks: blocks.slice(0, slackLimits.blocks),
    unfurl_links: false,
    unfurl_media: false,
  };
}
