/**
 * Which commit a device should end on, per its config and the fake GitHub's refs — resolved the
 * way sim/github resolves them (default branch at the last commit listed when `branches` is
 * absent; a release whose tag names a commit label gets a lightweight tag implicitly).
 */
import type { RepoSpec } from '../../sim/github/spec.ts';
import type { Scenario } from '../types.ts';
import { findDeviceRepo } from './device-repo.ts';

/** Tag name → commit label: the explicit tags plus the implicit ones of releases. */
export function repoTags(repo: RepoSpec): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, spec] of Object.entries(repo.tags ?? {})) out.set(name, typeof spec === 'string' ? spec : spec.commit);
  for (const release of repo.releases ?? []) {
    if (!out.has(release.tag) && repo.commits[release.tag] !== undefined) out.set(release.tag, release.tag);
  }
  return out;
}

/** Branch name → commit label; without `branches`, the default branch at the last commit listed. */
export function repoBranches(repo: RepoSpec): Map<string, string> {
  if (repo.branches !== undefined) return new Map(Object.entries(repo.branches));
  const last = Object.keys(repo.commits).at(-1);
  return new Map(last === undefined ? [] : [[repo.defaultBranch ?? 'main', last]]);
}

/** The newest non-draft, non-prerelease release's tag (releases are listed oldest first). */
export function latestReleaseTag(repo: RepoSpec): string | null {
  const releases = (repo.releases ?? []).filter((r) => r.draft !== true && r.prerelease !== true);
  return releases.at(-1)?.tag ?? null;
}

/**
 * `tag` pinned → that tag's commit; `developer` → the `branch` (default main) tip; otherwise
 * (`stable`, the default) → the latest release's tag commit. Null when it cannot resolve: no such
 * repo, tag, branch or release, or a channel core would reject.
 */
export function targetLabel(scenario: Pick<Scenario, 'device' | 'server'>): string | null {
  const repo = findDeviceRepo(scenario);
  if (repo === undefined) return null;
  const { tag, channel, branch } = scenario.device.config;
  if (typeof tag === 'string' && tag !== '') return repoTags(repo).get(tag) ?? null;
  if (channel === 'developer') return repoBranches(repo).get(typeof branch === 'string' && branch !== '' ? branch : 'main') ?? null;
  if (channel !== undefined && channel !== null && channel !== 'stable') return null;
  const latest = latestReleaseTag(repo);
  return latest === null ? null : (repoTags(repo).get(latest) ?? null);
}
