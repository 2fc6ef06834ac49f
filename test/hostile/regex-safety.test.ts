/**
 * No regular expression in `src/` may backtrack super-linearly. Masking exports its patterns; every other
 * module's are found by parsing `src/**\/*.ts` with the TypeScript compiler (regex literals are tokens to
 * it, so this does not depend on how the source is laid out), and each goes through recheck, which finds
 * polynomial backtracking (`\s*x\s*$` on a run of spaces) as well as exponential, and names the attack
 * string. A star-height checker such as safe-regex2 misses the polynomial kind, which is what froze
 * classification on a category of 240,000 spaces.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { maskPatterns } from '../../src/evidence/mask';

const srcDir = join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface Found {
  readonly file: string;
  readonly source: string;
}

/** Every regex literal and every `RegExp(…)` / `new RegExp(…)` call of one file. */
function regexesOf(path: string): { literals: Found[]; constructed: Found[] } {
  const file = relative(srcDir, path).split('\\').join('/');
  const tree = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const literals: Found[] = [];
  const constructed: Found[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) literals.push({ file, source: node.getText(tree) });
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') constructed.push({ file, source: node.getText(tree) });
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return { literals, constructed };
}

/** recheck's verdict on one pattern; a fixed seed keeps its fuzzing (for patterns its automaton cannot model) repeatable. */
const verdict = (pattern: RegExp) => {
  const result = checkSync(pattern.source, pattern.flags, { randomSeed: 0, timeout: 20_000 });
  return result.status === 'vulnerable' ? `${result.status} ${result.complexity.type}` : result.status;
};

const toRegExp = (literal: string) => new RegExp(literal.slice(1, literal.lastIndexOf('/')), literal.slice(literal.lastIndexOf('/') + 1));

const found = sourceFiles(srcDir).map(regexesOf);
const literals = found.flatMap((f) => f.literals);
const constructed = found.flatMap((f) => f.constructed);

// Flagged by recheck but reviewed as linear on the input it gets, each for the reason given. A fix
// removes its line here; a new flagged pattern fails until it is rewritten or reviewed and listed.
const reviewed: Readonly<Record<string, string>> = {
  // Runs only after the anchored, unambiguous `^(?:\d+(?:ms|s|m|h|d))+$` accepted the text, so every `\d+` is followed by its unit.
  'lib/duration.ts /(\\d+)(ms|s|m|h|d)/g': 'vulnerable polynomial',
};

// Patterns built at run time, by file: only the query language compiles one, from the operator's query (not
// from log text), cached; masking builds none.
const constructedAllowed = new Set(['query/values.ts']);

describe('regular expressions in src/', () => {
  it('finds the literals of the source tree', () => {
    expect(literals.length).toBeGreaterThan(20);
  });

  it.each(maskPatterns.map((pattern) => [String(pattern), pattern] as const))('masking pattern %s is safe', (_source, pattern) => {
    expect(verdict(pattern)).toBe('safe');
  });

  it('every literal is safe, or reviewed as linear on its input', () => {
    const flagged = Object.fromEntries(literals.map((l) => [`${l.file} ${l.source}`, verdict(toRegExp(l.source))]).filter(([, v]) => v !== 'safe'));
    expect(flagged).toEqual(reviewed);
  }, 120_000);

  it('recheck finds both kinds of super-linear backtracking', () => {
    expect(verdict(/^(a+)+$/)).toBe('vulnerable exponential');
    expect(verdict(/\s*\(\s*preview\s*\)\s*$/i)).toBe('vulnerable polynomial');
  });

  // Not a timing test: a catastrophic pattern would not finish these before the test timeout.
  it('every literal finishes on long near-miss inputs', () => {
    const inputs = ['a', 'a-', '1s', '-', ' ', '\t', '0', '=', '"', '\\', 'a:', '/', '.', '@.'].flatMap((unit) => [unit.repeat(50_000), `${unit.repeat(50_000)}!`]);
    for (const { source } of literals) for (const input of inputs) expect(typeof toRegExp(source).test(input)).toBe('boolean');
  });

  it('patterns are built at run time only where reviewed, never in masking', () => {
    expect([...new Set(constructed.map((c) => c.file))].filter((file) => !constructedAllowed.has(file))).toEqual([]);
    expect(constructed.filter((c) => c.file.startsWith('evidence/'))).toEqual([]);
  });
});
