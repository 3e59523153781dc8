import { describe, expect, it } from 'vitest';
import { checkContained, escapesRoot } from './contained.ts';
import { buildFacts } from './facts.ts';
import { baseScenario, boardV1, boardV2, ctx, run } from './oracle-fixtures.ts';

const check = (files: Map<string, Uint8Array>) => checkContained(buildFacts(baseScenario(), run(files), ctx));

describe('contained', () => {
  it('accepts changes to managed files and state files only', () => {
    expect(check(boardV2({ 'ota_error.json': '{"errors": []}', '.ota_backup/x': '' }))).toEqual([]);
  });

  it('fails a modified config file', () => {
    const verdicts = check(boardV2({ 'ota_config.json': '{"owner": "YOUR_GITHUB_USERNAME"}' }));
    expect(verdicts[0]!.message).toContain('ota_config.json (modified)');
  });

  it('fails deleted user data', () => {
    const b = boardV2();
    b.delete('data/log.txt');
    expect(check(b)[0]!.message).toContain('data/log.txt (deleted)');
  });

  it('fails a file that no commit contains (e.g. the repo README installed despite ignore)', () => {
    expect(check(boardV2({ 'notes.txt': 'x' }))[0]!.message).toContain('notes.txt (created)');
  });

  it("fails a user's *.tmp that changed or vanished", () => {
    const scenario = baseScenario({ device: { config: { owner: 'o', repo: 'r' }, installed: 'v1', files: { 'data/log.txt': 'user data', 'data/log.tmp': 'half a line' } } });
    const judge = (files: Map<string, Uint8Array>) => checkContained(buildFacts(scenario, run(files), ctx));
    expect(judge(boardV2({ 'data/log.tmp': 'half a line' }))).toEqual([]);
    expect(judge(boardV2())[0]!.message).toContain('data/log.tmp (deleted)');
    expect(judge(boardV2({ 'data/log.tmp': '' }))[0]!.message).toContain('data/log.tmp (modified)');
  });

  it('fails user files deleted from a stage or backup dir the config points at user data', () => {
    for (const key of ['stage_dir', 'backup_dir']) {
      // The updater refuses a dir that is not a dedicated `.ota*` dir, so `data` stays the user's:
      // a file deleted from it or created in it is the updater reaching outside its files.
      for (const dir of ['data', '.ota_data']) {
        const config = { owner: 'o', repo: 'r', [key]: dir };
        const scenario = baseScenario({ device: { config, installed: 'v1', files: { 'data/log.txt': 'user data', [`${dir}/notes.txt`]: 'user notes' } } });
        // As the lab provisions it: with its watchdog (scenarios/state/config-file.ts).
        const configFile = { 'ota_config.json': JSON.stringify({ ...config, watchdog_timeout_ms: 8000 }, null, 2) + '\n' };
        const intact = { ...configFile, [`${dir}/notes.txt`]: 'user notes' };
        expect(checkContained(buildFacts(scenario, run(boardV2(intact)), ctx))).toEqual([]);
        const wiped = boardV2({ ...configFile, [`${dir}/`]: '' });
        wiped.delete('data/log.txt');
        const verdicts = checkContained(buildFacts(scenario, run(wiped), ctx));
        expect(verdicts).toHaveLength(1);
        expect(verdicts[0]!.message).toContain(`${dir}/notes.txt (deleted)`);
        const created = checkContained(buildFacts(scenario, run(boardV2({ ...intact, [`${dir}/main.py`]: 'x' })), ctx));
        if (dir === 'data') expect(created[0]!.message).toContain('data/main.py (created)');
        // What the updater itself puts in a dir it owns is its own business (clean judges leftovers).
        else expect(created).toEqual([]);
      }
    }
  });

  it("still treats a planted half-finished update's stage and backup files as the updater's", () => {
    const scenario = baseScenario({ device: { config: { owner: 'o', repo: 'r' }, installed: 'v1', files: { 'data/log.txt': 'user data', '.ota_backup/main.py': 'print(1)' } } });
    expect(checkContained(buildFacts(scenario, run(boardV2()), ctx))).toEqual([]);
  });

  it('fails an empty directory created outside the managed set, allows one the update needs or emptied', () => {
    expect(check(boardV2({ 'cache/': '' }))[0]!.message).toContain('cache/ (empty directory created)');
    expect(check(boardV2({ 'lib/c/': '' }))[0]!.message).toContain('lib/c/ (empty directory created)');
    expect(check(boardV1({ 'lib/': '' }))).toEqual([]);
  });

  it('fails a path escaping the root', () => {
    const verdicts = check(boardV2({ '../boot.py': 'evil' }));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain('../boot.py');
  });

  it('recognises escaping paths', () => {
    expect(['../x', 'a/../b', '/abs', 'a//b', './a', 'a\\b'].every(escapesRoot)).toBe(true);
    expect(['a', 'a/b.py', '.ota_stage/x', 'a..b'].some(escapesRoot)).toBe(false);
  });
});
