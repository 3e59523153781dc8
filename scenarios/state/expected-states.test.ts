import { describe, expect, it } from 'vitest';
import type { Scenario } from '../types.ts';
import { expectedStates } from './expected-states.ts';

const shaOf = (label: string) => label.padEnd(40, '0');
const CONFIG = '{\n  "owner": "o",\n  "repo": "r",\n  "watchdog_timeout_ms": 8000\n}\n';

function scenario(device: Partial<Scenario['device']> = {}): Scenario {
  return {
    name: 't',
    description: 't',
    device: { config: { owner: 'o', repo: 'r' }, installed: 'v1', files: { 'data/log.txt': 'mine' }, ...device },
    server: {
      repos: [
        {
          owner: 'o',
          name: 'r',
          commits: {
            v1: { files: { 'main.py': 'one', 'old.py': 'old', 'lib/a.py': 'a' } },
            v2: { parent: 'v1', files: { 'main.py': 'two', 'lib/sub/b.py': 'b', 'empty.py': '' }, delete: ['old.py'] },
          },
          tags: { v1: 'v1', v2: 'v2' },
          releases: [{ tag: 'v1' }, { tag: 'v2' }],
        },
      ],
    },
    expect: {},
  };
}

const asText = (m: Map<string, Uint8Array>) => Object.fromEntries([...m].map(([p, b]) => [p, new TextDecoder().decode(b)]).sort());

describe('expectedStates', () => {
  it('before is the provisioned board without updater state; after applies the update', () => {
    const { before, after, target } = expectedStates(scenario(), shaOf);
    expect(target).toBe('v2');
    expect(asText(before)).toEqual({ 'data/log.txt': 'mine', 'lib/a.py': 'a', 'main.py': 'one', 'old.py': 'old', 'ota_config.json': CONFIG });
    expect(asText(after)).toEqual({ 'data/log.txt': 'mine', 'empty.py': '', 'lib/a.py': 'a', 'lib/sub/b.py': 'b', 'main.py': 'two', 'ota_config.json': CONFIG });
  });

  it('on a fresh board nothing is deleted (no previous managed set is known)', () => {
    const { after } = expectedStates(scenario({ installed: undefined, files: { 'old.py': 'mine' } }), shaOf);
    expect(asText(after)['old.py']).toBe('mine');
  });

  it('already on the target: after equals before, a hand edit included, unless force repairs it', () => {
    const edited = scenario({ config: { owner: 'o', repo: 'r', tag: 'v1' }, files: { 'main.py': 'hand edit' } });
    const plain = expectedStates(edited, shaOf);
    expect(asText(plain.after)).toEqual(asText(plain.before));
    const forced = expectedStates({ ...edited, device: { ...edited.device, config: { owner: 'o', repo: 'r', tag: 'v1', force: true } } }, shaOf);
    expect(asText(forced.before)['main.py']).toBe('hand edit');
    expect(asText(forced.after)['main.py']).toBe('one');
  });

  it('ignored files stay as they are on both sides', () => {
    const s = scenario({ config: { owner: 'o', repo: 'r', ignore: ['lib'] }, files: { 'lib/a.py': 'local' } });
    const { before, after } = expectedStates(s, shaOf);
    expect(asText(before)['lib/a.py']).toBe('local');
    expect(asText(after)['lib/a.py']).toBe('local');
    expect(after.has('lib/sub/b.py')).toBe(false);
  });

  it('an unresolvable target leaves after equal to before', () => {
    const { after, before, target } = expectedStates(scenario({ config: { owner: 'o', repo: 'r', tag: 'nope' } }), shaOf);
    expect(target).toBeNull();
    expect(asText(after)).toEqual(asText(before));
  });
});

describe('expectedStates in manifest mode', () => {
  it("after is the manifest's file set, not the commit's", () => {
    const s = scenario();
    s.server.repos[0]!.releases = [{ tag: 'v1' }, { tag: 'v2', manifest: true, manifestPatch: { files: [{ path: 'main.py', size: 3, sha256: '0'.repeat(64), crc32: 0 }] } }];
    const { after } = expectedStates(s, shaOf);
    // old.py and lib/a.py leave with the manifest that omits them; lib/ may stay, empty.
    expect(asText(after)).toEqual({ 'data/log.txt': 'mine', 'lib/': '', 'main.py': 'two', 'ota_config.json': CONFIG });
  });

  it('an unpatched manifest lists the whole commit', () => {
    const s = scenario();
    s.server.repos[0]!.releases = [{ tag: 'v1' }, { tag: 'v2', manifest: true }];
    expect(asText(expectedStates(s, shaOf).after)).toEqual(asText(expectedStates(scenario(), shaOf).after));
  });
});
