/**
 * What looks secret (names: see secret-names.ts): token formats (`ghp_…`, `AKIA…`), private-key
 * blocks, URL credentials and the tools whose short flags carry passwords. Everything here is a plain forward scan with no
 * regular expression, so its cost is linear in the text whatever the text holds.
 */

import { isAlnum, isDigit, isUpper } from './secret-names';

/** What replaces a secret. */
export const maskMarker = '[MASKED]';

type Body = 'alnum' | 'upper' | 'word' | 'dash' | 'dot' | 'path';
const bodyChar: Readonly<Record<Body, (code: number) => boolean>> = {
  alnum: isAlnum,
  upper: (code) => isUpper(code) || isDigit(code),
  word: (code) => isAlnum(code) || code === 95,
  dash: (code) => isAlnum(code) || code === 95 || code === 45,
  dot: (code) => isAlnum(code) || code === 95 || code === 45 || code === 46,
  path: (code) => isAlnum(code) || code === 95 || code === 45 || code === 47,
};

/** A token format: a fixed prefix, then at least `min` characters of its alphabet. */
export interface TokenFormat {
  readonly prefix: string;
  readonly body: Body;
  readonly min: number;
}

const each = (prefixes: readonly string[], body: Body, min: number) => prefixes.map((prefix) => ({ prefix, body, min }));

/** The token formats masked wherever they start a word, prefix included. */
export const tokenFormats: readonly TokenFormat[] = [
  ...each(['AKIA', 'ASIA'], 'upper', 16),
  ...each(['AIza'], 'dash', 30),
  ...each(['ya29.', 'hvs.', 'hvb.'], 'dot', 16),
  ...each(['GOCSPX-', 'glpat-', 'glrt-', 'gldt-'], 'dash', 20),
  ...each(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_', 'hf_'], 'alnum', 30),
  ...each(['github_pat_'], 'word', 30),
  ...each(['xoxa-', 'xoxb-', 'xoxe-', 'xoxo-', 'xoxp-', 'xoxr-', 'xoxs-'], 'dash', 10),
  ...each(['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'], 'alnum', 16),
  ...each(['sk-', 'pypi-'], 'dash', 32),
  ...each(['eyJ'], 'dot', 16),
  ...each(['SG.'], 'dot', 40),
  ...each(['AGE-SECRET-KEY-1'], 'upper', 40),
  ...each(['hooks.slack.com/services/'], 'path', 20),
];

const formatsByFirst = new Map<string, TokenFormat[]>();
for (const format of tokenFormats) formatsByFirst.set(format.prefix[0]!, [...(formatsByFirst.get(format.prefix[0]!) ?? []), format]);

/**
 * Where a token starting at `start` ends, or undefined. A prefix whose body runs into the cut (`atCut`)
 * counts even when short: the rest of the token was cut off, and what is left is still part of it.
 */
function tokenEnd(text: string, start: number, atCut: boolean): number | undefined {
  for (const format of formatsByFirst.get(text[start]!) ?? []) {
    if (!text.startsWith(format.prefix, start)) continue;
    const isBody = bodyChar[format.body];
    let end = start + format.prefix.length;
    while (end < text.length && isBody(text.charCodeAt(end))) end++;
    const length = end - start - format.prefix.length;
    if (length >= format.min || (atCut && end === text.length && length > 0)) return end;
  }
  return undefined;
}

/**
 * Masks every token of {@link tokenFormats} that starts a word. Linear: a body scan that fails stops
 * within its format's `min` characters, and a match is skipped over whole.
 */
export function maskTokens(text: string, atCut = false): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && isAlnum(text.charCodeAt(i - 1))) continue;
    const end = tokenEnd(text, i, atCut);
    if (end === undefined) continue;
    out += text.slice(copied, i) + maskMarker;
    copied = end;
    i = end - 1;
  }
  return out + text.slice(copied);
}

const begin = '-----BEGIN ';
const dashes = '-----';
const isKeyLabel = (label: string) => (label.endsWith('PRIVATE KEY') || label.endsWith('PRIVATE KEY BLOCK')) && [...label].every((c) => c === ' ' || bodyChar.upper(c.charCodeAt(0)));

/**
 * Masks private-key blocks (PEM, OpenSSH, PGP `PRIVATE KEY BLOCK`) between their BEGIN and END lines. A
 * block with no END (cut off, or broken) is masked to the end of the text. A label is read within 64
 * characters, so a text of bare `-----BEGIN ` fragments costs one short look each.
 */
