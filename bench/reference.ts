/**
 * The reference update of the benchmark: about 30 files in 3 directories (~100 KB), of which a
 * few are changed, added and deleted — the shape of a typical app release. The watchdog runs
 * (8000 ms), so the bench reports the longest gap between its feeds.
 */
import type { Scenario } from '../scenarios/types.ts';
import type { FileTree } from '../sim/github/spec.ts';

export function referenceScenario(): Scenario {
  const v1: FileTree = { 'main.py': "import app.core\napp.core.run()\n", 'boot.py': '# boot\n' };
  const dirs = ['app', 'lib', 'assets'];
  let seed = 1;
  for (const dir of dirs) {
    for (let i = 0; i < 10; i++) v1[`${dir}/f${i}.py`] = { random: 3200 + i * 40, seed: seed++ };
  }
  const changed: FileTree = {
    'app/f0.py': { random: 3300, seed: 900 },
    'lib/f3.py': { random: 3500, seed: 901 },
    'assets/f7.py': { random: 3100, seed: 902 },
    'main.py': "import app.core\napp.core.run(debug=False)\n",
    'app/extra/new1.py': { random: 2000, seed: 903 },
    'lib/new2.py': { random: 1500, seed: 904 },
    'assets/new3.bin': { random: 4096, seed: 905 },
  };
  return {
    name: 'bench-reference',
    description: 'reference update: 32 files in 3 directories, 4 changed, 3 added, 2 deleted',
    device: { config: { owner: 'bench', repo: 'app', channel: 'developer', branch: 'main', watchdog_timeout_ms: 8000 }, installed: 'v1' },
    server: {
      repos: [
        {
          owner: 'bench',
          name: 'app',
          commits: {
            v1: { files: v1 },
            v2: { parent: 'v1', files: changed, delete: ['lib/f9.py', 'assets/f9.py'] },
          },
          branches: { main: 'v2' },
        },
      ],
    },
    expect: { version: 'v2' },
  };
}
