// The flash VFS seen from Python: every mutation is a VirtualFlash op, errors are OSError(errno),
// and modules import from the flash (lib/ on sys.path, as on a Pico W).
import { describe, expect, it } from 'vitest';
import { opsOf, runBootPy, testBoard, bootOnce } from './test-kit.ts';

describe('flash VFS through Python', () => {
  it('open/write/close, mkdir and rename are flash ops in order; listdir and stat read them back', async () => {
    const r = await runBootPy(`
import os
os.mkdir('d')
with open('d/a.tmp', 'wb') as f:
    f.write(b'hello ')
    f.write(bytearray(b'world'))
os.rename('d/a.tmp', 'd/a.txt')
print(os.listdir('d'), os.stat('d/a.txt')[6], os.stat('d')[0] == 0x4000)
print(open('d/a.txt', 'rb').read())
`);
    expect(r.stopped).toBeNull();
    expect(opsOf(r.board)).toEqual(['mkdir d', 'open-write d/a.tmp', 'write d/a.tmp', 'write d/a.tmp', 'close d/a.tmp', 'rename d/a.tmp→d/a.txt']);
    expect(r.lines).toEqual(["['a.txt'] 11 True", "b'hello world'"]);
    expect(new TextDecoder().decode(r.board.flash.readFile('d/a.txt'))).toBe('hello world');
  });

  it('a written file becomes visible at close (littlefs), a reader before that sees the old bytes', async () => {
    const r = await runBootPy(
      `
f = open('v.txt', 'wb')
f.write(b'new')
print(open('v.txt').read())
f.close()
print(open('v.txt').read())
`,
      { 'v.txt': 'old' },
    );
    expect(r.lines).toEqual(['old', 'new']);
  });

  it('errors are OSError with the Pico W errno numbers', async () => {
    const r = await runBootPy(`
import os
def code(fn):
    try:
        fn()
        return 'ok'
    except OSError as e:
        return e.args[0]
print(code(lambda: open('missing', 'rb')), code(lambda: os.mkdir('d')), code(lambda: os.rmdir('d')),
      code(lambda: os.remove('d')), code(lambda: os.rename('nope', 'x')), code(lambda: os.listdir('d/f')))
`, { 'd/f': 'x' });
    // ENOENT 2, EEXIST 17, ENOTEMPTY 39, EISDIR 21, ENOENT 2, ENOTDIR 20 (littlefs numbers)
    expect(r.lines).toEqual(['2 17 39 21 2 20']);
  });

  it('a name past the 255 bytes of littlefs answers ENAMETOOLONG (36), as on the board', async () => {
    const r = await runBootPy(`
import os
def code(fn):
    try:
        fn()
        return 'ok'
    except OSError as e:
        return e.args[0]
n = 'n' * 251 + '.txt'
print(code(lambda: open(n, 'wb').close()), code(lambda: open(n + '.part', 'wb')), code(lambda: os.mkdir('d' * 256)), code(lambda: os.rename(n, n + '.bak')))
`);
    expect(r.lines).toEqual(['ok 36 36 36']);
  });

  it('a full flash answers ENOSPC (28) and the op log shows the refused op', async () => {
    const board = testBoard({
      'boot.py': `
try:
    f = open('big.bin', 'wb')
    f.write(b'x' * 100)
except OSError as e:
    print('err', e.args[0])
`,
    });
    board.flash.armFull(0);
    const r = await bootOnce(board);
    expect(r.lines).toEqual(['err 28']);
    expect(board.flash.stat('big.bin')).toBeNull();
  });

  it('imports modules from the flash: the cwd root and /lib, like the board', async () => {
    const r = await runBootPy(`
import sys, os
import app_mod
import helper
print(app_mod.X, helper.Y, os.getcwd(), sys.path)
`, { 'app_mod.py': 'X = 41 + 1\n', 'lib/helper.py': 'Y = "from lib"\n' });
    expect(r.lines).toEqual(["42 from lib / ['', '.frozen', '/lib']"]);
    expect(opsOf(r.board)).toEqual([]);
  });

  it('absolute paths name the same flash files as relative ones', async () => {
    const r = await runBootPy(`
with open('/abs.txt', 'wb') as f:
    f.write(b'1')
import os
os.chdir('/lib')
print(open('../abs.txt').read(), os.getcwd(), os.listdir('/'))
`, { 'lib/x.py': '' });
    expect(r.lines).toEqual(["1 /lib ['abs.txt', 'boot.py', 'lib']"]);
    expect(r.board.flash.stat('abs.txt')).toEqual({ kind: 'file', size: 1 });
  });

  it('statvfs reports the flash geometry and free blocks', async () => {
    const r = await runBootPy(`import os\nprint(os.statvfs('/'))`);
    const free = r.board.flash.freeBytes() / 4096;
    expect(r.lines).toEqual([`(4096, 4096, 212, ${free}, ${free}, 0, 0, 0, 0, 255)`]);
  });
});
