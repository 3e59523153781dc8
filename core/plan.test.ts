import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeTree, useTempRoots } from './commit/test-kit.ts';
import { isOtaError } from './errors.ts';
import { planUpdate, type TargetFile } from './plan.ts';

const root = useTempRoots();

// Git's definition, computed here independently of core/hash.
const blob = (t: string) => createHash('sha1').update(`blob ${Buffer.byteLength(t)}\0${t}`).digest('hex');
const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
const tf = (t: string): TargetFile => ({ sha: blob(t), size: Buffer.byteLength(t) });
const all = () => true;

describe('planUpdate', () => {
  it('compares with the installed blob SHA: unchanged, replace, add', async () => {
    const r = root();
    writeTree(r.dir, { 'same.py': 'same', 'changed.py': 'old' });
    const plan = await planUpdate(r.flash, {
      target: new Map([['same.py', tf('same')], ['changed.py', tf('new')], ['lib/new.py', tf('fresh')]]),
      installed: { ref: 'v1', commit: 'c1', files: { 'same.py': blob('same'), 'changed.py': blob('old') } },
      managed: all,
    });
    expect(plan.unchanged).toEqual(['same.py']);
    expect(plan.kept).toEqual({ 'same.py': blob('same') });
    expect(plan.ops).toEqual([
      { op: 'replace', path: 'changed.py', sha: blob('new'), size: 3, old_sha: blob('old') },
      { op: 'add', path: 'lib/new.py', sha: blob('fresh'), size: 5 },
    ]);
    expect(plan.download.map((d) => d.path)).toEqual(['changed.py', 'lib/new.py']);
    expect(plan.downloadBytes).toBe(8);
  });

  it('trusts the file, not version.json: a hand-edited file is repaired, a recorded-but-different one too', async () => {
    const r = root();
    writeTree(r.dir, { 'app.py': 'edited by hand' });
    const plan = await planUpdate(r.flash, {
      target: new Map([['app.py', tf('release')]]),
      installed: { ref: 'v1', commit: 'c1', files: { 'app.py': blob('release') } },
      managed: all,
    });
    expect(plan.ops).toEqual([{ op: 'replace', path: 'app.py', sha: blob('release'), size: 7, old_sha: blob('edited by hand') }]);
  });

  it('treats empty files as files: an empty live file matching an empty target is unchanged, a missing one is added', async () => {
    const r = root();
    writeTree(r.dir, { '__init__.py': '' });
    const plan = await planUpdate(r.flash, {
      target: new Map([['__init__.py', tf('')], ['pkg/__init__.py', tf('')]]),
      installed: null,
      managed: all,
    });
    expect(plan.unchanged).toEqual(['__init__.py']);
    expect(plan.ops).toEqual([{ op: 'add', path: 'pkg/__init__.py', sha: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', size: 0 }]);
  });

  it('deletes only files of the previous managed set that are permitted and still present', async () => {
    const r = root();
    writeTree(r.dir, { 'old.py': 'o', 'data/keep.csv': 'k', 'unlisted.py': 'u' });
    const plan = await planUpdate(r.flash, {
      target: new Map([['main.py', tf('m')]]),
      installed: { ref: 'v1', commit: 'c1', files: { 'old.py': blob('o'), 'data/keep.csv': blob('k'), 'vanished.py': blob('v') } },
      managed: (p) => !p.startsWith('data/'),
    });
    expect(plan.deletes).toEqual(['old.py']);
    expect(plan.ops.find((o) => o.op === 'delete')).toEqual({ op: 'delete', path: 'old.py', old_sha: blob('o') });
  });

  it('makes no deletes without a previous files map (first install, predecessor version.json)', async () => {
    const r = root();
    writeTree(r.dir, { 'old.py': 'o' });
    const plan = await planUpdate(r.flash, { target: new Map([['main.py', tf('m')]]), installed: { ref: 'v1', commit: 'c1' }, managed: all });
    expect(plan.deletes).toEqual([]);
  });

  it('replaces a live file outside the previous managed set (its backup protects it)', async () => {
    const r = root();
    writeTree(r.dir, { 'config.py': 'local' });
    const plan = await planUpdate(r.flash, { target: new Map([['config.py', tf('remote')]]), installed: { ref: 'v', commit: 'c', files: {} }, managed: all });
    expect(plan.ops).toEqual([{ op: 'replace', path: 'config.py', sha: blob('remote'), size: 6, old_sha: blob('local') }]);
  });

  it('leaves target paths the caller does not manage alone', async () => {
    const r = root();
    const plan = await planUpdate(r.flash, { target: new Map([['docs/x.md', tf('d')], ['a.py', tf('a')]]), installed: null, managed: (p) => !p.startsWith('docs/') });
    expect(plan.ignored).toEqual(['docs/x.md']);
    expect(plan.ops.map((o) => o.path)).toEqual(['a.py']);
  });

  it('compares SHA-256 targets (manifest mode) with the installed file', async () => {
    const r = root();
    writeTree(r.dir, { 'a.py': 'same', 'b.py': 'old' });
    const plan = await planUpdate(r.flash, {
      target: new Map([['a.py', { sha: sha256('same'), size: 4 }], ['b.py', { sha: sha256('new'), size: 3 }]]),
      installed: null,
      managed: all,
    });
    expect(plan.unchanged).toEqual(['a.py']);
    expect(plan.kept).toEqual({ 'a.py': blob('same') });
    expect(plan.ops.map((o) => o.op)).toEqual(['replace']);
  });

  it('rejects a target that needs a directory where a file stands, or a file where a directory stands', async () => {
    const r = root();
    writeTree(r.dir, { lib: 'a file', 'pkg/x.py': 'x' });
    const attempt = (path: string) => planUpdate(r.flash, { target: new Map([[path, tf('t')]]), installed: null, managed: all });
    await expect(attempt('lib/util.py')).rejects.toSatisfy((e) => isOtaError(e, 'PATH_REJECTED'));
    await expect(attempt('pkg')).rejects.toSatisfy((e) => isOtaError(e, 'PATH_REJECTED'));
    await expect(attempt('../escape.py')).rejects.toSatisfy((e) => isOtaError(e, 'PATH_REJECTED'));
  });

  it('feeds the watchdog around every file it hashes and after every chunk of it', async () => {
    const r = root();
    writeTree(r.dir, { 'a.py': 'a', 'b.py': 'bbbbb' });
    let feeds = 0;
    await planUpdate(r.flash, { target: new Map([['a.py', tf('a')], ['b.py', tf('x')]]), installed: null, managed: all, chunkBytes: 2, feed: () => feeds++ });
    // a.py: before, 1 chunk, after; b.py: before, 3 chunks, after.
    expect(feeds).toBe(3 + 5);
  });
});
