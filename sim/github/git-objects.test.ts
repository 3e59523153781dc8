import { describe, expect, it } from 'vitest';
import { buildTrees, commitSha1, tagSha1 } from './git-objects.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

// Reference ids produced by real git 2.x in a scratch repo: these files, author/committer
// "otalab <otalab@example.invalid>" at 1704067200 +0000, message "v1", then `git tag -a v1 -m v1`.
const files = new Map<string, Uint8Array>([
  ['hello.txt', utf8('hello\n')],
  ['lib/util.py', utf8('x = 1\n')],
  ['empty.txt', new Uint8Array(0)],
  ['main.py', utf8('print(1)\n')],
  ['lib-a.py', utf8('a')],
]);

describe('git objects', () => {
  it('hashes trees like git, including the "lib-a.py" < "lib/" ordering', () => {
    const set = buildTrees(files);
    expect(set.rootSha).toBe('2f439b254378e534c0f28c204516822ea65f89ff');
    const root = set.trees.get(set.rootSha)!;
    expect(root.entries.map((e) => e.name)).toEqual(['empty.txt', 'hello.txt', 'lib-a.py', 'lib', 'main.py']);
    const lib = root.entries.find((e) => e.name === 'lib')!;
    expect(lib).toMatchObject({ type: 'tree', mode: '040000', sha: 'b6dcacbc40b6fd55361b9381e2c52a84fbbbeddd' });
    expect(set.blobs.get('7d4290a117a4ddcc11daae7ea675841033830c8f')).toEqual(utf8('x = 1\n'));
  });

  it('hashes the empty tree, a commit and an annotated tag like git', () => {
    expect(buildTrees(new Map()).rootSha).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
    const commit = commitSha1('2f439b254378e534c0f28c204516822ea65f89ff', undefined, 'v1');
    expect(commit).toBe('aa39f4d27e0ef3f4fba6d3c86d3e0ad75848c9aa');
    expect(tagSha1('v1', commit, 'v1')).toBe('236c61dfe49db95e39396873fa3b849ce8c688d8');
  });

  it('rejects paths that cannot be a tree', () => {
    expect(() => buildTrees(new Map([['a/../b', utf8('')]]))).toThrow(/Failed to build tree: invalid path/);
    expect(() => buildTrees(new Map([['a', utf8('')], ['a/b', utf8('')]]))).toThrow(/lies under file a/);
  });
});
