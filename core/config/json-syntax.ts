/**
 * Locates the first JSON syntax error. V8's JSON.parse messages omit the position for some errors
 * and quote the surrounding source for others, which could put a token into a log; this scanner
 * gives an offset and a reason that quotes nothing. It runs only after JSON.parse has failed.
 */

export interface JsonSyntaxIssue {
  /** UTF-16 offset of the offending character (text.length at end of input). */
  offset: number;
  reason: string;
}

class Stop {
  constructor(readonly issue: JsonSyntaxIssue) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

export function findJsonSyntaxError(text: string): JsonSyntaxIssue | null {
  let i = 0;
  const stop = (reason: string, at = i): never => {
    throw new Stop({ offset: at, reason: at >= text.length ? 'unexpected end of file' : reason });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    const start = i++;
    for (;;) {
      if (i >= text.length) stop('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) stop('line break or control character inside a string (write it as \\n)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) stop('invalid \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else stop('invalid escape in a string');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) stop('unexpected end of file');
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c! >= '0' && c! <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) stop('invalid number');
      i = NUMBER.lastIndex;
      return;
    }
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return void (i += word.length);
    stop(c === "'" ? 'strings need double quotes' : 'unexpected character (expected a value)');
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') stop(text[i] === '}' ? 'trailing comma before "}"' : 'expected a key in double quotes');
      string();
      ws();
      if (text[i] !== ':') stop('expected ":" after a key');
      i++;
      value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') return void i++;
      else stop('expected "," or "}" after a value (a missing comma?)');
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      ws();
      if (text[i] === ']') stop('trailing comma before "]"');
      value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return void i++;
      else stop('expected "," or "]" after a value (a missing comma?)');
    }
  };
  try {
    value();
    ws();
    if (i < text.length) stop('unexpected text after the end of the JSON value');
    return null;
  } catch (err) {
    if (err instanceof Stop) return err.issue;
    throw err;
  }
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
