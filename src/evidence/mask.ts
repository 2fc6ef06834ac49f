/**
 * Secret masking for command lines, environment variables and script text, applied before
 * anything is published or printed. The marker keeps the shape readable: `--password=[MASKED]`.
 */

/** What replaces a secret. */
export const maskMarker = '[MASKED]';

const secretWord = '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|secret[-_]?key|private[-_]?key|client[-_]?secret|auth(?:[-_]?token)?|credentials?|session[-_]?id|sig(?:nature)?)';

const patterns: readonly { readonly pattern: RegExp; readonly replace: string }[] = [
  { pattern: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g, replace: `-----BEGIN $1PRIVATE KEY-----${maskMarker}-----END $1PRIVATE KEY-----` },
  { pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, replace: `$1 ${maskMarker}` },
  { pattern: /\b(authorization|x-api-key|x-auth-token|cookie)(\s*[:=]\s*)(?:(?:Bearer|Basic|Token)\s+)?("[^"]*"|'[^']*'|[^\s'"]+)/gi, replace: `$1$2${maskMarker}` },
  { pattern: new RegExp(`(\\b[\\w.-]*${secretWord}[\\w.-]*\\s*[=:]\\s*)("[^"]*"|'[^']*'|[^\\s&;'"]+)`, 'gi'), replace: `$1${maskMarker}` },
  { pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, replace: `$1${maskMarker}@` },
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: maskMarker },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replace: maskMarker },
  { pattern: /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,}|sk_live_[A-Za-z0-9]{16,})\b/g, replace: maskMarker },
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, replace: maskMarker },
];

const secretFlag = new RegExp(`^--?[\\w.-]*${secretWord}[\\w.-]*$`, 'i');
const secretName = new RegExp(secretWord, 'i');

/** Masks every secret pattern in free text. */
export function maskText(text: string): string {
  return patterns.reduce((masked, { pattern, replace }) => masked.replace(pattern, replace), text);
}

/** Masks an argument vector: secrets inside each arg, and the arg after a bare secret flag (`--password hunter2`). */
export function maskArgs(args: readonly string[]): string[] {
  return args.map((arg, index) => (index > 0 && secretFlag.test(args[index - 1]!) ? maskMarker : maskText(arg)));
}

/** Masks an environment variable's value when its name or its value looks secret. */
export function maskEnv(name: string, value: string): string {
  return secretName.test(name) ? maskMarker : maskText(value);
}
