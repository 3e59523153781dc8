import { describe, expect, it } from 'vitest';
import { isOtaError } from '../errors.ts';
import { verifyTreeHashes, type RawTreeItem } from './tree-hash.ts';

// `git ls-tree -r -t HEAD` of a real repository (hello.txt, lib-a.py, lib/empty.py, lib/deep/x.py):
// 'lib-a.py' sorts before the tree 'lib' in Git's order ('-' < '/'), the case a naive sort gets wrong.
const ROOT = '5cae7604b4011626a683a010a4be7320aba44048';
const LISTING: RawTreeItem[] = [
  { mode: '100644', type: 'blob', sha: 'ce013625030ba8dba906f756967f9e9ca394464a', path: 'hello.txt' },
  { mode: '100644', type: 'blob', sha: '2e65efe2a145dda7ee51d1741299f848e5bf752e', path: 'lib-a.py' },
  { mode: '040000', type: 'tree', sha: 'be29c9f510459e06890ac3888608090bf8abcd54', path: 'lib' },
  { mode: '040000', type: 'tree', sha: '87fcc388e52ed92c529e73f2ce5268ec0d4a50c9', path: 'lib/deep' },
  { mode: '100644', type: 'blob', sha: '7d4290a117a4ddcc11daae7ea675841033830c8f', path: 'lib/deep/x.py' },
  { mode: '100644', type: 'blob', sha: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', path: 'lib/empty.py' },
];

function rejects(root: string, items: RawTreeItem[]): string {
  try {
    verifyTreeHashes(root, items, 'abc1234');
  } catch (err) {
    if (isOtaError(err, 'BAD_RESPONSE')) return err.message;
    throw err;
  }
  throw new Error('expected the listing to be rejected');
}

describe('verifyTreeHashes', () => {
  it('accepts a listing git produced, in any order', () => {
    expect(() => verifyTreeHashes(ROOT, LISTING, 'abc1234')).not.toThrow();
    expect(() => verifyTreeHashes(ROOT, [...LISTING].reverse(), 'abc1234')).not.toThrow();
  });

  it('rejects a path altered by one bit (lib/ → mib/), naming the tree that no longer hashes', () => {
    const altered = LISTING.map((e) => (e.path === 'lib/empty.py' ? { ...e, path: 'lib/emptz.py' } : e));
    expect(rejects(ROOT, altered)).toMatch(/tree lib hashes to [0-9a-f]{40}, the listing says be29c9f/);
  });

  it('rejects an altered blob sha, mode, or root sha', () => {
    const sha = LISTING.map((e) => (e.path === 'hello.txt' ? { ...e, sha: 'de013625030ba8dba906f756967f9e9ca394464a' } : e));
    expect(rejects(ROOT, sha)).toMatch(/tree \(root\)/);
    const mode = LISTING.map((e) => (e.path === 'hello.txt' ? { ...e, mode: '100755' } : e));
    expect(rejects(ROOT, mode)).toMatch(/tree \(root\)/);
    expect(rejects('5cae7604b4011626a683a010a4be7320aba44049', LISTING)).toMatch(/the listing says 5cae7604b4011626a683a010a4be7320aba44049/);
  });

  it('rejects an entry whose directory is missing from the listing', () => {
    expect(rejects(ROOT, LISTING.filter((e) => e.path !== 'lib/deep'))).toMatch(/lib\/deep\/x\.py has no parent tree/);
  });
});
