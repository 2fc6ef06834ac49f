/**
 * A Google Chat card message (`cardsV2`) for an incoming webhook. Card text is a small HTML
 * subset, so every value from the summary is entity-escaped (no tag, link or `<users/all>` can
 * form) and only this file writes tags. The message is held to Chat's 32,000 bytes by taking the
 * next, shorter level of detail until it fits; it is threaded by finding with `threadKey`.
 */
import { type Alert, detailFor, nearestHighlights } from './alert';
import type { AlertLink } from './links';
import { type Detail, chatLimits, detailLevels } from './limits';
import { chatHtml, cut, first } from './text';

/** A card widget this subscriber writes. */
export type ChatWidget =
  | { readonly textParagraph: { readonly text: string } }
  | { readonly decoratedText: { readonly topLabel: string; readonly text: string; readonly wrapText: true } }
  | { readonly buttonList: { readonly buttons: readonly ChatButton[] } };

/** A button that opens a link. */
export interface ChatButton {
  readonly text: string;
  readonly onClick: { readonly openLink: { readonly url: string } };
}

/** A card section. */
export interface ChatSection {
  readonly header?: string;
  readonly widgets: readonly ChatWidget[];
}

/** The message body, as spaces.messages.create takes it. */
export interface ChatMessage {
  readonly text: string;
  readonly cardsV2: readonly [{ readonly cardId: string; readonly card: { readonly header: { readonly title: string; readonly subtitle: string }; readonly sections: readonly ChatSection[] } }];
}

/** The request: the body, and the query parameters that thread it. */
export interface ChatRequest {
  readonly body: ChatMessage;
  readonly query: Readonly<Record<string, string>>;
}

/** The reply option that puts a message in its key's thread, or starts the thread when there is none yet. */
export const chatReplyOption = 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD';

const paragraph = (text: string): ChatWidget => ({ textParagraph: { text } });

/** A list section: the items shown, and how many the summary has in all. */
function listSection(header: string, shown: readonly string[], total: number, chars: number): ChatSection[] {
  if (shown.length === 0) return [];
  const lines = shown.map((item) => `• ${chatHtml(item, chars)}`);
  if (total > shown.length) lines.push(`<i>+${total - shown.length} more in the summary</i>`);
  return [{ header, widgets: [paragraph(lines.join('<br>'))] }];
}

const button = (link: AlertLink): ChatButton => ({ text: link.label, onClick: { openLink: { url: link.url } } });

function linkSection(alert: Alert, detail: Detail): ChatSection[] {
  const links = [...alert.links, ...(detail.sectionLinks ? alert.sectionLinks : [])];
  return links.length === 0 ? [] : [{ widgets: [{ buttonList: { buttons: links.map(button) } }] }];
}

function sectionsOf(alert: Alert, detail: Detail): ChatSection[] {
  const change = alert.change === undefined ? [] : [paragraph(chatHtml(alert.change, detail.valueChars))];
  const facts: ChatWidget[] = alert.facts.map((fact) => ({ decoratedText: { topLabel: fact.label, text: chatHtml(fact.value, detail.valueChars), wrapText: true } }));
  return [
    { widgets: [paragraph(`<b>${chatHtml(alert.headline, detail.headlineChars)}</b>`), ...change] },
    ...listSection(`Why ${alert.priority}`, ...first(alert.reasons, detail.reasons), detail.valueChars),
    ...(facts.length === 0 ? [] : [{ header: 'Workload', widgets: facts }]),
    ...listSection('Highlights', nearestHighlights(alert.highlights, detail.highlights), alert.highlights.length, detail.valueChars),
    ...listSection('Processes', ...first(alert.processes, detail.processes), detail.valueChars),
    ...listSection('Indicators', ...first(alert.indicators, detail.indicators), detail.valueChars),
    ...linkSection(alert, detail),
    { widgets: [paragraph(`<font color="#5f6368">${chatHtml(alert.footer, 200)}</font>`)] },
  ];
}

/** The message at one level of detail. */
export function chatMessageAt(alert: Alert, level: Detail): ChatMessage {
  const detail = detailFor(alert.kind, level);
  const title = `${alert.emoji} ${alert.title}`;
  return {
    // Closed vocabularies only: the notification line needs no escaping.
    text: cut(title, chatLimits.textChars),
    cardsV2: [{ cardId: 'scc-triage-summary', card: { header: { title, subtitle: alert.subtitle }, sections: sectionsOf(alert, detail) } }],
  };
}

/** UTF-8 bytes of the message as sent. */
export const chatMessageBytes = (message: ChatMessage): number => Buffer.byteLength(JSON.stringify(message), 'utf8');

/** The fullest message that fits Chat's size limit, threaded by finding. */
export function chatRequest(alert: Alert): ChatRequest {
  let message = chatMessageAt(alert, detailLevels[0]!);
  for (const level of detailLevels.slice(1)) {
    if (chatMessageBytes(message) <= chatLimits.messageBytes) break;
    message = chatMessageAt(alert, level);
  }
  return { body: message, query: { threadKey: alert.threadKey, messageReplyOption: chatReplyOption } };
}
