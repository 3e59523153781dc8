/**
 * The files an update to the scenario's target installs: the release's `manifest.json` file list
 * when the target comes from a release that carries one (manifest mode: core installs exactly the
 * manifest's files, whatever else the commit holds), else the commit's tree. Each path's bytes
 * are the commit's (the updater downloads by commit SHA); a manifest path the commit lacks cannot
 * be installed and is left out.
 */
import { commitFiles } from '../../sim/github/files.ts';
import type { ReleaseSpec } from '../../sim/github/spec.ts';
import type { Scenario } from '../types.ts';
import { findDeviceRepo, labelRepo, type DeviceRules } from './device-repo.ts';
import { isManaged, managedFiles } from './managed.ts';
import { latestReleaseTag, targetLabel } from './target-label.ts';

/** The release the device's target is resolved through, when it is one (stable channel or a pinned tag with a release). */
export function targetRelease(scenario: Pick<Scenario, 'device' | 'server'>): ReleaseSpec | null {
  const repo = findDeviceRepo(scenario);
  if (repo === undefined) return null;
  const { tag, channel } = scenario.device.config;
  const published = (repo.releases ?? []).filter((r) => r.draft !== true);
  if (typeof tag === 'string' && tag !== '') return published.filter((r) => r.tag === tag).at(-1) ?? null;
  if (channel === 'developer') return null;
  const latest = latestReleaseTag(repo);
  return latest === null ? null : (published.filter((r) => r.tag === latest).at(-1) ?? null);
}

/** Paths a manifest lists (its `files[].path`), after the release's patch; null in tree mode. */
function manifestPaths(release: ReleaseSpec | null, commit: ReadonlyMap<string, Uint8Array>): string[] | null {
  if (release === null || release.manifest !== true) return null;
  const patched = release.manifestPatch?.files;
  if (!Array.isArray(patched)) return [...commit.keys()];
  return patched.flatMap((e) => (e !== null && typeof e === 'object' && typeof (e as { path?: unknown }).path === 'string' ? [(e as { path: string }).path] : []));
}

/** The managed files an update to `label` writes: the manifest's set for the scenario's target in manifest mode, else the commit's. */
export function installedBy(scenario: Pick<Scenario, 'device' | 'server'>, label: string, rules: DeviceRules): Map<string, Uint8Array> {
  const repo = labelRepo(scenario);
  if (label !== targetLabel(scenario)) return managedFiles(repo, label, rules);
  const commit = commitFiles(repo, label);
  const paths = manifestPaths(targetRelease(scenario), commit);
  if (paths === null) return managedFiles(repo, label, rules);
  const out = new Map<string, Uint8Array>();
  for (const p of paths) {
    const bytes = commit.get(p);
    if (bytes !== undefined && isManaged(p, rules)) out.set(p, bytes);
  }
  return out;
}
