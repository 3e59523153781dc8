/**
 * Hand-built scenarios and runs for the oracle's unit tests: one small repo (v1 → v2 adds a
 * nested file, replaces main.py, deletes old.py), and boards spelled out file by file so the
 * tests do not derive their inputs from the code under test.
 */
import { createHash } from 'node:crypto';
import { gitBlobSha1 } from '../../sim/github/files.ts';
import type { BootRecord, RequestRecord, RunResult } from '../target.ts';
import type { Scenario } from '../types.ts';

export const shaOf = (label: string): string => createHash('sha1').update(`commit ${label}`).digest('hex');

export function baseScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'fixture',
    description: 'v1 → v2 on the stable channel',
    device: { config: { owner: 'o', repo: 'r' }, installed: 'v1', files: { 'data/log.txt': 'user data' } },
    server: {
      repos: [
        {
          owner: 'o',
          name: 'r',
          commits: {
            v1: { files: { 'main.py': 'print(1)', 'lib/a.py': 'a = 1', 'old.py': 'old' } },
            v2: { parent: 'v1', files: { 'main.py': 'print(2)', 'lib/b.py': 'b = 2' }, delete: ['old.py'] },
          },
          tags: { 'v1.0': 'v1', 'v2.0': 'v2' },
          releases: [{ tag: 'v1.0' }, { tag: 'v2.0' }],
        },
      ],
    },
    expect: {},
    ...overrides,
  };
}

const utf8 = new TextEncoder();
// As provisioned: the lab adds its watchdog (scenarios/state/config-file.ts).
const CONFIG = JSON.stringify({ owner: 'o', repo: 'r', watchdog_timeout_ms: 8000 }, null, 2) + '\n';

function versionJson(ref: string, label: string, files: Record<string, string>, rejected: string[] = []): string {
  const map = Object.keys(files)
    .sort()
    .map((p) => `"${p}": "${gitBlobSha1(utf8.encode(files[p]!))}"`)
    .join(', ');
  const rej = rejected.length === 0 ? '' : `, "rejected": [${rejected.map((r) => `"${r}"`).join(', ')}]`;
  return `{"ref": "${ref}", "commit": "${shaOf(label)}", "files": {${map}}${rej}}`;
}

export const V1_FILES = { 'main.py': 'print(1)', 'lib/a.py': 'a = 1', 'old.py': 'old' };
export const V2_FILES = { 'main.py': 'print(2)', 'lib/a.py': 'a = 1', 'lib/b.py': 'b = 2' };

export type Board = Map<string, Uint8Array>;

export function board(files: Record<string, string>): Board {
  return new Map(Object.entries(files).map(([p, t]) => [p, utf8.encode(t)]));
}

/** The provisioned board: config, v1, user data, version.json naming v1. */
export function boardV1(extra: Record<string, string> = {}): Board {
  return board({ 'ota_config.json': CONFIG, ...V1_FILES, 'data/log.txt': 'user data', 'version.json': versionJson('v1', 'v1', V1_FILES), ...extra });
}

/** The board after a complete update to v2. */
export function boardV2(extra: Record<string, string> = {}): Board {
  return board({ 'ota_config.json': CONFIG, ...V2_FILES, 'data/log.txt': 'user data', 'version.json': versionJson('v2.0', 'v2', V2_FILES), ...extra });
}

/** v1 files, version.json naming v1 with v2 rejected (a finished rollback). */
export function boardRolledBack(extra: Record<string, string> = {}): Board {
  return board({
    'ota_config.json': CONFIG,
    ...V1_FILES,
    'data/log.txt': 'user data',
    'version.json': versionJson('v1', 'v1', V1_FILES, [shaOf('v2')]),
    ...extra,
  });
}

export function boot(index: number, afterRecovery: Board | null, end: BootRecord['end'] = 'idle', outcome?: string): BootRecord {
  return { index, cause: index === 1 ? 'power-on' : 'hard', afterRecovery, end, ...(outcome === undefined ? {} : { outcome }) };
}

export function request(url: string, authorization: string | null = null): RequestRecord {
  return { method: 'GET', url, status: 200, bodyBytes: 10, authorization };
}

/** A normal update: boot 1 installs and resets, boot 2 confirms. */
export function run(files: Board, boots: BootRecord[] = [boot(1, boardV1(), 'reset', 'updated'), boot(2, boardV2(), 'idle')], extra: Partial<RunResult> = {}): RunResult {
  return { target: 'test', files, boots, flashOps: 100, ops: [], requests: [], watchdogResets: 0, maxFeedGapMs: 0, virtualTimeMs: 1000, unfired: [], log: [], ...extra };
}

export const ctx = { shaOf, faultFree: true, apiHosts: ['api.github.com', 'raw.githubusercontent.com'] };
