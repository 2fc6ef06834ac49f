import { parseConfig } from '../src/config';
import { ConfigError } from '../src/errors';

describe('parseConfig', () => {
  it('has defaults for everything but the topics', () => {
    expect(parseConfig({})).toMatchObject({
      outputTopic: undefined,
      logSource: { kind: 'cloud' },
      logWindowBeforeMs: 30 * 60_000,
      logWindowAfterMs: 15 * 60_000,
      auditLookbackMs: 24 * 3_600_000,
      sectionMaxEntries: 1000,
      sectionExcerpts: 20,
      maxMessageBytes: 131_072,
      maskSecrets: true,
    });
  });

  it('reads every variable and freezes the result', () => {
    const config = parseConfig({
      OUTPUT_TOPIC: 'projects/sec-prod/topics/scc-triage',
      REJECTED_TOPIC: 'scc-rejected',
      LOG_SOURCE: './exports',
      LOG_SCOPE: 'projects/central/locations/global/buckets/b/views/v, projects/other-proj',
      LOG_WINDOW_BEFORE: '1h30m',
      AUDIT_LOOKBACK: '2d',
      SECTION_MAX_ENTRIES: '200',
      DEADLINE: '15s',
      MASK_SECRETS: 'false',
    });
    expect(config).toMatchObject({
      outputTopic: 'projects/sec-prod/topics/scc-triage',
      rejectedTopic: 'scc-rejected',
      logSource: { kind: 'exported', path: './exports' },
      logScope: ['projects/central/locations/global/buckets/b/views/v', 'projects/other-proj'],
      logWindowBeforeMs: 90 * 60_000,
      auditLookbackMs: 48 * 3_600_000,
      sectionMaxEntries: 200,
      deadlineMs: 15_000,
      maskSecrets: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['LOG_WINDOW_BEFORE', '30 minutes'],
    ['SECTION_MAX_ENTRIES', '5000'],
    ['SECTION_MAX_ENTRIES', '-1'],
    ['MAX_MESSAGE_BYTES', '12'],
    ['OUTPUT_TOPIC', 'projects/x/subscriptions/y'],
    ['LOG_SCOPE', 'buckets/b'],
    ['LOG_SCOPE', 'projects/p;MASK_SECRETS=false'],
    ['LOG_SCOPE', "projects/p'"],
    ['LOG_SCOPE', 'projects/p/locations/global/buckets/b'],
    ['MASK_SECRETS', 'yes'],
    ['SHORTLY_BEFORE_IAM', 'soon'],
    ['ORG_DOMAINS', 'acme.example, not a domain'],
  ])('%s=%j fails fast, naming the variable', (variable, value) => {
    let caught: unknown;
    try {
      parseConfig({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });

  it('reads the "shortly before" thresholds and the organisation\'s domains', () => {
    expect(parseConfig({}).shortlyBeforeMs).toEqual({ deploy: 7_200_000, iam: 7_200_000, exec: 3_600_000 });
    const config = parseConfig({ SHORTLY_BEFORE_DEPLOY: '30m', SHORTLY_BEFORE_IAM: '4h', SHORTLY_BEFORE_EXEC: '15m', ORG_DOMAINS: ' Acme.example , @corp.acme.example ' });
    expect(config.shortlyBeforeMs).toEqual({ deploy: 1_800_000, iam: 14_400_000, exec: 900_000 });
    expect(config.orgDomains).toEqual(['acme.example', 'corp.acme.example']);
  });
});

describe('OWN_CALLER_RANGES', () => {
  it.each([
    ['', []],
    ['34.140.0.0/16', ['34.140.0.0/16']],
    [' 35.187.0.1/32 , 2600:1900::/28 ', ['35.187.0.1/32', '2600:1900::/28']],
  ])('%j is %j', (text, ranges) => {
    expect(parseConfig({ OWN_CALLER_RANGES: text }).ownCallerRanges).toEqual(ranges);
  });

  it.each(['34.140.0.0', '34.140.0.0/33', '2600::/129', 'nat-ip/24', '10.0.0.0/8;rm', '0.0.0.0/0', '8.0.0.0/4', '::/0', '2000::/3', '::ffff:0:0/96', '::ffff:8.8.8.0/120', '0:0:0:0:0:ffff:0:0/96'])(
    'refuses %j, naming the variable',
    (text) => {
      expect(() => parseConfig({ OWN_CALLER_RANGES: text })).toThrow(/OWN_CALLER_RANGES.*expected CIDR ranges/);
    },
  );
});
