import { describe, expect, it } from 'vitest';
import type { UpdatePlan } from '../plan.ts';
import type { Flash, FlashStat } from '../ports/flash.ts';
import { BLOCK_BYTES, updateNeedBytes } from './space-need.ts';

/** A flash that only answers stat, from a list of existing dirs and files (path → size). */
function statOnly(dirs: string[], files: Record<string, number> = {}): Flash {
  const stat = async (p: string): Promise<FlashStat | null> =>
    dirs.includes(p) ? { kind: 'dir', size: 0 } : p in files ? { kind: 'file', size: files[p]! } : null;
  return { stat } as unknown as Flash;
}

const add = (path: string, size = 10) => ({ op: 'add' as const, path, sha: 'a'.repeat(40), size });
const planOf = (...ops: ReturnType<typeof add>[]): UpdatePlan => ({ ops, download: ops, downloadBytes: 0, unchanged: [], deletes: [], ignored: [], kept: {} });
const dirs = { stage_dir: '.ota_stage', backup_dir: '.ota_backup' };
const blocks = async (flash: Flash, plan: UpdatePlan) => (await updateNeedBytes(flash, plan, null, dirs, 0)) / BLOCK_BYTES;

describe('updateNeedBytes', () => {
  it('counts two blocks for every directory the update creates, in the stage and live', async () => {
    const flat = await blocks(statOnly([]), planOf(add('x.py')));
    const deep = await blocks(statOnly([]), planOf(add('a/b/c/x.py')));
    // a, a/b, a/b/c under the stage and live: 6 more directories, 2 blocks each
    expect(deep - flat).toBe(12);
  });

  it('does not count directories that already exist', async () => {
    const fresh = await blocks(statOnly([]), planOf(add('a/b/x.py')));
    const existing = await blocks(statOnly(['a', 'a/b']), planOf(add('a/b/x.py')));
    expect(fresh - existing).toBe(4);
  });

  it('reserves the journal and version.json with their temporaries and one more error record', async () => {
    // one staged file (2) + the stage dir (2) + the backup dir for the kept version.json (2)
    // + journal and version.json (2 + 2) + error record (1)
    expect(await blocks(statOnly([]), planOf(add('x.py')))).toBe(11);
    // a long error ring costs more
    expect(await blocks(statOnly([], { 'ota_error.json': 8000 }), planOf(add('x.py')))).toBe(13);
  });
});
