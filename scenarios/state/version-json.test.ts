import { describe, expect, it } from 'vitest';
import { versionJsonText } from './version-json.ts';

describe('versionJsonText', () => {
  it('matches the predecessor test byte string', () => {
    expect(versionJsonText('ref123', 'c1')).toBe('{"ref": "ref123", "commit": "c1"}');
  });

  it('escapes like Python ensure_ascii, sorts files by code point', () => {
    // python3 -c 'import json; print(json.dumps({"ref": "é\x7f😀", "commit": "x"}))'
    expect(versionJsonText('é\u007f😀', 'x')).toBe('{"ref": "\\u00e9\\u007f\\ud83d\\ude00", "commit": "x"}');
    const files = new Map([['b', '2'], ['a/z', '1'], ['\u{1F600}', '4'], ['\uFFFD', '3']]);
    // Code point order: 'a/z' < 'b' < U+FFFD < U+1F600 (UTF-16 order would put the emoji first).
    expect(versionJsonText('r', 'c', files)).toBe('{"ref": "r", "commit": "c", "files": {"a/z": "1", "b": "2", "\\ufffd": "3", "\\ud83d\\ude00": "4"}}');
  });
});
