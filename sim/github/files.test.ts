import { describe, expect, it } from 'vitest';
import { allCommitFiles, commitFiles, fileBytes, gitBlobSha1, randomBytes } from './files.ts';
import type { RepoSpec } from './spec.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

describe('gitBlobSha1', () => {
  it('equals git hash-object for "hello\\n" and the empty blob', () => {
    expect(gitBlobSha1(utf8('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(gitBlobSha1(new Uint8Array(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });
});

describe('fileBytes', () => {
  it('encodes strings as UTF-8 and decodes base64', () => {
    expect([...fileBytes('é')]).toEqual([0xc3, 0xa9]);
    expect([...fileBytes({ base64: 'AP8Q' })]).toEqual([0x00, 0xff, 0x10]);
  });

  it('gives deterministic random bytes per seed, default seed 1', () => {
    const a = fileBytes({ random: 1001, seed: 42 });
    expect(a.length).toBe(1001);
    expect(fileBytes({ random: 1001, seed: 42 })).toEqual(a);
    expect(fileBytes({ random: 1001, seed: 43 })).not.toEqual(a);
    expect(fileBytes({ random: 64 })).toEqual(randomBytes(64, 1));
    // A shorter request is a prefix of a longer one with the same seed.
    expect(fileBytes({ random: 10, seed: 42 })).toEqual(a.slice(0, 10));
    // Not degenerate: many distinct byte values.
    expect(new Set(a).size).toBeGreaterThan(200);
  });

  it('is mulberry32: bytes are the little-endian words of the published generator', () => {
    // The widely published form (returns a float in [0, 1)); written independently of files.ts.
    function mulberry32(a: number) {
      return function () {
        let t = (a += 0x6d2b79f5);
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }
    const next = mulberry32(5);
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) {
      const w = next() * 4294967296;
      expected.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
    }
    expect([...randomBytes(12, 5)]).toEqual(expected);
  });
});

describe('commitFiles', () => {
  const repo: RepoSpec = {
    owner: 'o',
    name: 'r',
    commits: {
      a: { files: { 'x.py': 'x1', 'y.py': 'y1', 'd/z.py': 'z1' } },
      b: { parent: 'a', files: { 'x.py': 'x2', 'n.py': 'n' }, delete: ['y.py'] },
      c: { parent: 'b', delete: ['d/z.py'] },
    },
  };

  it('inherits from the parent chain, applies files, removes deletes', () => {
    const c = commitFiles(repo, 'c');
    expect([...c.keys()].sort()).toEqual(['n.py', 'x.py']);
    expect(dec(c.get('x.py'))).toBe('x2');
    const b = commitFiles(repo, 'b');
    expect(dec(b.get('d/z.py'))).toBe('z1');
    expect(b.has('y.py')).toBe(false);
    expect(allCommitFiles(repo).get('a')!.size).toBe(3);
  });

  it('throws on an unknown label, a missing parent and a cycle', () => {
    expect(() => commitFiles(repo, 'nope')).toThrow('Failed to resolve commit nope: unknown label');
    const broken: RepoSpec = { owner: 'o', name: 'r', commits: { a: { parent: 'ghost' } } };
    expect(() => commitFiles(broken, 'a')).toThrow('Failed to resolve commit ghost: unknown label');
    const cyclic: RepoSpec = { owner: 'o', name: 'r', commits: { a: { parent: 'b' }, b: { parent: 'a' } } };
    expect(() => commitFiles(cyclic, 'a')).toThrow(/Failed to resolve commit a: parent cycle a -> b -> a/);
  });
});
