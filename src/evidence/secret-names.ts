/**
 * What names a secret: a variable, key or flag name (`DB_PASSWORD`, `--api-key`, `"client_secret"`)
 * judged by its parts, and the credential headers. Plain forward scans with no regular expression.
 */

const isLower = (code: number) => code >= 97 && code <= 122;
/** ASCII upper-case letter. */
export const isUpper = (code: number): boolean => code >= 65 && code <= 90;
/** ASCII digit. */
export const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Whether a UTF-16 code unit is an ASCII letter or digit. */
export const isAlnum = (code: number): boolean => isLower(code) || isUpper(code) || isDigit(code);

// Substrings of a name's joined words that make it secret (`PGPASSWORD`, `x-api-key`, `keyStorePassword`).
const secretFragments = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'signingkey',
  'encryptionkey',
  'masterkey',
  'credential',
  'authorization',
  'sessionid',
  'cookie',
  'bearer',
  'connectionstring',
];
// Whole words that make a name secret; `auth` and `pass` only as words, so `author` and `compass` are not.
const secretWords = new Set(['pass', 'pwd', 'pw', 'auth', 'sig', 'signature', 'psk', 'passin', 'passout']);
// Words ending in `pass` that are not about passwords (`--bypass-cache`, redis-cli's `--askpass` switch).
const notPassWords = new Set(['bypass', 'compass', 'surpass', 'overpass', 'underpass', 'trespass', 'askpass']);
// A name starting with these is a switch, not a value (`--no-password`, `--ask-password`, `print-access-token`).
const switchFirst = new Set(['no', 'ask', 'prompt', 'print', 'show', 'use', 'with', 'without', 'skip', 'require', 'disable', 'enable', 'allow', 'generate']);
// A name ending with these points at a secret or describes it without holding it (`--access-token-file`, `SSH_AUTH_SOCK`).
const describesLast = new Set([
  'file',
  'path',
  'dir',
  'stdin',
  'fd',
  'env',
  'name',
  'ref',
  'type',
  'length',
  'len',
  'size',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'prompt',
  'count',
  'policy',
  'url',
  'uri',
  'endpoint',
  'host',
  'port',
  'user',
  'username',
  'sock',
  'socket',
  'mode',
  'method',
  'format',
]);
// Whole names that look secret but are not: the shell's working directory, the path of a key file.
const quietNames = new Set(['pwd', 'oldpwd', 'googleapplicationcredentials']);
const headerNames = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie']);

/** The lower-case words of a name: `DB_PASSWORD`, `dbPassword` and `--db-password` all give `db`, `password`. */
export function nameParts(name: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const camel = isUpper(code) && i > 0 && isLower(name.charCodeAt(i - 1));
    if ((!isAlnum(code) || camel) && current !== '') {
      parts.push(current);
      current = '';
    }
    if (isAlnum(code)) current += name[i]!.toLowerCase();
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** Whether a key, flag or variable name holds a secret value (`password`, `AWS_SECRET_ACCESS_KEY`, `--token`). */
export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  const joined = parts.join('');
  if (parts.length === 0 || quietNames.has(joined) || switchFirst.has(parts[0]!) || describesLast.has(parts.at(-1)!)) return false;
  return secretFragments.some((fragment) => joined.includes(fragment)) || parts.some((part) => secretWords.has(part) || (part.endsWith('pass') && !notPassWords.has(part)));
}

/** Whether a name is an HTTP header whose whole value is a credential (`Authorization: Bearer …`, `Cookie: …`). */
export const isHeaderName = (name: string): boolean => headerNames.has(nameParts(name).join(''));
