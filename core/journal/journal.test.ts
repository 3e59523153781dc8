import { describe, expect, it } from 'vitest';
import { readTree, writeTree, useTempRoots } from '../commit/test-kit.ts';
import { deleteJournal, readJournal, serializeJournal, writeJournal } from './journal-file.ts';
import { parseJournal } from './parse.ts';
import type { Journal } from './types.ts';

const root = useTempRoots();

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

const sample: Journal = {
  format: 1,
  phase: 'apply',
  target: { ref: 'v2', commit: 'c2' },
  previous: { ref: 'v1', commit: 'c1' },
  previous_files: { 'main.py': B },
  target_files: { 'main.py': A, 'lib/x.py': A },
  rejected: [],
  stage_dir: '.ota_stage',
  backup_dir: '.ota_backup',
  mkdirs: ['lib'],
  ops: [
    { op: 'add', path: 'lib/x.py', sha: A, size: 3 },
    { op: 'replace', path: 'main.py', sha: A, size: 3, old_sha: B },
  ],
  boots: 0,
  max_boots: 3,
  error_limit: 10,
  created: 1_700_000_000_000,
};

describe('journal file', () => {
  it('round-trips through the flash with the documented key order', async () => {
    const r = root();
    await writeJournal(r.flash, sample);
    const text = readTree(r.dir)['ota_journal.json']!;
    expect(text.startsWith('{"format": 1, "phase": "apply", "target": {"ref": "v2", "commit": "c2"}, "previous": {"ref": "v1", "commit": "c1"}')).toBe(true);
    expect(text).toContain('"target_files": {"lib/x.py": "' + A + '", "main.py": "' + A + '"}');
    expect(await readJournal(r.flash)).toEqual({ kind: 'ok', journal: sample });
  });

  it('deletes itself and a stray tmp of a cut rewrite', async () => {
    const r = root();
    await writeJournal(r.flash, sample);
    writeTree(r.dir, { 'ota_journal.json.tmp': '{"format": 1' });
    await deleteJournal(r.flash);
    expect(readTree(r.dir)).toEqual({});
    expect(await readJournal(r.flash)).toEqual({ kind: 'none' });
  });

  it('reports a torn journal as invalid rather than guessing', async () => {
    const r = root();
    writeTree(r.dir, { 'ota_journal.json': serializeJournal(sample).slice(0, 50) });
    expect(await readJournal(r.flash)).toMatchObject({ kind: 'invalid' });
  });
});

describe('parseJournal refuses what recovery must not follow', () => {
  const bad = (patch: Record<string, unknown>) => parseJournal({ ...JSON.parse(serializeJournal(sample)), ...patch });
  it.each([
    [{ stage_dir: '' }, /stage_dir "" is empty/],
    [{ backup_dir: '../up' }, /backup_dir "..\/up" has a ".." segment/],
    [{ backup_dir: '.ota_stage/b' }, /overlap/],
    [{ phase: 'done' }, /unknown phase/],
    [{ format: 2 }, /unknown format/],
    [{ ops: [{ op: 'add', path: '/etc/x', sha: A, size: 1 }] }, /absolute/],
    [{ ops: [{ op: 'move', path: 'x', sha: A }] }, /unknown op/],
    [{ ops: [{ op: 'add', path: 'x', sha: 'short', size: 1 }] }, /sha is not a blob SHA/],
    [{ mkdirs: ['a//b'] }, /empty segment/],
    [{ boots: -1 }, /boots is not a count/],
  ])('%j', (patch, reason) => {
    const r = bad(patch);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
