// The JSON Schema and the TypeScript types describe the same format. Every object below is typed
// with Required<…>, so a field added to the types fails to compile here until it is added to the
// literal — and then fails validation until it is added to schema.json.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CommitSpec, ReleaseSpec, RepoSpec, ServerSpec, TagSpec } from '../../sim/github/spec.ts';
import type { LinkSpec } from '../../sim/link/spec.ts';
import type { DeviceSpec, Expectation, Fault, Scenario } from '../types.ts';
import { parseScenario } from './parse-scenario.ts';

const commit: Required<CommitSpec> = { parent: 'v1', files: { 'a.py': 'x', 'b.bin': { base64: 'AAE=' }, 'c.bin': { random: 16, seed: 2 } }, delete: ['old.py'], message: 'm', symlinks: { 'ln.py': 'a.py' }, submodules: { sub: 'a'.repeat(40) }, emptyDirs: ['empty'], hostileFiles: { '../x.py': 'x' }, git: { parents: ['b'.repeat(40)], author: 'A <a@x> 1 +0000', committer: 'C <c@x> 2 +0100', headers: 'encoding latin-1\n', message: 'm\n', executables: ['a.py'] } };
const tag: Required<TagSpec> = { commit: 'v2', annotated: true };
const release: Required<ReleaseSpec> = { tag: 'v2.0', draft: false, prerelease: false, body: 'rollout: 25', manifest: true, manifestKey: 'k', manifestPatch: { post_update: 'x' }, manifestFormat: 1, manifestFrom: 'v1', assets: { 'notes.txt': 'n' }, sign: { seed: 's', counter: 1, owner: 'o', repo: 'r' } };
const repo: Required<RepoSpec> = {
  owner: 'o',
  name: 'r',
  private: true,
  defaultBranch: 'main',
  commits: { v1: { files: { 'old.py': 'o' } }, v2: commit },
  branches: { main: 'v2' },
  tags: { 'v1.0': 'v1', 'v2.0': tag },
  releases: [release],
  truncateTree: false,
  flapping: { 'a.py': ['x', { base64: 'AAE=' }] },
};
const server: Required<ServerSpec> = {
  repos: [repo],
  tokens: ['t'],
  rateLimit: { anonymous: 60, token: 5000, remaining: 10 },
  hosts: { api: 'api.example', raw: 'raw.example', web: 'web.example', objects: 'objects.example' },
  redirects: [{ urlIncludes: '/a.py', location: 'https://third.example/a.py', times: 2 }],
  ranges: 'ignore',
};
const device: Required<DeviceSpec> = {
  config: { owner: 'o', repo: 'r', token: 't' },
  configFile: 'ota_config.toml',
  configText: 'owner = "o"\n',
  installed: 'v1',
  installedRef: 'v1.0',
  files: { 'data/x.txt': 'x', 'j.json': '${commit:v1}' },
  batteryPercent: 80,
  battery: { percent: 40, wifiDrainPercentPerSec: 0.5, chargePercentPerMin: 2, internalOhms: 0.3, brownoutVolts: 3.1 },
  freeBytes: 65536,
  rtc: 'unset',
  emptyDirs: ['.ota_stage'],
};
const link: Required<LinkSpec> = { latencyMs: 20, bandwidthBytesPerS: 50_000 };
const expectation: Required<Expectation> = {
  version: 'v2',
  ref: 'v2.0',
  error: 'NETWORK',
  noErrors: false,
  bootsAtMost: 3,
  requestsAtMost: 20,
  files: { 'a.py': 'x', 'old.py': null },
  rejected: 'v2',
  policy: ['files'],
  led: ['checking', 'error'],
  wire: { urlIncludes: 'a.py', bytesAtMost: 100, rangedAtLeast: 1, rangedAtMost: 2 },
};
/** One of every fault kind, every optional field set. */
const faults: Fault[] = [
  { kind: 'power-cut', op: 3, mode: 'torn' },
  { kind: 'power-cut-at-time', atMs: 1500 },
  { kind: 'power-cut-at-bytes', afterBytes: 6000, urlIncludes: 'model.bin', nth: 2, times: 2 },
  { kind: 'flash-full', op: 9 },
  { kind: 'brownout', op: 11, amps: 2 },
  { kind: 'status', status: 503, retryAfterS: 2, nth: 1, urlIncludes: '/releases', times: 2 },
  { kind: 'drop', afterBytes: 10, nth: 2 },
  { kind: 'reset', urlIncludes: '/git/' },
  { kind: 'dns', times: 3 },
  { kind: 'html', nth: 4 },
  { kind: 'corrupt', byte: 0, urlIncludes: '/a.py' },
  { kind: 'truncate', afterBytes: 1 },
  { kind: 'stall', delayMs: 9000 },
];
const full: Required<Omit<Scenario, 'name'>> = { description: 'every field', device, server, link, faults, expect: expectation, sweep: false, maxBoots: 9, idleRechecks: 2, tags: ['t'], repro: { format: 1, dump: 'board', repo: 'app.bundle', commits: { v1: 'c'.repeat(40) } } };

describe('schema.json', () => {
  it('accepts a scenario that sets every field of the TypeScript types', () => {
    const s = parseScenario(stringify(full), 'full.yaml');
    expect(s).toEqual({ name: 'full', ...full });
  });

  it('covers every fault kind of the types', () => {
    expect(new Set(faults.map((f) => f.kind)).size).toBe(13);
  });
});
