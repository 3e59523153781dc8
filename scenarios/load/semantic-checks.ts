/**
 * Checks the schema cannot express: every commit label, tag and repo a scenario refers to exists.
 * Runs only on a schema-valid value, so shapes can be trusted here.
 */
import { commitFiles } from '../../sim/github/files.ts';
import type { RepoSpec } from '../../sim/github/spec.ts';
import { LAB_WATCHDOG_MS } from '../state/config-file.ts';
import { findDeviceRepo, labelRepo } from '../state/device-repo.ts';
import { placeholderProblems } from '../state/placeholders.ts';
import { repoTags } from '../state/target-label.ts';
import type { Scenario } from '../types.ts';
import { suggestion } from './did-you-mean.ts';
import type { KeyPath, Problem } from './scenario-error.ts';

type Unnamed = Omit<Scenario, 'name'>;

function unknownCommit(repo: RepoSpec, label: string): string {
  return `unknown commit "${label}" in ${repo.owner}/${repo.name}${suggestion(label, Object.keys(repo.commits))}`;
}

function parentCycle(repo: RepoSpec, start: string): boolean {
  const seen = new Set<string>();
  let cur: string | undefined = start;
  while (cur !== undefined && repo.commits[cur] !== undefined) {
    if (seen.has(cur)) return true;
    seen.add(cur);
    cur = repo.commits[cur]!.parent;
  }
  return false;
}

/** The parent's files, or null when its own chain is broken (reported at the broken link). */
function filesOrNull(repo: RepoSpec, label: string): Map<string, Uint8Array> | null {
  try {
    return commitFiles(repo, label);
  } catch {
    return null;
  }
}

function repoProblems(repo: RepoSpec, at: KeyPath): Problem[] {
  const out: Problem[] = [];
  const has = (label: string) => repo.commits[label] !== undefined;
  for (const [label, commit] of Object.entries(repo.commits)) {
    const here = [...at, 'commits', label];
    if (commit.parent !== undefined && !has(commit.parent)) out.push({ path: [...here, 'parent'], message: unknownCommit(repo, commit.parent) });
    else if (parentCycle(repo, label)) out.push({ path: [...here, 'parent'], message: `parent chain of "${label}" loops back on itself` });
    else if (commit.parent !== undefined) {
      const inherited = filesOrNull(repo, commit.parent);
      if (inherited !== null) (commit.delete ?? []).forEach((path, i) => {
        if (!inherited.has(path)) out.push({ path: [...here, 'delete', i], message: `"${path}" is not in parent "${commit.parent}", nothing to delete` });
      });
    } else if ((commit.delete ?? []).length > 0) {
      out.push({ path: [...here, 'delete'], message: `a commit without a parent has nothing to delete` });
    }
  }
  for (const [name, label] of Object.entries(repo.branches ?? {})) {
    if (!has(label)) out.push({ path: [...at, 'branches', name], message: unknownCommit(repo, label) });
  }
  for (const [name, tag] of Object.entries(repo.tags ?? {})) {
    const label = typeof tag === 'string' ? tag : tag.commit;
    const path = typeof tag === 'string' ? [...at, 'tags', name] : [...at, 'tags', name, 'commit'];
    if (!has(label)) out.push({ path, message: unknownCommit(repo, label) });
  }
  const tagNames = Object.keys(repo.tags ?? {});
  (repo.releases ?? []).forEach((release, i) => {
    if (repo.tags?.[release.tag] === undefined && !has(release.tag)) {
      const hint = suggestion(release.tag, [...tagNames, ...Object.keys(repo.commits)]);
      out.push({ path: [...at, 'releases', i, 'tag'], message: `unknown tag "${release.tag}" (list it under tags, or name a commit label)${hint}` });
    }
    if (release.manifestFrom !== undefined && !has(release.manifestFrom)) out.push({ path: [...at, 'releases', i, 'manifestFrom'], message: unknownCommit(repo, release.manifestFrom) });
  });
  return out;
}

