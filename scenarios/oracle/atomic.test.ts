import { describe, expect, it } from 'vitest';
import { checkAtomic } from './atomic.ts';
import { buildFacts } from './facts.ts';
import { baseScenario, boardV1, boardV2, boot, ctx, run } from './oracle-fixtures.ts';

const check = (r: ReturnType<typeof run>) => checkAtomic(buildFacts(baseScenario(), r, ctx));

describe('atomic', () => {
  it('accepts boards that are exactly v1 or exactly v2 at every checkpoint', () => {
    expect(check(run(boardV2(), [boot(1, boardV1(), 'power-cut'), boot(2, boardV1(), 'reset'), boot(3, boardV2())]))).toEqual([]);
  });

  it('ignores the updater state (stage, backup, journal) when comparing', () => {
    const midTrial = boardV2({ '.ota_backup/main.py': 'print(1)', 'ota_journal.json': '{}', 'ota_error.json.tmp': '' });
    expect(check(run(boardV2(), [boot(1, boardV1(), 'reset'), boot(2, midTrial)]))).toEqual([]);
  });

  it('fails a mix of old and new files after recovery, naming the boot and the paths', () => {
    const mix = boardV1({ 'main.py': 'print(2)' });
    const verdicts = check(run(boardV2(), [boot(1, boardV1(), 'power-cut'), boot(2, mix, 'reset'), boot(3, boardV2())]));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ invariant: 'atomic', boot: 2 });
    expect(verdicts[0]!.message).toContain('main.py');
  });

  it('fails a new file that survived on the old version (H2)', () => {
    const verdicts = check(run(boardV1({ 'lib/b.py': 'b = 2' }), [boot(1, boardV1())]));
    expect(verdicts.map((v) => v.boot)).toEqual([undefined]);
    expect(verdicts[0]!.message).toContain('lib/b.py');
  });

  it('fails an empty directory the update created and a rollback left behind', () => {
    const verdicts = check(run(boardV1({ 'pkg/sub/': '' }), [boot(1, boardV1())]));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain('pkg/sub/');
  });

  it('accepts the directory a delete emptied, whether the updater keeps it or not', () => {
    const scenario = baseScenario();
    const repo = scenario.server.repos[0]!;
    repo.commits.v1!.files = { ...repo.commits.v1!.files, 'old/x.py': 'x' };
    repo.commits.v2!.delete = ['old.py', 'old/x.py'];
    const judge = (files: ReturnType<typeof boardV2>) => checkAtomic(buildFacts(scenario, run(files, [boot(1, boardV1({ 'old/x.py': 'x' }))]), ctx));
    expect(judge(boardV2({ 'old/': '' }))).toEqual([]);
    expect(judge(boardV2())).toEqual([]);
  });

  it('fails a checkpoint where a user file vanished', () => {
    const lost = boardV2();
    lost.delete('data/log.txt');
    expect(check(run(lost, [boot(1, boardV1(), 'reset'), boot(2, boardV2())]))).toHaveLength(1);
  });
});
