import { describe, expect, it } from 'vitest';
import { errorFor, validate } from './test-helpers.ts';

describe('allow and ignore', () => {
  it('are normalised like the predecessor: empties dropped, "/" stripped at both ends', () => {
    const { config, warnings } = validate({ allow: ['/allowed/', '', '/exact.txt'], ignore: ['/allowed/skip/', '/'] });
    expect(config.allow).toEqual(['allowed', 'exact.txt']);
    expect(config.ignore).toEqual(['allowed/skip']);
    expect(warnings).toEqual([]);
  });

  it('must be lists; a bare string gets the bracketed fix', () => {
    const err = errorFor({ allow: 'lib' });
    expect(err.key).toBe('allow');
    expect(err.message).toContain('"allow" must be a list of paths (got "lib"); write ["lib"]');
  });

  it('entries must be strings', () => {
    const err = errorFor({ ignore: ['tests', 5] });
    expect(err.key).toBe('ignore');
    expect(err.message).toContain('"ignore" entry 2 must be a path string (got 5)');
  });

  it.each(['../etc', 'a//b', 'lib\\x', 'a/./b'])('reject an entry no repository path could match: %j', (entry) => {
    const err = errorFor({ allow: [entry] });
    expect(err.key).toBe('allow');
    expect(err.message).toContain(`"allow" entry ${JSON.stringify(entry)}`);
  });

  it('warn that "*" is not a glob, and how to allow everything', () => {
    const { config, warnings } = validate({ allow: ['*'], ignore: ['*.pyc'] });
    expect(config.allow).toEqual(['*']); // kept literally: exact-or-prefix semantics are unchanged
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('"allow" entry "*" contains "*", but globs are not supported');
    expect(warnings[0]).toContain('to allow everything, leave "allow" empty');
    expect(warnings[1]).toContain('"ignore" entry "*.pyc"');
  });
});

describe('stage_dir and backup_dir', () => {
  it('are made root-relative', () => {
    const { config } = validate({ stage_dir: '/.ota/stage/', backup_dir: '/.ota_bak' });
    expect(config.stage_dir).toBe('.ota/stage');
    expect(config.backup_dir).toBe('.ota_bak');
  });

  // The updater deletes whatever is in them: user data, the root or a library would be wiped.
  it.each([
    ['stage_dir', '/', 'is the device root'],
    ['stage_dir', 'data', 'is not a dedicated updater directory'],
    ['backup_dir', 'lib', 'is not a dedicated updater directory'],
    ['stage_dir', 'data/.ota_stage', 'is not a dedicated updater directory'],
    ['backup_dir', '/var/stage/', 'its top-level name must start with ".ota"'],
    ['stage_dir', '../up', '".." segment'],
    ['backup_dir', 'a//b', 'empty segment'],
    ['backup_dir', 'C:/ota', 'drive prefix'],
  ])('%s = %j is rejected (%s)', (key, value, fragment) => {
    const err = errorFor({ [key]: value });
    expect(err.key).toBe(key);
    expect(err.message).toContain(fragment);
  });

  it('must differ (ignoring case, as FAT does)', () => {
    const err = errorFor({ stage_dir: '.ota', backup_dir: '/.OTA' });
    expect(err.key).toBe('backup_dir');
    expect(err.message).toContain('"stage_dir" and "backup_dir" must be different directories');
  });

  it('must not be nested, either way round', () => {
    expect(errorFor({ stage_dir: '.ota', backup_dir: '.ota/backup' }).message).toContain('must not be inside one another');
    expect(errorFor({ stage_dir: '.ota/stage', backup_dir: '.ota' }).key).toBe('backup_dir');
  });

  it('may be siblings that share a prefix', () => {
    const { config } = validate({ stage_dir: '.ota', backup_dir: '.ota_backup' });
    expect([config.stage_dir, config.backup_dir]).toEqual(['.ota', '.ota_backup']);
  });
});
