import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Repl } from '../repl/index.ts';
import { deploy, sha256Hex } from './deploy.ts';
import { dump } from './dump.ts';
import { readIdentity } from './identity.ts';
import { FAKE_ROOT, FAKE_UNIQUE_ID, startWasmBoard, type WasmBoard } from './test-wasm-board.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Every byte value, several times: base64 and the REPL must carry binary intact. */
const binary = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);

let board: WasmBoard;
let repl: Repl;
beforeEach(async () => {
  board = await startWasmBoard();
  repl = await Repl.enter(board.port.link, { drainMs: 5 });
});
afterEach(async () => {
  await board.port.link.close();
});

const boardFile = (p: string): Uint8Array => board.py.FS.readFile(`${FAKE_ROOT}/${p}`);

describe('deploy and dump on a fake board (wasm MicroPython behind the mock binding)', () => {
  it('writes files with parents, verifies them, then skips what is unchanged', async () => {
    const files = new Map([
      ['boot.py', bytes('import otalab_kit\n')],
      ['main.py', bytes('print("hi")\n')],
      ['lib/otalab/deep/blob.bin', binary],
      ['lib/x.py', bytes('X = 1\n')],
    ]);
    const first = await deploy(repl, files, { root: FAKE_ROOT, chunkBytes: 700 });
    // Entry points last, boot.py the very last: a reset mid-deploy boots the old ones.
    expect(first.written).toEqual(['lib/otalab/deep/blob.bin', 'lib/x.py', 'main.py', 'boot.py']);
    expect(first.skipped).toEqual([]);
    expect(sha256Hex(boardFile('lib/otalab/deep/blob.bin'))).toBe(sha256Hex(binary));
    // 5000 bytes in 700-byte chunks: 8 write execs for that file.
    expect(board.codes.filter((c) => c.startsWith('_otalab_fh.write')).length).toBe(8 + 1 + 1 + 1);

    files.set('lib/x.py', bytes('X = 2\n'));
    const second = await deploy(repl, files, { root: FAKE_ROOT });
    expect(second.written).toEqual(['lib/x.py']);
    expect(second.skipped).toEqual(['lib/otalab/deep/blob.bin', 'main.py', 'boot.py']);
    expect(new TextDecoder().decode(boardFile('lib/x.py'))).toBe('X = 2\n');
    expect(board.softResets).toBe(0);
  });

  it('clean removes what is neither deployed nor kept, and keeps kept paths', async () => {
    await deploy(
      repl,
      new Map([
        ['old.py', bytes('old')],
        ['stale/a.py', bytes('a')],
        ['data/journal.json', bytes('{}')],
        ['lib/keep.py', bytes('k')],
        ['lib/gone.py', bytes('g')],
      ]),
      { root: FAKE_ROOT },
    );
    const result = await deploy(repl, new Map([['lib/keep.py', bytes('k')], ['main.py', bytes('m')]]), {
      root: FAKE_ROOT,
      clean: true,
      keep: (p) => p === 'data',
    });
    expect(result.removed.sort()).toEqual(['lib/gone.py', 'old.py', 'stale', 'stale/a.py']);
    const after = await dump(repl, { root: FAKE_ROOT });
    expect([...after.files.keys()]).toEqual(['data/journal.json', 'lib/keep.py', 'main.py']);
    expect(after.dirs).toEqual(['data', 'lib']);
  });

  it('dump reads every file back byte-exact, including empty and binary ones', async () => {
    const files = new Map([
      ['empty.txt', new Uint8Array(0)],
      ['bin/all.bin', binary],
      ['a/b/c/d.txt', bytes('deep\r\nline\n')],
    ]);
    await deploy(repl, files, { root: FAKE_ROOT });
    board.py.runPython(`import os\nos.mkdir('${FAKE_ROOT}/emptydir')`);
    const got = await dump(repl, { root: FAKE_ROOT, chunkBytes: 999 });
    expect(new Map([...got.files].map(([k, v]) => [k, sha256Hex(v)]))).toEqual(new Map([...files].map(([k, v]) => [k, sha256Hex(v)])));
    expect(got.dirs).toEqual(['a', 'a/b', 'a/b/c', 'bin', 'emptydir']);
  });

  it('dump refuses a file that changes while being read (hashes disagree)', async () => {
    await deploy(repl, new Map([['log.txt', bytes('x'.repeat(3000))]]), { root: FAKE_ROOT });
    let grown = false;
    const run = repl.run.bind(repl);
    // Append to the file after its hash was taken, as a running program might.
    repl.run = async (code, opts) => {
      if (!grown && code.startsWith("_otalab_fh = open(")) {
        grown = true;
        board.py.runPython(`f = open('${FAKE_ROOT}/log.txt', 'ab')\nf.write(b'more')\nf.close()`);
      }
      return run(code, opts);
    };
    await expect(dump(repl, { root: FAKE_ROOT })).rejects.toMatchObject({ kind: 'protocol', message: expect.stringMatching(/log\.txt: read 3004 bytes/) });
  });

  it('rejects paths that are not relative board paths', async () => {
    for (const bad of ['/main.py', 'lib/../x', 'lib//x', 'lib/']) {
      await expect(deploy(repl, new Map([[bad, bytes('x')]]), { root: FAKE_ROOT })).rejects.toThrow(/bad board path/);
    }
  });

  it('readIdentity reports version, machine and unique id', async () => {
    const id = await readIdentity(repl);
    expect(id.uniqueId).toBe(FAKE_UNIQUE_ID);
    expect(id.micropython).toMatch(/^1\.\d+\.\d+$/);
    expect(id.machine.length).toBeGreaterThan(0);
  });
});
