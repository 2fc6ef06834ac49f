/**
 * The platform limits the chat messages are held to, in one place, each with where it is written
 * down, and the budgets this subscriber sets itself inside them (so a message is short enough to
 * read in a channel, whatever the summary holds).
 *
 * Google Chat:
 * - 32,000 bytes per message, text and cards together: https://developers.google.com/workspace/chat/create-messages
 * - 100 widgets per card, the rest ignored; a card is at most 32 KB: https://developers.google.com/workspace/chat/api/reference/rest/v1/cards
 * - 4,096 characters of `text`: the API answers 400 "Maximum length of the field is 4096. Field:
 *   apps.dynamite.CreateMessageInfo.text_body" (quoted in https://github.com/googleworkspace/hubot-google-hangouts-chat/issues/12;
 *   no reference page states it)
 * - card text is a small HTML subset (`<b>`, `<i>`, `<u>`, `<s>`, `<font color>`, `<a href>`, `<br>`), and text
 *   messages turn `<users/all>` into a mention: https://developers.google.com/workspace/chat/format-messages
 * - threads: `threadKey` and `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`:
 *   https://developers.google.com/workspace/chat/quickstart/webhooks,
 *   https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages/create#messagereplyoption
 *
 * Slack (Block Kit, incoming webhooks):
 * - 50 blocks per message: https://docs.slack.dev/reference/block-kit/blocks
 * - header: plain_text, 150 characters: https://docs.slack.dev/reference/block-kit/blocks/header-block
 * - section: text 1–3,000 characters; fields at most 10, each 2,000: https://docs.slack.dev/reference/block-kit/blocks/section-block
 * - context: 10 elements: https://docs.slack.dev/reference/block-kit/blocks/context-block
 * - actions: 25 elements: https://docs.slack.dev/reference/block-kit/blocks/actions-block
 * - button: text 75 characters, url 3,000: https://docs.slack.dev/reference/block-kit/block-elements/button-element
 * - text object: 1–3,000 characters; `verbatim: true` turns off automatic links and mentions:
 *   https://docs.slack.dev/reference/block-kit/composition-objects/text-object
 * - `&`, `<`, `>` are control characters and are written `&amp;`, `&lt;`, `&gt;`:
 *   https://docs.slack.dev/messaging/formatting-message-text#escaping
 * - the top-level `text` is the notification fallback when there are blocks:
 *   https://api.slack.com/messaging/webhooks
 */

/** Google Chat's limits on one incoming-webhook message. */
export const chatLimits = {
  messageBytes: 32_000,
  textChars: 4_096,
  widgetsPerCard: 100,
} as const;

/** Slack's limits on one Block Kit message. */
export const slackLimits = {
  blocks: 50,
  headerChars: 150,
  sectionTextChars: 3_000,
  sectionFields: 10,
  fieldChars: 2_000,
  contextElements: 10,
  actionElements: 25,
  buttonTextChars: 75,
  buttonUrlChars: 3_000,
  textObjectChars: 3_000,
} as const;

/** A link is shown only when it fits the stricter of the two platforms (Slack's button url). */
export const maxLinkChars = slackLimits.buttonUrlChars;

/**
 * What one message shows at most, inside the platform limits: how many items of each list, and
 * how many characters of one untrusted value. The rest is in the summary, behind the links.
 */
export interface Detail {
  readonly reasons: number;
  readonly highlights: number;
  readonly processes: number;
  readonly indicators: number;
  readonly sectionLinks: boolean;
  /** Characters of one value (a reason, a process, a highlight). */
  readonly valueChars: number;
  /** Characters of the headline. */
  readonly headlineChars: number;
}

/**
 * Levels of detail, fullest first. A renderer whose message is over its platform's size takes the
 * next one; the last keeps the headline, the workload and the finding's link, which always fit.
 */
export const detailLevels: readonly Detail[] = [
  { reasons: 6, highlights: 6, processes: 4, indicators: 8, sectionLinks: true, valueChars: 300, headlineChars: 400 },
  { reasons: 4, highlights: 4, processes: 2, indicators: 4, sectionLinks: true, valueChars: 160, headlineChars: 300 },
  { reasons: 2, highlights: 2, processes: 1, indicators: 2, sectionLinks: false, valueChars: 100, headlineChars: 200 },
  { reasons: 1, highlights: 0, processes: 0, indicators: 0, sectionLinks: false, valueChars: 80, headlineChars: 200 },
];
