/** Tokenizer for the Cloud Logging query language. */
import { QuerySyntaxError } from '../errors';

/** Token types. */
export const tokenTypes = ['string', 'word', 'op', 'lparen', 'rparen', 'comma', 'star', 'minus', 'eof'] as const;
/** One of {@link tokenTypes}. */
export type TokenType = (typeof tokenTypes)[number];

/** One token, with its decoded value and whether white space came before it. */
export interface Token {
  readonly type: TokenType;
  /** Decoded text: the string's content, the word, the operator. */
  readonly value: string;
  readonly position: number;
  /** True when white space or a comment separates it from the previous token. */
  readonly spaced: boolean;
}

const operators = ['=~', '!~', '!=', '<=', '>=', '=', '<', '>', ':'] as const;
const wordStop = /[\s()"=!<>:,~]/;
const simpleEscapes: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };

/**
 * Splits a query into tokens.
 * @throws QuerySyntaxError for an unterminated string or a stray character.
 */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = true;
  const push = (type: TokenType, value: string, position: number) => {
    tokens.push({ type, value, position, spaced });
    spaced = false;
  };
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      spaced = true;
    } else if (query.startsWith('--', i)) {
      while (i < query.length && query[i] !== '\n') i++;
      spaced = true;
    } else if (ch === '"') {
      const { value, end } = readString(query, i);
      push('string', value, i);
      i = end;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === '*') {
      push(ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : ch === ',' ? 'comma' : 'star', ch, i);
      i++;
    } else if (ch === '-' && spaced && i + 1 < query.length && !/\s/.test(query[i + 1]!) && tokens.at(-1)?.type !== 'op') {
      push('minus', ch, i);
      i++;
    } else {
      const { type, end } = operatorOrWord(query, i);
      push(type, query.slice(i, end), i);
      i = end;
    }
  }
  tokens.push({ type: 'eof', value: '', position: query.length, spaced: true });
  return tokens;
}

/** An operator at `start`, or else a bare word, and where it ends. */
function operatorOrWord(query: string, start: number): { type: 'op' | 'word'; end: number } {
  const op = operators.find((candidate) => query.startsWith(candidate, start));
  if (op !== undefined) return { type: 'op', end: start + op.length };
  let end = start;
  while (end < query.length && !wordStop.test(query[end]!)) end++;
  if (end === start) throw new QuerySyntaxError(`unexpected character ${JSON.stringify(query[start])}`, start, query[start]!);
  return { type: 'word', end };
}

function readString(query: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < query.length) {
    const ch = query[i]!;
    if (ch === '"') return { value, end: i + 1 };
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = query[i + 1];
    if (next === undefined) break;
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(query.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(query.slice(i + 2, i + 6), 16));
      i += 6;
      continue;
    }
    // Unknown escapes stay as written: regular expressions rely on that (`"\\d"`, `"\."`).
    value += simpleEscapes[next] ?? `\\${next}`;
    i += 2;
  }
  throw new QuerySyntaxError('unterminated string', start, 'unterminated string');
}
