import { describe, expect, it } from 'vitest';
import { isReserved, RESERVED_FILES } from './reserved.ts';

const dirs = { stage_dir: '.ota_stage', backup_dir: '.ota_backup' };

describe('RESERVED_FILES', () => {
  it('lists the nine state/config names and their .tmp twins', () => {
    expect(RESERVED_FILES).toHaveLength(18);
    for (const name of ['version.json', 'ota_error.json', 'ota_journal.json', 'ota_state.json', 'ota_defer.json', 'ota_config.json', 'ota_config.yaml', 'ota_config.yml', 'ota_config.toml']) {
      expect(RESERVED_FILES).toContain(name);
      expect(RESERVED_FILES).toContain(`${name}.tmp`);
    }
  });
});

describe('isReserved', () => {
  it('is true for every reserved root file', () => {
    for (const name of RESERVED_FILES) expect(isReserved(name, dirs)).toBe(true);
  });

  it('is false for the same names below the root (an app may have its own version.json)', () => {
    expect(isReserved('lib/version.json', dirs)).toBe(false);
    expect(isReserved('data/ota_config.json', dirs)).toBe(false);
  });

  it('is true for the stage and backup dirs and everything inside them', () => {
    expect(isReserved('.ota_stage', dirs)).toBe(true);
    expect(isReserved('.ota_stage/main.py', dirs)).toBe(true);
    expect(isReserved('.ota_backup/lib/x.py', dirs)).toBe(true);
  });

  it('does not treat a sibling with a common prefix as inside', () => {
    expect(isReserved('.ota_stagefile', dirs)).toBe(false);
    expect(isReserved('.ota_backup2/x', dirs)).toBe(false);
  });

  it('follows custom dirs, including nested ones and their parents', () => {
    const custom = { stage_dir: 'var/stage', backup_dir: '/var/backup/' };
    expect(isReserved('var/stage/a.py', custom)).toBe(true);
    expect(isReserved('var/backup/a.py', custom)).toBe(true);
    expect(isReserved('var', custom)).toBe(true); // a file here would block both dirs
    expect(isReserved('var/other.py', custom)).toBe(false);
    expect(isReserved('.ota_stage/x', custom)).toBe(false);
  });

  it('ignores case, because FAT does', () => {
    expect(isReserved('VERSION.JSON', dirs)).toBe(true);
    expect(isReserved('.OTA_Stage/x', dirs)).toBe(true);
  });

  it('is false for ordinary app files', () => {
    expect(isReserved('main.py', dirs)).toBe(false);
    expect(isReserved('version.py', dirs)).toBe(false);
  });
});
