/**
 * The chat platforms a summary can go to, and their incoming-webhook URLs. A webhook URL is a
 * secret (its path or query is the credential), so it is checked against the documented shape
 * and host and never shown: errors and logs name the target and, at most, the URL's host.
 */
import { oneLine } from '../lib/sanitize';

/** Where a summary can be posted. */
export const targets = ['chat', 'slack'] as const;
/** One of {@link targets}. */
export type Target = (typeof targets)[number];

/** The environment variable that holds each target's webhook URL. */
export const webhookVariables: Readonly<Record<Target, string>> = { chat: 'CHAT_WEBHOOK_URL', slack: 'SLACK_WEBHOOK_URL' };

/** The documented host of each target's incoming webhooks. */
export const webhookHosts: Readonly<Record<Target, string>> = { chat: 'chat.googleapis.com', slack: 'hooks.slack.com' };

/** Names for people reading a log line. */
export const targetNames: Readonly<Record<Target, string>> = { chat: 'Google Chat', slack: 'Slack' };

// Google Chat: https://chat.googleapis.com/v1/spaces/SPACE/messages?key=KEY&token=TOKEN.
const chatPath = /^\/v1\/spaces\/[A-Za-z0-9_-]{1,64}\/messages$/;
// Slack: https://hooks.slack.com/services/TEAM/BOT/SECRET.
const slackPath = /^\/services\/[A-Z0-9]{1,32}\/[A-Z0-9]{1,32}\/[A-Za-z0-9]{1,64}$/;

/** The URL as a log may show it: scheme and host, the rest masked. */
export function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return '(not a URL)';
  }
}

/** The parts of a webhook path that are the same for everyone, so masking them would only hide words. */
const publicPathParts: ReadonlySet<string> = new Set(['spaces', 'messages', 'services']);

/**
 * The text with every piece of the URLs' secret paths and queries masked (a webhook's answer or an
 * unexpected error could quote them), on one line of at most `max` characters.
 */
export function redactUrls(text: string, urls: readonly URL[], max = 300): string {
  const secrets = urls.flatMap((url) => [url.href, ...url.pathname.split('/'), ...url.searchParams.values()]).filter((part) => part.length >= 6 && !publicPathParts.has(part));
  let shown = text;
  for (const secret of secrets.sort((a, b) => b.length - a.length)) shown = shown.split(secret).join('***');
  return oneLine(shown, max);
}

/** Why the URL's path and query are not those of the target's webhooks, or undefined when they are. */
function shapeProblem(target: Target, url: URL): string | undefined {
  switch (target) {
    case 'chat':
      if (!chatPath.test(url.pathname)) return 'expected the path /v1/spaces/SPACE/messages';
      if (!url.searchParams.get('key') || !url.searchParams.get('token')) return 'expected the key and token query parameters of a Chat webhook';
      return undefined;
    case 'slack':
      if (!slackPath.test(url.pathname)) return 'expected the path /services/T…/B…/…';
      return url.search === '' ? undefined : 'expected no query string';
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}

/**
 * Why `text` is not a webhook URL of `target`, or undefined when it is. It must be https on the
 * documented host; `localHost` (`127.0.0.1:PORT`, tests only) admits plain http to that address.
 * The reason never quotes the URL.
 */
export function webhookUrlProblem(target: Target, text: string, localHost: string | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  const local = localHost !== undefined && url.protocol === 'http:' && url.host === localHost;
  if (!local && (url.protocol !== 'https:' || url.hostname !== webhookHosts[target] || url.port !== '')) {
    return `expected https://${webhookHosts[target]}/…, got ${maskedUrl(text)}`;
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') return 'expected no user, password or fragment';
  return shapeProblem(target, url);
}

/** The URL to post to: the webhook with `query` added (Chat's thread parameters). */
export function postUrl(webhook: string, query: Readonly<Record<string, string>>): URL {
  const url = new URL(webhook);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
}
