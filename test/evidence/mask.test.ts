import { maskArgs, maskEnv, maskMarker, maskText } from '../../src/evidence/mask';
import { isSecretName } from '../../src/evidence/secret-names';
import { type NonSecret, type PlantedSecret, nonSecrets, plantedSecrets } from '../hostile/secrets';

describe('maskText', () => {
  it.each([
    ['--password=hunter2', `--password=${maskMarker}`],
    // `-pSecret` after `mysql` is mysql's attached password, in script text as in argv.
    ['mysql -uroot -pSecret --api_key=abc123', `mysql -uroot -p${maskMarker} --api_key=${maskMarker}`],
    ['curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig12345678"', `curl -H "Authorization: ${maskMarker}"`],
    ['token: abcdef', `token: ${maskMarker}`],
    ['postgres://app:s3cr3t@db:5432/x', `postgres://app:${maskMarker}@db:5432/x`],
    ['redis://:s3cr3t@cache:6379', `redis://:${maskMarker}@cache:6379`],
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
    ['{"password": "x", "user": "u"}', `{"password": "${maskMarker}", "user": "u"}`],
    ['{\\"token\\":\\"x\\"}', `{\\"token\\":\\"${maskMarker}\\"}`],
    ['curl -u admin:hunter2 https://x', `curl -u admin:${maskMarker} https://x`],
    ['sshpass -p hunter2 ssh host', `sshpass -p ${maskMarker} ssh host`],
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

  it('keeps the shape of short flags and user:password', () => {
    expect(maskArgs(['mysql', '-uroot', '-phunter2'])).toEqual(['mysql', '-uroot', `-p${maskMarker}`]);
    expect(maskArgs(['curl', '--user', 'bob:hunter2', 'https://x'])).toEqual(['curl', '--user', `bob:${maskMarker}`, 'https://x']);
    expect(maskArgs(['curl', '-u', 'bob', 'https://x'])).toEqual(['curl', '-u', 'bob', 'https://x']);
  });

  it.each([
    ['DB_PASSWORD', 'x', maskMarker],
    ['GITHUB_TOKEN', 'x', maskMarker],
    ['PATH', '/usr/bin', '/usr/bin'],
    ['DATABASE_URL', 'postgres://u:p@h/db', `postgres://u:${maskMarker}@h/db`],
  ])('%s', (name, value, expected) => {
    expect(maskEnv(name, value)).toBe(expected);
  });

  it.each([
    ['password', true],
    ['PGPASSWORD', true],
    ['keyStorePassword', true],
    ['x-api-key', true],
    ['--access-token-file', false],
    ['--password-stdin', false],
    ['--no-password', false],
    ['author', false],
    ['PWD', false],
  ])('isSecretName(%j) is %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

/** The planted case masked the way its kind is: an argument vector, free text, or an environment variable. */
function masked(planted: PlantedSecret | NonSecret): string {
  if (planted.argv !== undefined) return maskArgs(planted.argv).join(' ');
  if (planted.env !== undefined) return maskEnv(planted.env.name, planted.env.value);
  return maskText(planted.text ?? '');
}

/** The shown text of a planted case cut `keep` characters into its secret, masked as a cut field. */
function maskedAtCut(planted: PlantedSecret, keep: number): string | undefined {
  const cutAt = (text: string) => {
    const at = text.indexOf(planted.secret);
    return at < 0 ? undefined : text.slice(0, at + keep);
  };
  if (planted.argv !== undefined) {
    const index = planted.argv.findIndex((arg) => arg.includes(planted.secret));
    const head = cutAt(planted.argv[index]!)!;
    return maskArgs(
      [...planted.argv.slice(0, index), head, ...planted.argv.slice(index + 1)],
      planted.argv.map((_, i) => i === index),
    ).join(' ');
  }
  if (planted.env !== undefined) return maskEnv(planted.env.name, cutAt(planted.env.value)!, true);
  return maskText(cutAt(planted.text!)!, true);
}

/** The 10-character pieces of a secret: none may survive, so half a secret does not leak either. */
const pieces = (secret: string) => Array.from({ length: Math.max(1, secret.length - 9) }, (_, i) => secret.slice(i, i + 10));

describe('the hostile corpus', () => {
  it('plants enough unique secrets', () => {
    expect(plantedSecrets.length).toBeGreaterThanOrEqual(45);
    expect(new Set(plantedSecrets.map((p) => p.secret)).size).toBe(plantedSecrets.length);
  });

  it.each(plantedSecrets.map((p) => [p.label, p] as const))('masks %s', (_label, planted) => {
    const output = masked(planted);
    expect(output).toContain(maskMarker);
    for (const piece of pieces(planted.secret)) expect(output).not.toContain(piece);
  });

  it.each(plantedSecrets.map((p) => [p.label, p] as const))('masks what is left of %s when the field is cut inside it', (_label, planted) => {
    const keep = planted.keep ?? 0;
    for (let shown = keep + 4; shown < planted.secret.length; shown++) {
      const output = maskedAtCut(planted, shown);
      expect([shown, output]).not.toEqual([shown, expect.stringContaining(planted.secret.slice(0, shown))]);
    }
  });

  it.each(nonSecrets.map((n) => [n.label, n] as const))('leaves %s alone', (_label, plain) => {
    const original = plain.argv?.join(' ') ?? plain.env?.value ?? plain.text;
    expect(masked(plain)).toBe(original);
  });
});

describe('a 2 MB adversarial argument', () => {
  const fragments = [
    'password=',
    'Bearer ',
    'a:',
    '-----BEGIN ',
    '='.repeat(64),
    ' '.repeat(64),
    '"'.repeat(16),
    "'",
    '\\'.repeat(16),
    '://',
    'eyJ',
    'AKIA',
    '"password": "',
    'x://:@',
    '-p',
    'ghp_',
    '…[+1 chars]',
  ];
  const hostile = (size: number) => {
    let text = '';
    for (let i = 0; text.length < size; i++) text += fragments[i % fragments.length]! + fragments[(i * 7) % fragments.length]!;
    return text;
  };
  const planted = 'S3cr3t-2mb-tail';

  it('masks the whole of it as text, ending with the secret still masked', () => {
    const text = `${hostile(2 * 1024 * 1024)} --password=${planted}`;
    const output = maskText(text);
    expect(output).toContain(maskMarker);
    expect(output).not.toContain(planted);
  });

  it('masks it as one argument among others', () => {
    const output = maskArgs(['mysql', hostile(2 * 1024 * 1024), `-p${planted}`]);
    expect(output).toHaveLength(3);
    expect(output[2]).toBe(`-p${maskMarker}`);
  });

  it('masks an unterminated private key to the end', () => {
    const output = maskText(`-----BEGIN PRIVATE KEY-----\n${'A'.repeat(2 * 1024 * 1024)}${planted}`);
    expect(output).toBe(`-----BEGIN PRIVATE KEY-----${maskMarker}`);
  });
});

describe('text already cut by boundText', () => {
  it('masks what the cut left of a token before the mark', () => {
    expect(maskText('push ghp_S3cr…[+120 chars]')).toBe(`push ${maskMarker}…[+120 chars]`);
    expect(maskText('push ghp_S3cr and more')).toBe('push ghp_S3cr and more');
  });
});
