// docs/SPEC.md shows one example of each state file; the writers must reproduce them byte for byte,
// so the spec cannot drift from the code.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVersion, pyJsonDumps, serializeVersion } from '../state/index.ts';
import { serializeJournal } from './journal-file.ts';
import { parseJournal } from './parse.ts';

const spec = readFileSync(resolve(import.meta.dirname, '../../docs/SPEC.md'), 'utf8');
const examples = [...spec.matchAll(/```json\n(.*?)\n```/gs)].map((m) => m[1]!);
const find = (prefix: string) => {
  const found = examples.find((e) => e.startsWith(prefix));
  if (found === undefined) throw new Error(`Failed to find the SPEC example starting ${prefix}`);
  return found;
};

describe('docs/SPEC.md examples', () => {
  it('version.json', () => {
    const text = find('{"ref"');
    const read = parseVersion(JSON.parse(text));
    expect(serializeVersion(read.version!)).toBe(text);
  });

  it('ota_journal.json', () => {
    const text = find('{"format": 1, "phase"');
    const parsed = parseJournal(JSON.parse(text));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(serializeJournal(parsed.journal)).toBe(text);
  });

  it('ota_error.json and ota_state.json', () => {
    for (const prefix of ['{"errors"', '{"format": 1, "rate_limited_until"']) {
      const text = find(prefix);
      expect(pyJsonDumps(JSON.parse(text))).toBe(text);
    }
  });
});
