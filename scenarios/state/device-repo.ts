/** Which repository and which filtering rules a scenario's device config points at. */
import { checkUpdaterDir, normalizeRules, type UpdaterDirs } from '../../core/paths/index.ts';
import type { RepoSpec } from '../../sim/github/spec.ts';
import type { Scenario } from '../types.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The repo named by `device.config` owner/repo, or undefined when none matches (an error scenario). */
export function findDeviceRepo(scenario: Pick<Scenario, 'device' | 'server'>): RepoSpec | undefined {
  const { owner, repo } = scenario.device.config;
  return scenario.server.repos.find((r) => r.owner === owner && r.name === repo);
}

/**
 * The repo whose labels `installed` and `expect.version` refer to: the device's, or the first one
 * when the config names none that exists (the board then never reaches GitHub content anyway).
 */
export function labelRepo(scenario: Pick<Scenario, 'device' | 'server'>): RepoSpec {
  const repo = findDeviceRepo(scenario) ?? scenario.server.repos[0];
  if (repo === undefined) throw new Error('Failed to pick a repo: server.repos is empty');
  return repo;
}

export interface DeviceRules extends UpdaterDirs {
  allow: string[];
  ignore: string[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * allow / ignore / stage_dir / backup_dir as core would read them from `device.config` (defaults
 * of core/config when absent). The lab uses `device.config` even when `configText` is what the
 * board gets: it is the lab's statement of what the device is meant to do.
 */
export function deviceRules(scenario: Pick<Scenario, 'device'>): DeviceRules {
  const c = scenario.device.config;
  return {
    allow: normalizeRules(strings(c.allow)),
    ignore: normalizeRules(strings(c.ignore)),
    stage_dir: updaterDir(c.stage_dir, '.ota_stage'),
    backup_dir: updaterDir(c.backup_dir, '.ota_backup'),
  };
}

/** A dir core refuses (the root, user data: core/paths/updater-dir.ts) is never the updater's: the board keeps its files. */
function updaterDir(value: unknown, fallback: string): string {
  const dir = normalizeRules([str(value) ?? fallback])[0] ?? fallback;
  return checkUpdaterDir(dir) === null ? dir : fallback;
}
