// Files after recovery come from the kit as hashes: the lab resolves them from what it knows, takes
// the updater's small state files whole from the kit (a version.json written and then rolled back
// exists nowhere else — the first full virtual-board run failed `consistent` for want of it), and
// turns a hash it cannot resolve into bytes no version of any file has.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { foldKitEvents, parseKitEvents } from '../kit/index.ts';
import { ContentBook, foldForOracle } from './kit-adapter.ts';
import { withEmptyDirs } from '../../scenarios/state/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the kit report for the oracle', () => {
  const main = enc('print("v2")\n');
  const version = enc('{"ref": "v2", "commit": "abc"}');
  const lost = enc('a file the lab never saw');
  const events = [
    { ev: 'boot', boot: 0, cause: 3, ops: 0, armed: true },
    { ev: 'recovered', boot: 0, action: 'none', files: [['main.py', main.length, sha(main)], ['version.json', version.length, sha(version), Buffer.from(version).toString('base64')], ['x.py', lost.length, sha(lost)]], dirs: ['lib'] },
    { ev: 'end', boot: 0, why: 'idle', stop: true },
  ].map((e) => `#kit1 ${JSON.stringify(e)}`).join('\r\n');
  const folded = foldForOracle(foldKitEvents(parseKitEvents(events)), new ContentBook().add([main]), withEmptyDirs);
  const after = folded.boots[0]!.afterRecovery!;

  it('resolves known bytes, takes state files whole, marks the unknown', () => {
    expect(after.get('main.py')).toEqual(main);
    expect(after.get('version.json')).toEqual(version);
    expect(new TextDecoder().decode(after.get('x.py')!)).toContain(`content unknown to the lab (sha256 ${sha(lost)}`);
    expect(after.get('lib/')).toBeDefined();
    expect(folded.log.join('\n')).toContain('bytes unknown to the lab after recovery: x.py');
  });

  it('refuses state bytes that do not match their hash', () => {
    const forged = events.replace(Buffer.from(version).toString('base64'), Buffer.from(enc('{"ref": "v1"}')).toString('base64'));
    const f = foldForOracle(foldKitEvents(parseKitEvents(forged)), new ContentBook(), withEmptyDirs);
    expect(new TextDecoder().decode(f.boots[0]!.afterRecovery!.get('version.json')!)).toContain('content unknown to the lab');
  });
});
