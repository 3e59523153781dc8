/** A small two-repository GitHub shared by the model, link and msw tests. */
import { GitHubModel } from './model.ts';
import type { SimResponse } from './http-types.ts';
import type { ServerSpec } from './spec.ts';

export const TOKEN = 'ghp_good';
/** 2024-05-01T12:00:00Z */
export const START_MS = Date.UTC(2024, 4, 1, 12, 0, 0);
export const API = 'https://api.github.com/repos/acme/fw';

export function sampleSpec(): ServerSpec {
  return {
    tokens: [TOKEN],
    repos: [
      {
        owner: 'acme',
        name: 'fw',
        commits: {
          v1: { files: { 'main.py': 'print(1)\n', 'lib/util.py': 'x = 1\n', 'old.py': 'old\n', 'docs/my file #1.txt': 'spaced\n' } },
          v2: { parent: 'v1', files: { 'main.py': 'print(2)\n', 'big.bin': { random: 10000, seed: 7 } }, delete: ['old.py'] },
          v3: { parent: 'v2', files: { 'main.py': 'print(3)\n' } },
          v4: { parent: 'v3', files: { 'main.py': 'print(4)\n' } },
          dev: { parent: 'v2', files: { 'main.py': 'print("dev")\n' } },
        },
        branches: { main: 'v3', develop: 'dev' },
        tags: { v1: 'v1', v2: { commit: 'v2', annotated: true }, v3: 'v3', v4: 'v4' },
        releases: [
          { tag: 'v1', manifest: true, manifestKey: 'sekrit' },
          { tag: 'v2', manifest: true, manifestKey: 'sekrit', assets: { 'fw.bin': { random: 5000, seed: 3 } } },
          { tag: 'v3', prerelease: true },
          { tag: 'v4', draft: true },
        ],
      },
      {
        owner: 'acme',
        name: 'secret',
        private: true,
        commits: { s1: { files: { 'main.py': 'secret\n' } } },
        releases: [{ tag: 's1', assets: { 's.bin': 'S' } }],
      },
    ],
  };
}

export interface TestClock {
  t: number;
  now(): number;
}

export function testClock(t = START_MS): TestClock {
  return { t, now() { return this.t; } };
}

export function makeModel(spec: ServerSpec = sampleSpec(), clock: TestClock = testClock()): { model: GitHubModel; clock: TestClock } {
  return { model: new GitHubModel(spec, clock), clock };
}

export function get(model: GitHubModel, url: string, headers: Record<string, string> = {}): SimResponse {
  return model.handle({ method: 'GET', url, headers });
}

export function json(res: SimResponse): any {
  return JSON.parse(new TextDecoder().decode(res.body));
}

export function text(res: SimResponse): string {
  return new TextDecoder().decode(res.body);
}
