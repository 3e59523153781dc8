import { describe, expect, it } from 'vitest';
import { checkClean } from './clean.ts';
import { buildFacts } from './facts.ts';
import { baseScenario, boardV2, ctx, run } from './oracle-fixtures.ts';

const check = (extra: Record<string, string>, config: Record<string, unknown> = { owner: 'o', repo: 'r' }) =>
  checkClean(buildFacts(baseScenario({ device: { config, installed: 'v1' } }), run(boardV2(extra)), ctx));

describe('clean', () => {
  it('accepts a board with only app files and state files', () => {
    expect(check({ 'ota_error.json': '{"errors": []}', 'ota_state.json': '{}' })).toEqual([]);
  });

  it.each([
    ['.ota_backup/x', 'a leftover backup'],
    ['.ota_stage/lib/b.py', 'a leftover staged file'],
    ['ota_journal.json', 'a journal'],
    ['version.json.tmp', 'a temporary'],
    ['ota_state.json.tmp', 'a state file temporary'],
    ['.ota_stage/lib/b.py.part', 'a download in flight'],
    ['.ota_stage/', 'an empty stage dir'],
    ['.ota_backup/lib/', 'an empty dir inside the backup dir'],
    ['.ota_resume/0.seg', 'a resumable partial left once the update is installed'],
  ])('fails %s (%s)', (path) => {
    const verdicts = check({ [path]: 'x' });
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain(path);
  });

  it("leaves a user's own *.tmp alone (only the updater's names count)", () => {
    expect(check({ 'data/log.tmp': 'x', 'notes.tmp': 'y', 'lib/a.py.tmp': 'z' })).toEqual([]);
  });

  it('does not count user files in a stage dir the config points at user data', () => {
    // The updater refuses a stage dir that is not a dedicated `.ota*` dir (core/paths/updater-dir.ts):
    // it never stages into `data`, so nothing there is a leftover of its own (contained judges it).
    const refused = baseScenario({ device: { config: { owner: 'o', repo: 'r', stage_dir: 'data' }, installed: 'v1', files: { 'data/log.txt': 'user data' } } });
    const judgeRefused = (extra: Record<string, string>) => checkClean(buildFacts(refused, run(boardV2(extra)), ctx));
    expect(judgeRefused({})).toEqual([]);
    expect(judgeRefused({ 'data/main.py': 'x' })).toEqual([]);
    expect(judgeRefused({ '.ota_stage/main.py': 'x' })[0]!.message).toContain('.ota_stage/main.py');
    // An accepted stage dir that holds provisioned files: those are the user's, what else is there the updater's.
    const scenario = baseScenario({ device: { config: { owner: 'o', repo: 'r', stage_dir: '.ota_data' }, installed: 'v1', files: { 'data/log.txt': 'user data', '.ota_data/log.txt': 'user data' } } });
    const judge = (extra: Record<string, string>) => checkClean(buildFacts(scenario, run(boardV2(extra)), ctx));
    expect(judge({ '.ota_data/log.txt': 'user data' })).toEqual([]); // provisioned: the user's
    expect(judge({ '.ota_data/log.txt': 'user data', '.ota_data/main.py': 'x' })[0]!.message).toContain('.ota_data/main.py');
  });

  it('uses the configured stage and backup dirs', () => {
    expect(check({ '.ota/bk/x': 'x' }, { owner: 'o', repo: 'r', backup_dir: '/.ota/bk/' })).toHaveLength(1);
    expect(check({ '.ota_backup_notes.txt': 'x' })).toEqual([]);
  });
});
