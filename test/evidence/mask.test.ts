import { maskArgs, maskEnv, maskMarker, maskText } from '../../src/evidence/mask';

describe('maskText', () => {
  it.each([
    ['--password=hunter2', `--password=${maskMarker}`],
    ['mysql -uroot -pSecret --api_key=abc123', `mysql -uroot -pSecret --api_key=${maskMarker}`],
    ['curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig12345678"', `curl -H "Authorization: ${maskMarker}"`],
    ['token: abcdef', `token: ${maskMarker}`],
    ['postgres://app:s3cr3t@db:5432/x', `postgres://app:${maskMarker}@db:5432/x`],
    ['AKIAABCDEFGHIJKLMNOP', maskMarker],
    ['key=AIzaSyA-1234567890abcdefghijklmnopqrstu', `key=${maskMarker}`],
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', maskMarker],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', `-----BEGIN RSA PRIVATE KEY-----${maskMarker}-----END RSA PRIVATE KEY-----`],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlMTIz', `jwt ${maskMarker}`],
    ['slack xoxb-123456789012-abcdefghij', `slack ${maskMarker}`],
    ['gitlab glpat-abcdefghijklmnopqrst', `gitlab ${maskMarker}`],
    ['stripe sk_live_abcdefghijklmnop1234', `stripe ${maskMarker}`],
    ['curl -H "Authorization: Basic dXNlcjpwYXNzd29yZA=="', `curl -H "Authorization: ${maskMarker}"`],
    ['Cookie: session=abc123', `Cookie: ${maskMarker}`],
    ['bash -i', 'bash -i'],
    ['python3 -c print(1)', 'python3 -c print(1)'],
  ])('%j', (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });
});

describe('maskArgs and maskEnv', () => {
  it('masks the value after a bare secret flag', () => {
    expect(maskArgs(['app', '--password', 'hunter2', '--port', '80'])).toEqual(['app', '--password', maskMarker, '--port', '80']);
  });

  it.each([
    ['DB_PASSWORD', 'x', maskMarker],
    ['GITHUB_TOKEN', 'x', maskMarker],
    ['PATH', '/usr/bin', '/usr/bin'],
    ['DATABASE_URL', 'postgres://u:p@h/db', `postgres://u:${maskMarker}@h/db`],
  ])('%s', (name, value, expected) => {
    expect(maskEnv(name, value)).toBe(expected);
  });
});
