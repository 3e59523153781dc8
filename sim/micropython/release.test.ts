/**
 * The heap goes back to the app (device/README.md): once boot.py has run the updater, its modules
 * are no longer in sys.modules, so the app's allocations can reuse their memory. The app below
 * writes what it finds loaded; the same boot without `otalab.release()` shows the check can fail.
 */
import { describe, expect, it } from 'vitest';
import { firmwareFiles } from './firmware.ts';
import { bootOnce, testBoard } from './test-kit.ts';

const LIST_MODULES = "import sys\nf = open('mods.txt', 'w')\nf.write(' '.join(sorted(k for k in sys.modules if k.startswith('otalab'))))\nf.close()\n";

async function bootWithApp(app: string, bootPy?: (text: string) => string) {
  const files: Record<string, string | Uint8Array> = Object.fromEntries(firmwareFiles());
  if (bootPy) files['boot.py'] = bootPy(new TextDecoder().decode(files['boot.py'] as Uint8Array));
  // A valid config whose repo does not exist: the check runs (every updater module loads) and fails.
  const board = testBoard({ ...files, 'ota_config.json': '{"owner": "nobody", "repo": "missing", "channel": "stable"}' });
  const r = await bootOnce(board, { app: () => app });
  expect(r.stopped).toBeNull();
  expect(r.end?.appError).toBe('');
  return board;
}

async function modulesAfterBoot(bootPy?: (text: string) => string): Promise<string[]> {
  const board = await bootWithApp(LIST_MODULES, bootPy);
  return new TextDecoder().decode(board.flash.readFile('mods.txt')).split(' ');
}

describe('otalab.release() after the check', () => {
  it('leaves only the otalab package loaded: no updater module, no recovery', async () => {
    expect(await modulesAfterBoot()).toEqual(['otalab', 'otalab_hooks']);
  });

  it('the app veto still works after the release: defer() imports what it needs again, then drops it', async () => {
    const board = await bootWithApp(`import otalab\notalab.defer('busy')\n${LIST_MODULES}`);
    expect(JSON.parse(new TextDecoder().decode(board.flash.readFile('ota_defer.json')))).toMatchObject({ reason: 'busy' });
    expect(new TextDecoder().decode(board.flash.readFile('mods.txt')).split(' ')).toEqual(['otalab', 'otalab_hooks']);
  });

  it('without it, the updater modules and recovery stay loaded (the check above can fail)', async () => {
    const mods = await modulesAfterBoot((text) => text.replace('otalab.release()\n', ''));
    expect(mods).toEqual(expect.arrayContaining(['otalab.update', 'otalab.github', 'otalab_recover']));
  });
});
