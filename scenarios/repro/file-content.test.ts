// Dumped bytes survive the trip through YAML exactly: text as text, everything else as base64.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fileBytes } from '../../sim/github/files.ts';
import { parseScenario } from '../load/index.ts';
import { fileContent } from './file-content.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('fileContent', () => {
  it('keeps UTF-8 text as a string, and sends binary, `${`, NUL and a BOM through base64', () => {
    expect(fileContent(enc("print('é')\r\n"))).toBe("print('é')\r\n");
    expect(fileContent(new Uint8Array([0xff, 0x00, 0x80]))).toEqual({ base64: '/wCA' });
    expect(fileContent(enc('x = "${commit:v1}"'))).toHaveProperty('base64');
    expect(fileContent(enc('a\0b'))).toHaveProperty('base64');
    expect(fileContent(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toHaveProperty('base64');
  });

  it('every case comes back byte for byte from a loaded scenario (placeholders are not expanded)', () => {
    const cases = [enc("print('é')\r\n"), new Uint8Array([0xff, 0x00, 0x80]), enc('x = "${commit:v1}"'), new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), enc(' lead\ttab \n\n')];
    const files = Object.fromEntries(cases.map((b, i) => [`f${i}`, fileContent(b)]));
    const s = parseScenario(stringify({ description: 'd', device: { config: { owner: 'o', repo: 'r' }, files }, server: { repos: [{ owner: 'o', name: 'r', commits: { v1: {} } }] }, expect: {} }), 'f.yaml');
    cases.forEach((b, i) => expect(Buffer.compare(fileBytes(s.device.files![`f${i}`]!), b)).toBe(0));
  });
});