/** Errors whose scenarios legitimately point the device at something that does not exist. */
const ABOUT_MISSING = new Set(['NOT_FOUND', 'CONFIG_INVALID']);

function deviceProblems(s: Unnamed): Problem[] {
  const out: Problem[] = [];
  const aboutMissing = s.expect.error !== undefined && ABOUT_MISSING.has(s.expect.error);
  const repo = findDeviceRepo(s);
  if (repo === undefined && !aboutMissing) {
    const have = s.server.repos.map((r) => `${r.owner}/${r.name}`).join(', ');
    const { owner, repo: name } = s.device.config;
    out.push({ path: ['device', 'config', 'repo'], message: `device config names ${String(owner)}/${String(name)}, which is not in server.repos (have: ${have})` });
  }
  const labels = labelRepo(s);
  const checkLabel = (label: string | undefined, path: KeyPath) => {
    if (label !== undefined && labels.commits[label] === undefined) out.push({ path, message: unknownCommit(labels, label) });
  };
  checkLabel(s.device.installed, ['device', 'installed']);
  if (s.expect.version !== 'installed') checkLabel(s.expect.version, ['expect', 'version']);
  checkLabel(s.expect.rejected, ['expect', 'rejected']);
  if (s.device.installedRef !== undefined && s.device.installed === undefined) {
    out.push({ path: ['device', 'installedRef'], message: 'installedRef needs device.installed (there is no version.json to put it in)' });
  }
  const tag = s.device.config.tag;
  const tags = repo === undefined ? new Map<string, string>() : repoTags(repo);
  if (typeof tag === 'string' && tag !== '' && repo !== undefined && !tags.has(tag) && !aboutMissing) {
    out.push({ path: ['device', 'config', 'tag'], message: `pinned tag "${tag}" is not in ${repo.owner}/${repo.name}'s tags${suggestion(tag, [...tags.keys()])}` });
  }
  for (const [path, content] of Object.entries(s.device.files ?? {})) {
    if (typeof content !== 'string') continue;
    for (const message of placeholderProblems(content, labels)) out.push({ path: ['device', 'files', path], message });
  }
  if (s.expect.noErrors === true && s.expect.error !== undefined) {
    out.push({ path: ['expect', 'noErrors'], message: `contradicts expect.error "${s.expect.error}"` });
  }
  out.push(...labWatchdogProblems(s));
  return out;
}

/**
 * The lab adds its watchdog to a config that names none; a timeout the config sets that would not
 * fit under it would turn the scenario into a CONFIG_INVALID one without the author asking.
 */
function labWatchdogProblems(s: Unnamed): Problem[] {
  const c = s.device.config;
  if (s.device.configText !== undefined || 'watchdog_timeout_ms' in c || (s.expect.error === 'CONFIG_INVALID')) return [];
  return (['http_timeout_sec', 'connect_timeout_sec'] as const)
    .filter((key) => typeof c[key] === 'number' && (c[key] as number) * 1000 >= LAB_WATCHDOG_MS)
    .map((key) => ({
      path: ['device', 'config', key],
      message: `${String(c[key])} s does not fit under the lab's default watchdog (${LAB_WATCHDOG_MS} ms); set it below ${LAB_WATCHDOG_MS / 1000} s, or set watchdog_timeout_ms (null for none)`,
    }));
}

export function semanticProblems(s: Unnamed): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, number>();
  s.server.repos.forEach((repo, i) => {
    const full = `${repo.owner}/${repo.name}`;
    if (seen.has(full)) out.push({ path: ['server', 'repos', i, 'name'], message: `repo ${full} is already defined at server.repos[${seen.get(full)}]` });
    seen.set(full, i);
    out.push(...repoProblems(repo, ['server', 'repos', i]));
  });
  out.push(...deviceProblems(s));
  return out;
}
