/**
 * The documented payloads of the two incoming webhooks, as zod schemas with their limits, written
 * here from the platforms' documentation and not imported from `src/`, so a wrong limit in the
 * code cannot make its own check pass. Strict objects: a field neither platform documents fails.
 * On top of the shape, `hostileProblems` checks that no text can form a link, mention or markup.
 *
 * Google Chat: https://developers.google.com/workspace/chat/api/reference/rest/v1/cards,
 * https://developers.google.com/workspace/chat/create-messages (32,000 bytes), text 4,096 characters
 * (the API's 400 "Maximum length of the field is 4096"), https://developers.google.com/workspace/chat/format-messages.
 * Slack: https://docs.slack.dev/reference/block-kit/blocks and the block, element and text-object pages under it.
 */
import { z } from 'zod';

const chatButton = z.strictObject({ text: z.string().min(1), onClick: z.strictObject({ openLink: z.strictObject({ url: z.url({ protocol: /^https$/ }) }) }) });

const chatWidget = z.union([
  z.strictObject({ textParagraph: z.strictObject({ text: z.string().min(1) }) }),
  z.strictObject({ decoratedText: z.strictObject({ topLabel: z.string().optional(), text: z.string().min(1), wrapText: z.boolean().optional() }) }),
  z.strictObject({ buttonList: z.strictObject({ buttons: z.array(chatButton).min(1) }) }),
]);

const chatCard = z
  .strictObject({
    header: z.strictObject({ title: z.string().min(1), subtitle: z.string().optional() }),
    sections: z.array(z.strictObject({ header: z.string().optional(), widgets: z.array(chatWidget).min(1) })).min(1),
  })
  .refine((card) => card.sections.reduce((n, s) => n + s.widgets.length, 0) <= 100, 'a card holds at most 100 widgets');

/** A Google Chat message with a card, as an incoming webhook takes it. */
export const chatMessageSchema = z
  .strictObject({ text: z.string().max(4_096).optional(), cardsV2: z.array(z.strictObject({ cardId: z.string().min(1), card: chatCard })).min(1) })
  .refine((message) => Buffer.byteLength(JSON.stringify(message)) <= 32_000, 'a message is at most 32,000 bytes');

const text = (max: number) => z.string().min(1).max(max);
const mrkdwn = (max = 3_000) => z.strictObject({ type: z.literal('mrkdwn'), text: text(max), verbatim: z.boolean().optional() });
const plain = (max: number) => z.strictObject({ type: z.literal('plain_text'), text: text(max), emoji: z.boolean().optional() });

const slackBlock = z.union([
  z.strictObject({ type: z.literal('header'), text: plain(150), block_id: z.string().max(255).optional() }),
  z.strictObject({ type: z.literal('section'), text: z.union([mrkdwn(), plain(3_000)]), block_id: z.string().max(255).optional() }),
  z.strictObject({
    type: z.literal('section'),
    fields: z
      .array(z.union([mrkdwn(2_000), plain(2_000)]))
      .min(1)
      .max(10),
  }),
  z.strictObject({
    type: z.literal('context'),
    elements: z
      .array(z.union([mrkdwn(), plain(3_000)]))
      .min(1)
      .max(10),
  }),
  z.strictObject({
    type: z.literal('actions'),
    elements: z
      .array(z.strictObject({ type: z.literal('button'), text: plain(75), url: z.url({ protocol: /^https$/ }).max(3_000), action_id: z.string().max(255).optional() }))
      .min(1)
      .max(25),
  }),
  z.strictObject({ type: z.literal('divider') }),
]);

/** A Slack Block Kit message, as an incoming webhook takes it. */
export const slackMessageSchema = z.strictObject({
  text: z.string().min(1).max(40_000),
  blocks: z.array(slackBlock).min(1).max(50),
  unfurl_links: z.boolean().optional(),
  unfurl_media: z.boolean().optional(),
});

/** Every string of a JSON value with its path, for checks that must see all of them. */
export function stringsOf(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsOf(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => stringsOf(item, path === '' ? key : `${path}.${key}`));
  return [];
}

const entity = /&(amp|lt|gt|quot);/g;
// The only tags the Chat renderer may write; anything else would be markup from the summary.
const chatTags = /<\/?b>|<\/?i>|<br>|<font color="#[0-9a-f]{6}">|<\/font>/g;

/** Why a string of a Chat message could form markup, a link or a mention, or undefined. */
function chatProblem(path: string, value: string): string | undefined {
  if (path.endsWith('.url')) return undefined;
  const bare = value.replace(chatTags, '').replace(entity, '');
  if (/[<>&]/.test(bare)) return `unescaped markup in ${path}: ${value.slice(0, 80)}`;
  if (/:\/\//.test(value)) return `a live URL in ${path}`;
  return undefined;
}

const labels = 'Why P[1-4]|Highlights|Processes|Indicators|Category|Project|Location|Cluster|Namespace|Pod|Container|Service|Job|Image';
const titleWords = 'P[1-4]|CRITICAL|HIGH|MEDIUM|LOW|SEVERITY_UNSPECIFIED|Closed|Muted|Updated|reverse shell|remote command execution|malicious python|other runtime threat';
const ownWords = new RegExp(`^(?:\\s|•|·|:|—|\\p{Extended_Pictographic}|${titleWords}|\\*(?:${labels})\\*|_\\+\\d+ more in the summary_)*$`, 'u');

/** Why a string of a Slack message could form markup, a link or a mention, or undefined. */
function slackProblem(path: string, value: string): string | undefined {
  if (path.endsWith('.url') || path.endsWith('.type') || path.endsWith('action_id')) return undefined;
  if (/[<>]/.test(value) || /[&]/.test(value.replace(entity, ''))) return `unescaped control character in ${path}: ${value.slice(0, 80)}`;
  if (/:\/\//.test(value)) return `a live URL in ${path}`;
  // Outside code spans only what the renderer writes itself: the closed-vocabulary title, its
  // labels, bullets and `_+N more in the summary_`. Button labels are the renderer's own.
  if (/elements\[\d+\]\.text\.text$/.test(path)) return undefined;
  const outside = value.split('`').filter((_, i) => i % 2 === 0);
  if (!outside.every((part) => ownWords.test(part))) return `text outside a code span in ${path}: ${value.slice(0, 80)}`;
  return undefined;
}

/** Every way the message's text could form a link, mention or markup (empty when there is none). */
export function hostileProblems(target: 'chat' | 'slack', message: unknown): string[] {
  const check = target === 'chat' ? chatProblem : slackProblem;
  return stringsOf(message).flatMap(({ path, text: value }) => check(path, value) ?? []);
}
