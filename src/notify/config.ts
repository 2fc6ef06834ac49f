/**
 * The subscriber's configuration: environment → zod → one frozen object, parsed once at cold
 * start, apart from the triage function's (they share no setting but `DEDUP_TTL`'s meaning). The
 * webhook URLs come from Secret Manager through `--set-secrets`; a bad one fails the start with a
 * message that names the variable and never the URL.
 */
// zod/mini, as in src/config.ts: start-up parses this, and mini tree-shakes out of the deployed bundle.
import * as z from 'zod/mini';
import { ConfigError } from '../errors';
import { type Priority, priorities } from '../evidence/priorities';
import { parseDuration } from '../lib/duration';
import type { LinkSettings } from './links';
import { type Target, targets, webhookUrlProblem, webhookVariables } from './targets';

/** Everything the subscriber reads from the environment. */
export interface NotifyConfig extends LinkSettings {
  /** The webhook URL of each target that has one (secret: never logged). */
  readonly webhooks: Readonly<Partial<Record<Target, string>>>;
  /** Triage summaries less urgent than this are skipped; updates are always posted. */
  readonly minPriority: Priority;
  /** How long one webhook call may take before the delivery fails (and Pub/Sub redelivers). */
  readonly webhookTimeoutMs: number;
  /** How long a posted summary is remembered, so a redelivery is not posted twice. */
  readonly dedupTtlMs: number;
}

const duration = (fallback: string, min: number, max: number) =>
  z.pipe(
    z._default(z.string(), fallback),
    z.transform((text: string, ctx) => {
      const millis = parseDuration(text);
      if (millis === undefined || millis < min || millis > max) {
        ctx.issues.push({ code: 'custom', message: `expected a duration from ${min} ms to ${max / 1000} s such as 10s, got ${JSON.stringify(text)}`, input: text });
        return z.NEVER;
      }
      return millis;
    }),
  );

// The emulator-style override of the tests: loopback only, so it can never send a secret-bearing
// body in the clear to another machine.
const localHost = z.optional(z.string().check(z.regex(/^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/, 'expected 127.0.0.1:PORT (a local test server)')));

/** The same host for two different ids, https, no user or port: an id can only land in the path or query. */
function isReportTemplate(text: string): boolean {
  const a = URL.canParse(text.replace(/\{triageId\}/g, 'a')) ? new URL(text.replace(/\{triageId\}/g, 'a')) : undefined;
  const b = URL.canParse(text.replace(/\{triageId\}/g, 'b')) ? new URL(text.replace(/\{triageId\}/g, 'b')) : undefined;
  return text.includes('{triageId}') && a?.protocol === 'https:' && a.hostname === b?.hostname && a.username === '' && a.port === '';
}

const reportTemplate = z.optional(z.string().check(z.refine(isReportTemplate, 'expected an https URL with {triageId} in its path or query, such as https://soc.example/triage/{triageId}')));

const envSchema = z.object({
  CHAT_WEBHOOK_URL: z.optional(z.string()),
  SLACK_WEBHOOK_URL: z.optional(z.string()),
  WEBHOOK_EMULATOR_HOST: localHost,
  MIN_PRIORITY: z._default(z.enum(priorities), 'P4'),
  WEBHOOK_TIMEOUT: duration('10s', 100, 60_000),
  DEDUP_TTL: duration('10m', 0, 86_400_000),
  REPORT_URL_TEMPLATE: reportTemplate,
  TRIAGE_LOG_PROJECT: z.optional(z.string().check(z.regex(/^[a-z][-a-z0-9.:]{4,62}$/, 'expected a project id'))),
});

function webhooksOf(env: z.infer<typeof envSchema>): Partial<Record<Target, string>> {
  const webhooks: Partial<Record<Target, string>> = {};
  for (const target of targets) {
    const variable = webhookVariables[target];
    const url = env[variable as keyof typeof env] as string | undefined;
    if (url === undefined) continue;
    const problem = webhookUrlProblem(target, url.trim(), env.WEBHOOK_EMULATOR_HOST);
    if (problem !== undefined) throw new ConfigError(variable, problem);
    webhooks[target] = url.trim();
  }
  if (Object.keys(webhooks).length === 0)
    throw new ConfigError(`${webhookVariables.chat} or ${webhookVariables.slack}`, 'required: the incoming-webhook URL to post to (--set-secrets=VAR=SECRET:VERSION)');
  return webhooks;
}

/**
 * Parses the environment into a frozen NotifyConfig.
 * @throws ConfigError naming the first variable at fault, never quoting a webhook URL.
 */
export function parseNotifyConfig(env: Readonly<Record<string, string | undefined>>): NotifyConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  return Object.freeze({
    webhooks: Object.freeze(webhooksOf(e)),
    minPriority: e.MIN_PRIORITY,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT,
    dedupTtlMs: e.DEDUP_TTL,
    reportUrlTemplate: e.REPORT_URL_TEMPLATE,
    triageLogProject: e.TRIAGE_LOG_PROJECT,
  } satisfies NotifyConfig);
}
