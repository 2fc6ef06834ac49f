/**
 * Configuration: environment → zod → one frozen object, parsed once. Every setting has a default
 * except the output topic, which only the function needs (it checks for it at cold start).
 */
// zod/mini, not zod: the function's start-up parses this, and mini's functions tree-shake out of
// the deployed bundle, so a cold start does not pay for all of zod (bench/cold-start.bench.ts).
import * as z from 'zod/mini';
import { parseDuration } from './lib/duration';
import { isOwnRange } from './lib/cidr';
import { ConfigError } from './errors';

/** Where log evidence comes from: live Cloud Logging, or a file or folder of exported logs. */
export type LogSourceSetting = { readonly kind: 'cloud' } | { readonly kind: 'exported'; readonly path: string };

/** Everything the engine and its adapters read from the environment. */
export interface Config {
  /** `projects/P/topics/T` or a topic id in the function's own project. */
  readonly outputTopic: string | undefined;
  /** Where rejected deliveries go, same forms as the output topic. */
  readonly rejectedTopic: string | undefined;
  readonly logSource: LogSourceSetting;
  /** Overrides `resourceNames` for every query, for example a central bucket view. */
  readonly logScope: readonly string[] | undefined;
  /** How far before the event time log sections look. */
  readonly logWindowBeforeMs: number;
  /** How far after the event time every section looks. */
  readonly logWindowAfterMs: number;
  /** How far before the event time audit sections look. */
  readonly auditLookbackMs: number;
  /** Entries fetched per read (the entries.list page size, 1–1000). */
  readonly sectionMaxEntries: number;
  /** Pages each direction of a section may read, outward from detection (the first included). */
  readonly sectionMaxPages: number;
  /** entries.list calls this instance makes in any rolling minute (the project's read quota, shared). */
  readonly readQuotaPerMinute: number;
  /** How long reads wait to be coalesced with others while calls are in flight. */
  readonly readBatchWindowMs: number;
  /** Newest entries kept per section in the output, as excerpts. */
  readonly sectionExcerpts: number;
  /** Deadline for all the sections of one finding together. */
  readonly deadlineMs: number;
  /** The published message is bounded to this many bytes. */
  readonly maxMessageBytes: number;
  /** Mask secrets in process args, env variables and scripts. */
  readonly maskSecrets: boolean;
  /** How long a published triageId is remembered, so a redelivery is not republished. */
  readonly dedupTtlMs: number;
  /** How long one publish may take before the delivery fails (and Pub/Sub redelivers). */
  readonly publishTimeoutMs: number;
  /** `host:port` of a local, insecure Cloud Logging API (tests and local runs), like PUBSUB_EMULATOR_HOST. */
  readonly loggingEmulatorHost: string | undefined;
  /** The project the clients bill and attribute calls to, when set. */
  readonly project: string | undefined;
  /** Where related findings come from: Security Command Center, a folder of notifications, or nowhere. */
  readonly findingSource: FindingSourceSetting;
  /** How far either side of detection related findings are looked for. */
  readonly relatedWindowMs: number;
  /** `host:port` of a local, insecure Security Command Center API (tests). */
  readonly securityCenterEmulatorHost: string | undefined;
  /** Where the workload's identity settings come from when the audit log read does not say: the Container and Cloud Run APIs, a file of their answers, or nowhere. */
  readonly workloadSource: WorkloadSourceSetting;
  /** `host:port` of a local, insecure stand-in for the Container and Cloud Run Admin APIs (tests). */
  readonly workloadApiEmulatorHost: string | undefined;
  /** How long before detection a change counts as "shortly before", and raises the priority, per kind of change. */
  readonly shortlyBeforeMs: Readonly<Record<ChangeKind, number>>;
  /** The organisation's own email domains; a human from any other domain changing IAM is outside it. */
  readonly orgDomains: readonly string[];
  /** Public ranges the organisation's workloads call Google from (Cloud NAT, nodes' external addresses): a caller there is not foreign. */
  readonly ownCallerRanges: readonly string[];
}

/** Kinds of change the assessment times against detection. */
export const changeKinds = ['deploy', 'iam', 'exec'] as const;
/** One of {@link changeKinds}. */
export type ChangeKind = (typeof changeKinds)[number];

