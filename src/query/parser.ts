/**
 * Parser for the Cloud Logging query language. Precedence as documented: NOT, then OR, then AND
 * (so `a OR b AND c` is `(a OR b) AND c`); juxtaposition is AND; `-` is NOT.
 */
import { QuerySyntaxError } from '../errors';
import { type CompareOp, type Expr, type Literal, logEntryFields } from './ast';
import { type Token, tokenize } from './lexer';
import { compileRegex } from './values';

/** The longest query Cloud Logging accepts. */
export const maxQueryLength = 20_000;

const supportedFunctions = new Set(['log_id']);
const knownFunctions = new Set(['search', 'source', 'sample', 'ip_in_net', 'cast', 'regexp_extract', 'log_id']);
const rootFields = new Set<string>(logEntryFields);

/**
 * Parses a query into an expression tree. An empty query matches everything.
 * @throws QuerySyntaxError naming the construct it does not accept.
 */
export function parseQuery(query: string): Expr {
  if (query.length > maxQueryLength) {
    throw new QuerySyntaxError(`query is ${query.length} characters; the limit is ${maxQueryLength}`, maxQueryLength, 'query length');
  }
  const parser = new Parser(tokenize(query));
  const expr = parser.peek().type === 'eof' ? { kind: 'and' as const, items: [] } : parser.parseAnd(parser.termParser);
  parser.expectEnd();
  return expr;
}

type TermParser = () => Expr;

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'eof') this.fail(token, token.type === 'rparen' ? 'unbalanced )' : `unexpected ${JSON.stringify(token.value)}`);
  }

  private fail(token: Token, construct: string): never {
    throw new QuerySyntaxError(`unsupported or invalid syntax: ${construct}`, token.position, construct);
  }

  private isKeyword(token: Token, keyword: 'AND' | 'OR' | 'NOT'): boolean {
    return token.type === 'word' && token.value === keyword;
  }

  private startsTerm(token: Token): boolean {
    return token.type !== 'eof' && token.type !== 'rparen' && !this.isKeyword(token, 'OR') && !this.isKeyword(token, 'AND');
  }

  /** AND, explicit or implied by juxtaposition, binds loosest. */
  parseAnd(term: TermParser): Expr {
    const items = [this.parseOr(term)];
    for (;;) {
      if (this.isKeyword(this.peek(), 'AND')) this.next();
      else if (!this.startsTerm(this.peek())) break;
      items.push(this.parseOr(term));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private parseOr(term: TermParser): Expr {
    const items = [this.parseNot(term)];
    while (this.isKeyword(this.peek(), 'OR')) {
      this.next();
      items.push(this.parseNot(term));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private parseNot(term: TermParser): Expr {
    const token = this.peek();
    if (this.isKeyword(token, 'NOT') || token.type === 'minus') {
      this.next();
      return { kind: 'not', item: this.parseNot(term) };
    }
    if (token.type === 'lparen') {
      this.next();
      const inner = this.parseAnd(term);
      if (this.next().type !== 'rparen') this.fail(this.peek(-1), 'missing )');
      return inner;
    }
    if (!this.startsTerm(token)) this.fail(token, token.type === 'eof' ? 'unexpected end of query' : `unexpected ${token.value}`);
    return term();
  }

  readonly termParser: TermParser = () => {
    const token = this.peek();
    if (token.type === 'string') {
      this.next();
      return { kind: 'global', value: { text: token.value, quoted: true } };
    }
    if (token.type !== 'word') this.fail(token, `unexpected ${JSON.stringify(token.value)}`);
    if (this.peek(1).type === 'lparen' && !this.peek(1).spaced) return this.parseFunction();
    const path = this.parsePath();
    const op = this.peek();
    if (op.type !== 'op') return { kind: 'global', value: { text: token.value, quoted: false } };
    this.next();
    if (op.value === ':' && this.peek().type === 'star') {
      this.next();
      this.checkPath(path, token);
      return { kind: 'present', path };
    }
    this.checkPath(path, token);
    return this.parseRightSide(path, op.value as CompareOp);
  };

  private checkPath(path: readonly string[], token: Token): void {
    if (!rootFields.has(path[0] ?? '')) this.fail(token, `undefined field ${JSON.stringify(path.join('.'))}`);
  }

  /** `a.b."c.d".e`: words and adjacent quoted segments, with no white space between them. */
  private parsePath(): string[] {
    const first = this.next();
    const segments = splitWord(first.value);
    let wantsSegment = first.value.endsWith('.');
    for (let following = this.peek(); !following.spaced; following = this.peek()) {
      if (wantsSegment && following.type === 'string') {
        segments.push(following.value);
        wantsSegment = false;
      } else if (!wantsSegment && following.type === 'word' && following.value.startsWith('.')) {
        segments.push(...splitWord(following.value));
        wantsSegment = following.value.endsWith('.');
      } else {
        break;
      }
      this.next();
    }
    return segments;
  }

  private parseRightSide(path: readonly string[], op: CompareOp): Expr {
    if (this.peek().type === 'lparen') {
      this.next();
      const expr = this.parseAnd(() => this.compareWith(path, op, this.parseLiteral()));
      if (this.next().type !== 'rparen') this.fail(this.peek(-1), 'missing ) after value list');
      return expr;
    }
    return this.compareWith(path, op, this.parseLiteral());
  }

  private compareWith(path: readonly string[], op: CompareOp, value: Literal): Expr {
    if (op === '=~' || op === '!~') compileRegex(value.text, this.peek(-1).position);
    return { kind: 'compare', path, op, value };
  }

  private parseLiteral(): Literal {
    const token = this.next();
    if (token.type === 'string') return { text: token.value, quoted: true };
    if (token.type === 'word' && token.value !== 'AND' && token.value !== 'OR' && token.value !== 'NOT') {
      if (this.peek().type === 'lparen' && !this.peek().spaced) this.fail(token, `function ${token.value}() as a value`);
      return { text: token.value, quoted: false };
    }
    return this.fail(token, token.type === 'eof' ? 'missing value' : `unexpected ${JSON.stringify(token.value)} as a value`);
  }

  private parseFunction(): Expr {
    const name = this.next();
    const lower = name.value.toLowerCase();
    if (!supportedFunctions.has(lower)) {
      this.fail(name, knownFunctions.has(lower) ? `${name.value}() is not supported` : `unknown function ${name.value}()`);
    }
    this.next();
    const argument = this.next();
    if (argument.type !== 'string' || this.next().type !== 'rparen') this.fail(argument, 'log_id() takes one quoted log id');
    return { kind: 'logId', id: argument.value };
  }
}

function splitWord(word: string): string[] {
  return word.split('.').filter((part) => part !== '');
}
