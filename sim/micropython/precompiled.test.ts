// Precompiled twins: an import of a flash .py whose bytes were precompiled runs the mpy-cross
// bytecode, while the updater's own file access sees the flash as it is; a changed file compiles
// from source. Skipped where @pybricks/mpy-cross-v6 is not installed.
import { describe, expect, it } from 'vitest';
import { compileMpy, mpyCrossAvailable } from './mpy-cross.ts';
import { precompileFlashFiles } from './precompiled.ts';
import { bootOnce, opsOf, testBoard } from './test-kit.ts';

const MODULE = 'def f(a):\n    return 1 // a\n\nX = [i * i for i in range(4)]\n';
const BOOT = `
import sys, os
sys.path.append('lib')
import m
print(m.X, m.__file__)
print(os.stat('lib/m.py')[6], os.stat('/lib/m.py')[6], sorted(os.listdir('lib')))
try:
    m.f(0)
except ZeroDivisionError as e:
    sys.print_exception(e)
`;
const files = { 'lib/m.py': MODULE, 'boot.py': BOOT };

describe.skipIf(!(await mpyCrossAvailable()))('precompiled twins', () => {
  it('mpy-cross output is a version-6 bytecode .mpy, which the 1.27 interpreter accepts', async () => {
    const mpy = await compileMpy('/lib/m.py', MODULE);
    // Header: 'M', version 6, no native arch, 31-bit small ints (the wasm port's).
    expect([...mpy!.subarray(0, 4)]).toEqual([0x4d, 6, 0, 31]);
    expect(await compileMpy('/lib/bad.py', 'x = (\n')).toBeNull();
  });

  it('imports the twin; os.stat/listdir still see the .py; the traceback names the .py as from source', async () => {
    await precompileFlashFiles(testBoard(files).flash.snapshot());
    const twin = await bootOnce(testBoard(files));
    const source = await bootOnce(testBoard(files), { precompiled: false });
    expect(twin.stopped).toBeNull();
    // __file__ is the one visible difference: the import system opened the twin.
    expect(twin.lines[0]).toBe('[0, 1, 4, 9] /lib/m.mpy');
    expect(source.lines[0]).toBe('[0, 1, 4, 9] /lib/m.py');
    expect(twin.lines.slice(1)).toEqual(source.lines.slice(1));
    expect(twin.lines[1]).toBe(`${MODULE.length} ${MODULE.length} ['m.py']`);
    expect(twin.lines).toContain('  File "/lib/m.py", line 2, in f');
    expect(opsOf(twin.board)).toEqual([]);
  });

  it('a .py changed on the flash (bytes no longer match) is compiled from source', async () => {
    await precompileFlashFiles(testBoard(files).flash.snapshot());
    const changed = { ...files, 'lib/m.py': MODULE.replace('i * i', 'i + i') };
    const r = await bootOnce(testBoard(changed));
    expect(r.lines[0]).toBe('[0, 2, 4, 6] /lib/m.py');
  });
});