/** Where related findings come from. */
export type FindingSourceSetting = { readonly kind: 'cloud' } | { readonly kind: 'none' } | { readonly kind: 'local'; readonly path: string };

/** Where workload specs come from: the read APIs, a JSON file of their answers, or nowhere. */
export type WorkloadSourceSetting = FindingSourceSetting;

const durationText = (fallback: string) =>
  z.pipe(
    z._default(z.string(), fallback),
    z.transform((text: string, ctx) => {
      const millis = parseDuration(text);
      if (millis === undefined) {
        ctx.issues.push({ code: 'custom', message: `expected a duration such as 30m, 24h or 15s, got ${JSON.stringify(text)}`, input: text });
        return z.NEVER;
      }
      return millis;
    }),
  );

const intText = (fallback: number, min: number, max: number) =>
  z.pipe(
    z._default(z.string(), String(fallback)),
    z.transform((text: string, ctx) => {
      const value = Number(text);
      if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
        ctx.issues.push({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`, input: text });
        return z.NEVER;
      }
      return value;
    }),
  );

const topicText = z.optional(z.string().check(z.regex(/^(projects\/[a-z][-a-z0-9.:]{4,62}\/topics\/)?[A-Za-z][-A-Za-z0-9._~%+]{2,254}$/, 'expected projects/P/topics/T or a topic id')));

const hostPort = z.optional(z.string().check(z.regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port')));

const domainList = z.pipe(
  z._default(z.string(), ''),
  z.transform((text: string) =>
    text
      .split(',')
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean),
  ),
);

const envSchema = z.object({
  OUTPUT_TOPIC: topicText,
  REJECTED_TOPIC: topicText,
  LOG_SOURCE: z._default(z.string().check(z.minLength(1)), 'cloud'),
  LOG_SCOPE: z.optional(z.string()),
  LOG_WINDOW_BEFORE: durationText('30m'),
  LOG_WINDOW_AFTER: durationText('15m'),
  AUDIT_LOOKBACK: durationText('24h'),
  SECTION_MAX_ENTRIES: intText(1000, 1, 1000),
  SECTION_EXCERPTS: intText(20, 0, 1000),
  SECTION_MAX_PAGES: intText(3, 1, 20),
  READ_QUOTA_PER_MINUTE: intText(60, 1, 100_000),
  READ_BATCH_WINDOW: durationText('50ms'),
  DEADLINE: durationText('30s'),
  MAX_MESSAGE_BYTES: intText(131_072, 16_384, 10_000_000),
  MASK_SECRETS: z._default(z.enum(['true', 'false']), 'true'),
  DEDUP_TTL: durationText('10m'),
  PUBLISH_TIMEOUT: durationText('10s'),
  LOGGING_EMULATOR_HOST: hostPort,
  GOOGLE_CLOUD_PROJECT: z.optional(z.string()),
  FINDING_SOURCE: z.optional(z.string().check(z.minLength(1))),
  RELATED_WINDOW: durationText('1h'),
  SHORTLY_BEFORE_DEPLOY: durationText('2h'),
  SHORTLY_BEFORE_IAM: durationText('2h'),
  SHORTLY_BEFORE_EXEC: durationText('1h'),
  ORG_DOMAINS: z.pipe(domainList, z.array(z.string().check(z.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'expected domains such as acme.example, comma-separated')))),
  SECURITY_CENTER_EMULATOR_HOST: hostPort,
  OWN_CALLER_RANGES: z.pipe(
    domainList,
    z.array(
      z
        .string()
        .check(
          z.refine((cidr: string) => isOwnRange(cidr), 'expected CIDR ranges such as 34.140.0.0/16 or 2600:1900::/28, comma-separated, at most /8 (IPv4) or /20 (IPv6) wide, no IPv4-mapped IPv6'),
        ),
    ),
  ),
  WORKLOAD_SOURCE: z.optional(z.string().check(z.minLength(1))),
  WORKLOAD_API_EMULATOR_HOST: hostPort,
});

/**
 * Parses the environment into a frozen Config.
 * @throws ConfigError naming the first variable at fault.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  return Object.freeze({
    outputTopic: e.OUTPUT_TOPIC,
    rejectedTopic: e.REJECTED_TOPIC,
    logSource: e.LOG_SOURCE === 'cloud' ? { kind: 'cloud' } : { kind: 'exported', path: e.LOG_SOURCE },
    logScope: parseScope(e.LOG_SCOPE),
    logWindowBeforeMs: e.LOG_WINDOW_BEFORE,
    logWindowAfterMs: e.LOG_WINDOW_AFTER,
    auditLookbackMs: e.AUDIT_LOOKBACK,
    sectionMaxEntries: e.SECTION_MAX_ENTRIES,
    sectionExcerpts: e.SECTION_EXCERPTS,
    sectionMaxPages: e.SECTION_MAX_PAGES,
    readQuotaPerMinute: e.READ_QUOTA_PER_MINUTE,
    readBatchWindowMs: e.READ_BATCH_WINDOW,
    deadlineMs: e.DEADLINE,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    maskSecrets: e.MASK_SECRETS === 'true',
    dedupTtlMs: e.DEDUP_TTL,
    publishTimeoutMs: e.PUBLISH_TIMEOUT,
    loggingEmulatorHost: e.LOGGING_EMULATOR_HOST,
    project: e.GOOGLE_CLOUD_PROJECT,
    findingSource: findingSourceOf(e.FINDING_SOURCE, e.LOG_SOURCE),
    relatedWindowMs: e.RELATED_WINDOW,
    shortlyBeforeMs: Object.freeze({ deploy: e.SHORTLY_BEFORE_DEPLOY, iam: e.SHORTLY_BEFORE_IAM, exec: e.SHORTLY_BEFORE_EXEC }),
    orgDomains: Object.freeze(e.ORG_DOMAINS),
    ownCallerRanges: Object.freeze(e.OWN_CALLER_RANGES),
    securityCenterEmulatorHost: e.SECURITY_CENTER_EMULATOR_HOST,
    workloadSource: findingSourceOf(e.WORKLOAD_SOURCE, e.LOG_SOURCE),
    workloadApiEmulatorHost: e.WORKLOAD_API_EMULATOR_HOST,
  } satisfies Config);
}

/** The function's configuration: a Config whose output topic is set. */
export type FunctionConfig = Config & { readonly outputTopic: string };

/**
 * Parses the function's environment: {@link parseConfig}, and the output topic is required.
 * @throws ConfigError naming the first variable at fault.
 */
export function parseFunctionConfig(env: Readonly<Record<string, string | undefined>>): FunctionConfig {
  const config = parseConfig(env);
  if (config.outputTopic === undefined) throw new ConfigError('OUTPUT_TOPIC', 'required: the topic summaries are published to');
  return Object.freeze({ ...config, outputTopic: config.outputTopic });
}

/** Related findings and workload specs follow the logs by default: the live APIs with live logs, none with exported logs. */
function findingSourceOf(setting: string | undefined, logSource: string): FindingSourceSetting {
  const value = setting ?? (logSource === 'cloud' ? 'cloud' : 'none');
  if (value === 'cloud' || value === 'none') return { kind: value };
  return { kind: 'local', path: value };
}

// Cloud Logging resource names: a container, or a bucket view under one. Ids are kept to the
// characters Google allows, so no separator, quote or space can ride along; deploy/deploy.sh checks the same pattern.
const scopePattern =
  /^(projects|folders|organizations|billingAccounts)\/[A-Za-z0-9][-A-Za-z0-9_.]{0,99}(\/locations\/[a-z0-9-]{1,63}\/buckets\/[A-Za-z0-9_][-A-Za-z0-9_.]{0,99}\/views\/[A-Za-z0-9_][-A-Za-z0-9_.]{0,99})?$/;

function parseScope(text: string | undefined): readonly string[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.find((name) => !scopePattern.test(name));
  if (bad !== undefined || names.length === 0 || names.length > 100) {
    throw new ConfigError('LOG_SCOPE', `expected 1–100 comma-separated resource names (projects/P or a bucket view), got ${JSON.stringify(bad ?? text)}`);
  }
  return Object.freeze(names);
}

/** The defaults, as the engine sees them with an empty environment. */
export const defaultConfig: Config = parseConfig({});