export function maskPrivateKeys(text: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(begin); at >= 0; at = text.indexOf(begin, from)) {
    const labelStart = at + begin.length;
    const labelEnd = text.slice(labelStart, labelStart + 64).indexOf(dashes);
    const label = labelEnd < 0 ? '' : text.slice(labelStart, labelStart + labelEnd);
    if (!isKeyLabel(label)) {
      out += text.slice(from, labelStart);
      from = labelStart;
      continue;
    }
    const endLine = `-----END ${label}${dashes}`;
    const endAt = text.indexOf(endLine, labelStart + labelEnd);
    out += `${text.slice(from, at)}${begin}${label}${dashes}${maskMarker}${endAt < 0 ? '' : endLine}`;
    from = endAt < 0 ? text.length : endAt + endLine.length;
  }
  return out + text.slice(from);
}

/** A stretch of text, `start` included, `end` excluded. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const authorityStops = new Set([' ', '\t', '\n', '\r', '/', '?', '#', '"', "'", '`', '<', '>', '\\']);

/** The password in a URL authority starting at `from` (`user:pw@`, `:pw@`); at the cut, whatever follows its colon. */
function urlPassword(text: string, from: number, atCut: boolean): Span | undefined {
  let colon = -1;
  let at = -1;
  let end = from;
  for (; end < text.length && !authorityStops.has(text[end]!); end++) {
    if (text[end] === '@') at = end;
    else if (text[end] === ':' && colon < 0) colon = end;
  }
  if (colon >= 0 && colon + 1 < at) return { start: colon + 1, end: at };
  return atCut && end === text.length && at < 0 && colon >= 0 && colon + 1 < end ? { start: colon + 1, end } : undefined;
}

/** Masks URL passwords, with or without a user: `postgresql://app:[MASKED]@db`, `redis://:[MASKED]@cache`. */
export function maskUrlCredentials(text: string, atCut = false): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    const password = at > 0 && isAlnum(text.charCodeAt(at - 1)) ? urlPassword(text, at + 3, atCut) : undefined;
    if (password === undefined) continue;
    out += text.slice(copied, password.start) + maskMarker;
    copied = password.end;
  }
  return out + text.slice(copied);
}

/** How a tool takes a password on its command line, beyond the generic `--password VALUE` and `password=VALUE`. */
export interface ProgramRule {
  /** Short flags whose attached value is a password (`-pVALUE`). */
  readonly attached?: string;
  /** Short flags whose next argument is a password (`-p VALUE`); only where the tool means it, `-p` is a port elsewhere. */
  readonly separate?: string;
  /** Flags whose value is `user:password` (curl `-u`); only what follows the separator is masked. */
  readonly userinfo?: readonly string[];
  /** The separator in {@link userinfo} values, `:` unless said. */
  readonly userinfoSeparator?: string;
  /** The flags mean a password only after this subcommand (`docker login -p`, not `docker run -p`). */
  readonly after?: string;
  /** After this word (redis-cli `AUTH`, `vault login`) or short flag (htpasswd `-b`), the last argument is the password. */
  readonly lastAfter?: string;
}

const tools = (names: readonly string[], rule: ProgramRule) => names.map((name) => [name, rule] as const);

/** Password-taking tools by the base name of their executable. */
export const programRules: ReadonlyMap<string, ProgramRule> = new Map([
  // `mysql -p` alone prompts, so only the attached `-pVALUE` is a password.
  ...tools(['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlcheck', 'mysqlshow', 'mysqlpump', 'mysqlsh', 'mycli', 'mariadb', 'mariadb-dump', 'mariadb-admin'], { attached: 'p' }),
  ...tools(['mongo', 'mongosh', 'mongodump', 'mongorestore', 'mongoexport', 'mongoimport', 'sshpass', 'useradd', 'usermod'], { attached: 'p', separate: 'p' }),
  ...tools(['redis-cli', 'valkey-cli', 'keydb-cli'], { attached: 'a', separate: 'a', lastAfter: 'auth' }),
  ...tools(['curl'], { userinfo: ['-u', '--user', '-U', '--proxy-user'] }),
  ...tools(['smbclient', 'rpcclient'], { userinfo: ['-U', '--user'], userinfoSeparator: '%' }),
  ...tools(['lftp'], { userinfo: ['-u'], userinfoSeparator: ',' }),
  ...tools(['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'helm', 'oras', 'az'], { attached: 'p', separate: 'p', after: 'login' }),
  ...tools(['sqlcmd', 'bcp'], { attached: 'P', separate: 'P' }),
  ...tools(['ldapsearch', 'ldapadd', 'ldapmodify', 'ldapdelete', 'ldapwhoami', 'ldappasswd', 'ldapcompare', 'ldapmodrdn'], { attached: 'w', separate: 'w' }),
  ...tools(['openssl'], { separate: 'k' }),
  ...tools(['htpasswd'], { lastAfter: '-b' }),
  ...tools(['vault'], { lastAfter: 'login' }),
]);
