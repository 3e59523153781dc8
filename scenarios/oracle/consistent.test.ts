import { describe, expect, it } from 'vitest';
import { checkConsistent } from './consistent.ts';
import { buildFacts } from './facts.ts';
import { baseScenario, board, boardV1, boardV2, boot, ctx, run, shaOf } from './oracle-fixtures.ts';

const check = (r: ReturnType<typeof run>, s = baseScenario()) => checkConsistent(buildFacts(s, r, ctx));
const with_ = (b: Map<string, Uint8Array>, path: string, text: string) => new Map([...b, [path, new TextEncoder().encode(text)]]);

describe('consistent', () => {
  it('accepts version.json naming v1 on v1 files and v2 on v2 files', () => {
    expect(check(run(boardV2()))).toEqual([]);
  });

  it('fails version.json naming the new commit over the old files (H1)', () => {
    const h1 = with_(boardV1(), 'version.json', new TextDecoder().decode(boardV2().get('version.json')));
    const verdicts = check(run(h1, [boot(1, boardV1(), 'reset'), boot(2, h1)]));
    expect(verdicts.map((v) => v.boot)).toEqual([2, undefined]);
    expect(verdicts[0]!.message).toContain(`expected the installed commit ${shaOf('v1')}`);
  });

  it('fails the new files with version.json still naming the old commit', () => {
    const stale = with_(boardV2(), 'version.json', new TextDecoder().decode(boardV1().get('version.json')));
    expect(check(run(stale))[0]).toMatchObject({ invariant: 'consistent' });
  });

  it('fails new files with no version.json at all', () => {
    const gone = boardV2();
    gone.delete('version.json');
    expect(check(run(gone))).toHaveLength(1);
  });

  it('fails a files map that does not describe the installed set', () => {
    const wrongMap = with_(boardV2(), 'version.json', `{"ref": "v2.0", "commit": "${shaOf('v2')}", "files": {"main.py": "0000000000000000000000000000000000000000"}}`);
    const verdicts = check(run(wrongMap));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain('main.py');
  });

  it('accepts version.json without a files map (the predecessor format)', () => {
    expect(check(run(with_(boardV2(), 'version.json', `{"ref": "v2.0", "commit": "${shaOf('v2')}"}`)))).toEqual([]);
  });

  it('on a fresh board, accepts no version.json while nothing is installed', () => {
    const s = baseScenario({ device: { config: { owner: 'o', repo: 'r' } } });
    const fresh = board({ 'ota_config.json': JSON.stringify({ owner: 'o', repo: 'r', watchdog_timeout_ms: 8000 }, null, 2) + '\n' });
    expect(check(run(fresh, [boot(1, fresh)]), s)).toEqual([]);
    const claims = with_(fresh, 'version.json', `{"ref": "v2.0", "commit": "${shaOf('v2')}"}`);
    expect(check(run(claims, [boot(1, fresh)]), s)).toHaveLength(1);
  });
});
