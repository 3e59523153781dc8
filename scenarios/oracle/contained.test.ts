import { describe, expect, it } from 'vitest';
import { checkContained, escapesRoot } from './contained.ts';
import { buildFacts } from './facts.ts';
import { baseScenario, boardV2, ctx, run } from './oracle-fixtures.ts';

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
