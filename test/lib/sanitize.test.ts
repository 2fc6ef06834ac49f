import fc from 'fast-check';
import { escapeJsonText, escapeStrings, escapeUnsafe, hasUnsafe, oneLine } from '../../src/lib/sanitize';

// Everything the sanitiser promises to neutralise, as [name, character].
const unsafe: readonly [string, string][] = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['BS', '\b'],
  ['TAB', '\t'],
  ['LF', '\n'],
  ['CR', '\r'],
  ['ESC', '\u001b'],
  ['US', '\u001f'],
  ['DEL', '\u007f'],
  ['PAD (C1)', '\u0080'],
  ['NEL', '\u0085'],
  ['CSI (C1)', '\u009b'],
  ['APC (C1)', '\u009f'],
  ['soft hyphen', '\u00ad'],
  ['combining grapheme joiner', '\u034f'],
  ['Arabic letter mark', '\u061c'],
  ['Hangul filler', '\u3164'],
  ['ZWSP', '\u200b'],
  ['ZWNJ', '\u200c'],
  ['ZWJ', '\u200d'],
  ['LRM', '\u200e'],
  ['RLM', '\u200f'],
  ['line separator', '\u2028'],
  ['paragraph separator', '\u2029'],
  ['LRE', '\u202a'],
  ['RLE', '\u202b'],
  ['PDF', '\u202c'],
  ['LRO', '\u202d'],
  ['RLO', '\u202e'],
  ['word joiner', '\u2060'],
  ['invisible times', '\u2062'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
  ['BOM', '\ufeff'],
  ['interlinear annotation', '\ufff9'],
  ['tag A', '\u{e0041}'],
  ['variation selector 17', '\u{e0100}'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate', '\udfff'],
  // Found by a red-team read: format and default-ignorable characters outside the old list.
  ['variation selector 16', '\ufe0f'],
  ['variation selector 15', '\ufe0e'],
  ['Mongolian free variation selector', '\u180b'],
  ['Khmer inherent vowel', '\u17b4'],
  ['Arabic number sign', '\u0600'],
  ['Arabic end of ayah', '\u06dd'],
  ['Syriac abbreviation mark', '\u070f'],
  ['Arabic pound mark above', '\u0890'],
  ['Arabic disputed end of ayah', '\u08e2'],
  ['Kaithi number sign', '\u{110bd}'],
  ['Egyptian hieroglyph joiner', '\u{13430}'],
  ['shorthand format letter overlap', '\u{1bca0}'],
  ['musical symbol begin beam', '\u{1d173}'],
];

describe('the output sanitiser', () => {
  it.each(unsafe)('escapes %s visibly', (_name, ch) => {
    const out = escapeUnsafe(`a${ch}b`);
    expect(out).not.toContain(ch);
    expect(out).toMatch(/^a\\(n|r|t|u[0-9a-f]{4}|u\{[0-9a-f]+\})b$/);
    expect(hasUnsafe(`a${ch}b`)).toBe(true);
    expect(hasUnsafe(out)).toBe(false);
  });

  it('writes familiar escapes', () => {
    expect(escapeUnsafe('\u001b[31m\n\r\t\u202e\u{e0041}')).toBe('\\u001b[31m\\n\\r\\t\\u202e\\u{e0041}');
  });

  it('keeps text a person needs: letters of any script, emoji, quotes and backslashes', () => {
    const text = 'naïve façade Ελληνικά العربية 日本語 👩‍💻'.replace('\u200d', '') + ' "q" \\ `b` <x> 🇩🇪';
    expect(escapeUnsafe(text)).toBe(text);
  });

  it('is idempotent, so text escaped when the summary was built is not escaped twice', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const once = escapeUnsafe(text);
        expect(escapeUnsafe(once)).toBe(once);
        expect(hasUnsafe(once)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('oneLine bounds the length and never ends on half an escape or half a surrogate pair', () => {
    expect(oneLine('abc\u202edef', 6)).toBe('abc…');
    expect(oneLine('ab😀cd', 4)).toBe('ab…');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const line = oneLine(text, max);
        expect(line.length).toBeLessThanOrEqual(max);
        expect(hasUnsafe(line)).toBe(false);
        expect(line).not.toMatch(/\\u[0-9a-f]{0,3}…$|\\u\{[0-9a-f]*…$/);
      }),
      { numRuns: 500 },
    );
  });

  it('escapeStrings escapes every string of a JSON-like value, keys too, and keeps the rest', () => {
    const value = { a: 'x\u001by', list: ['\u202e', 1, true, null], nested: { 'k\n': { deep: '\u2028' } } };
    expect(escapeStrings(value)).toEqual({ a: 'x\\u001by', list: ['\\u202e', 1, true, null], nested: { 'k\\n': { deep: '\\u2028' } } });
    expect(value.a).toBe('x\u001by');
  });
});

describe('escapeJsonText (NDJSON lines)', () => {
  it.each(unsafe)('%s: the line holds only its \\u escape, and parses back to the same value', (_name, ch) => {
    const value = { [`k${ch}`]: [`a${ch}b`, { deep: ch }], n: 1 };
    const line = escapeJsonText(JSON.stringify(value));
    expect(hasUnsafe(line)).toBe(false);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(value);
  });

  it('any string survives: same value, nothing unsafe left, one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const line = escapeJsonText(JSON.stringify({ text }));
        return !hasUnsafe(line) && JSON.parse(line).text === text;
      }),
    );
  });
});
