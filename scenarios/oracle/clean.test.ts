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
    ['lib/a.py.tmp', 'a nested temporary'],
  ])('fails %s (%s)', (path) => {
    const verdicts = check({ [path]: 'x' });
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain(path);
  });

  it('uses the configured stage and backup dirs', () => {
    expect(check({ '.ota/bk/x': 'x' }, { owner: 'o', repo: 'r', backup_dir: '/.ota/bk/' })).toHaveLength(1);
    expect(check({ '.ota_backup_notes.txt': 'x' })).toEqual([]);
  });
});
