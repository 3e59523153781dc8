import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumnOf } from './json-syntax.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a":}', 5, 'expected a value'],
    ["{'a':1}", 1, 'expected a key in double quotes'],
    ['{"a":1,}', 7, 'trailing comma before "}"'],
    ['[1,2,]', 5, 'trailing comma before "]"'],
    ['{"a":1 "b":2}', 7, 'expected "," or "}"'],
    ['{"a":"x\ny"}', 7, 'line break or control character'],
    ['{"a":"\\x"}', 6, 'invalid escape'],
    ['{"a":01}', 6, 'expected "," or "}"'],
    ['{"a":tru}', 5, 'expected a value'],
    ['{"a":1} x', 8, 'unexpected text after the end'],
    ['{"a":"open', 5, 'unterminated string'],
    ['{"a":', 5, 'unexpected end of file'],
  ])('%j: offset %i, %s', (text, offset, reason) => {
    expect(parses(text)).toBe(false);
    const issue = findJsonSyntaxError(text);
    expect(issue?.offset).toBe(offset);
    expect(issue?.reason).toContain(reason);
  });

  it('finds nothing wrong exactly when JSON.parse succeeds', () => {
    // Valid documents, then single-character mutations of them, then arbitrary strings.
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', ' ', '0', '-', '.', 'e', 'x', '\n', '\u0001'))
      .map(([doc, at, ch]) => {
        const k = at % (doc.length + 1);
        return doc.slice(0, k) + ch + doc.slice(k + (at % 2));
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string({ maxLength: 12 })), (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('lineColumnOf', () => {
  it('counts from 1 and restarts columns after each newline', () => {
    const text = 'ab\ncd\n\nef';
    expect(lineColumnOf(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnOf(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineColumnOf(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumnOf(text, 7)).toEqual({ line: 4, column: 1 });
    expect(lineColumnOf(text, text.length)).toEqual({ line: 4, column: 3 });
  });
});
