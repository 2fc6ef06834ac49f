/** The subscriber's configuration: webhook URLs checked against the documented shapes and never quoted. */
import { ConfigError } from '../../src/errors';
import { parseNotifyConfig } from '../../src/notify/config';

const chat = 'https://chat.googleapis.com/v1/spaces/AAAAxyz/messages?key=AIzaSecretKey123&token=SecretToken456%3D';
const slack = 'https://hooks.slack.com/services/T0123ABC/B0456DEF/SecretSlackToken789xyz';

/** The ConfigError a bad environment gives, with its message. */
function failure(env: Record<string, string>): ConfigError {
  try {
    parseNotifyConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseNotifyConfig', () => {
  it('defaults: post everything (P4), 10 s per webhook call, 10 min of memory, no report or log link', () => {
    expect(parseNotifyConfig({ CHAT_WEBHOOK_URL: chat })).toEqual({
      webhooks: { chat },
      minPriority: 'P4',
      webhookTimeoutMs: 10_000,
      dedupTtlMs: 600_000,
      reportUrlTemplate: undefined,
      triageLogProject: undefined,
    });
    expect(Object.isFrozen(parseNotifyConfig({ SLACK_WEBHOOK_URL: slack }))).toBe(true);
  });

  it('both targets, and every setting', () => {
    const config = parseNotifyConfig({
      CHAT_WEBHOOK_URL: chat,
      SLACK_WEBHOOK_URL: ` ${slack}\n`,
      MIN_PRIORITY: 'P2',
      WEBHOOK_TIMEOUT: '3s',
      DEDUP_TTL: '1h',
      REPORT_URL_TEMPLATE: 'https://soc.example/t/{triageId}?from=chat',
      TRIAGE_LOG_PROJECT: 'sec-tools-prod',
    });
    expect(config).toMatchObject({ webhooks: { chat, slack }, minPriority: 'P2', webhookTimeoutMs: 3_000, dedupTtlMs: 3_600_000, triageLogProject: 'sec-tools-prod' });
  });

  it.each([
    ['no webhook at all', {}, 'CHAT_WEBHOOK_URL or SLACK_WEBHOOK_URL'],
    ['a Chat URL on another host', { CHAT_WEBHOOK_URL: chat.replace('chat.googleapis.com', 'chat.evil.example') }, 'CHAT_WEBHOOK_URL'],
    ['the Slack URL in the Chat variable', { CHAT_WEBHOOK_URL: slack }, 'CHAT_WEBHOOK_URL'],
    ['plain http', { SLACK_WEBHOOK_URL: slack.replace('https:', 'http:') }, 'SLACK_WEBHOOK_URL'],
    ['a port', { SLACK_WEBHOOK_URL: slack.replace('hooks.slack.com', 'hooks.slack.com:8443') }, 'SLACK_WEBHOOK_URL'],
    ['a Chat URL without its token', { CHAT_WEBHOOK_URL: chat.replace(/&token=.*/, '') }, 'CHAT_WEBHOOK_URL'],
    ['a Slack workflow URL', { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/triggers/T0123ABC/123/SecretSlackToken789xyz' }, 'SLACK_WEBHOOK_URL'],
    ['credentials in the URL', { SLACK_WEBHOOK_URL: slack.replace('https://', 'https://u:SecretPw@') }, 'SLACK_WEBHOOK_URL'],
    ['not a URL', { CHAT_WEBHOOK_URL: 'SecretToken456 not a url' }, 'CHAT_WEBHOOK_URL'],
    ['a local server without the test override', { CHAT_WEBHOOK_URL: 'http://127.0.0.1:9/v1/spaces/A/messages?key=SecretKey1&token=SecretTok2' }, 'CHAT_WEBHOOK_URL'],
    ['a test override off loopback', { CHAT_WEBHOOK_URL: chat, WEBHOOK_EMULATOR_HOST: '10.0.0.5:8080' }, 'WEBHOOK_EMULATOR_HOST'],
    ['an unknown priority', { CHAT_WEBHOOK_URL: chat, MIN_PRIORITY: 'P5' }, 'MIN_PRIORITY'],
    ['a timeout that is no duration', { CHAT_WEBHOOK_URL: chat, WEBHOOK_TIMEOUT: 'soon' }, 'WEBHOOK_TIMEOUT'],
    ['a report template without {triageId}', { CHAT_WEBHOOK_URL: chat, REPORT_URL_TEMPLATE: 'https://soc.example/t' }, 'REPORT_URL_TEMPLATE'],
    ['a report template with {triageId} in the host', { CHAT_WEBHOOK_URL: chat, REPORT_URL_TEMPLATE: 'https://{triageId}.soc.example/' }, 'REPORT_URL_TEMPLATE'],
    ['an http report template', { CHAT_WEBHOOK_URL: chat, REPORT_URL_TEMPLATE: 'http://soc.example/{triageId}' }, 'REPORT_URL_TEMPLATE'],
  ])('%s: fails naming the variable, never the secret', (_name, env, variable) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toMatch(/Secret|AIza|T0123ABC|B0456DEF|AAAAxyz/);
  });

  it('the test override admits http to exactly that local address, and still checks the path', () => {
    const local = 'http://127.0.0.1:8123/v1/spaces/AAAA/messages?key=k1&token=t1';
    expect(parseNotifyConfig({ CHAT_WEBHOOK_URL: local, WEBHOOK_EMULATOR_HOST: '127.0.0.1:8123' }).webhooks.chat).toBe(local);
    expect(failure({ CHAT_WEBHOOK_URL: local, WEBHOOK_EMULATOR_HOST: '127.0.0.1:8124' }).variable).toBe('CHAT_WEBHOOK_URL');
    expect(failure({ CHAT_WEBHOOK_URL: 'http://127.0.0.1:8123/other?key=k1&token=t1', WEBHOOK_EMULATOR_HOST: '127.0.0.1:8123' }).message).toContain('/v1/spaces/SPACE/messages');
  });
});
