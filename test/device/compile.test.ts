// Every device/ file must compile in the real MicroPython 1.27 interpreter (the proof that no
// CPython-only syntax slipped in) and must not use what a Pico W lacks (docs/device-platform.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_DIR, deviceFiles, loadDevice, type Device } from './harness.ts';

const sources = deviceFiles().filter((f) => f.endsWith('.py'));

let dev: Device;
beforeAll(async () => {
  dev = await loadDevice({ withUpdater: false });
});

describe('device/ compiles in MicroPython', () => {
  it('has the updater files', () => {
    expect(sources).toEqual(expect.arrayContaining(['boot.py', 'lib/otalab_recover.py', 'lib/otalab/__init__.py', 'lib/otalab/http.py']));
  });

  it.each(sources)('%s', (file) => {
    const src = readFileSync(join(DEVICE_DIR, file), 'utf8');
    dev.mp.globals.set('_src', src);
    expect(dev.eval(`_out = 'ok'\ncompile(_src, '${file}', 'exec')`)).toBe('ok');
  });

  it('rejects a CPython-only construct (the check can fail)', () => {
    dev.mp.globals.set('_src', 'match 1:\n    case 1:\n        pass\n');
    expect(() => dev.run(`compile(_src, 'bad.py', 'exec')`)).toThrow(/SyntaxError|NotImplementedError/);
  });
});

// What the Pico W firmware lacks, or what the platform doc rules out.
const BANNED: [RegExp, string][] = [
  [/^\s*(import|from)\s+(typing|pathlib|dataclasses|requests|urequests|asyncio|hmac|re)\b/m, 'a module the device may not use'],
  [/\bos\.path\b/, 'os.path'],
  [/\bos\.(makedirs|walk)\b/, 'os.makedirs / os.walk'],
  [/\.hexdigest\(/, 'hexdigest'],
  [/\bsort_keys\b/, 'json.dumps sort_keys'],
  [/\.hex\(\)/, 'bytes.hex()'],
  [/\bformat_map\b/, 'str.format_map'],
  [/:=/, 'the walrus operator'],
];

describe('device/ uses only the Pico W surface', () => {
  it.each(sources)('%s', (file) => {
    const src = readFileSync(join(DEVICE_DIR, file), 'utf8').replace(/^\s*#.*$/gm, '');
    const found = BANNED.filter(([re]) => re.test(src)).map(([, what]) => what);
    expect(found).toEqual([]);
  });

  it('the recovery file imports nothing from the rest of the updater', () => {
    const src = readFileSync(join(DEVICE_DIR, 'lib/otalab_recover.py'), 'utf8');
    const imports = [...src.matchAll(/^\s*(?:import|from)\s+([\w.]+)/gm)].map((m) => m[1]);
    expect(imports.filter((m) => m!.startsWith('otalab') && m !== 'otalab_hooks')).toEqual([]);
  });
});
