import { describe, expect, it } from 'vitest';
import type { RepoSpec } from '../../sim/github/spec.ts';
import type { Scenario } from '../types.ts';
import { targetLabel } from './target-label.ts';

const repo: RepoSpec = {
  owner: 'o',
  name: 'r',
  commits: { c1: {}, c2: { parent: 'c1' }, c3: { parent: 'c2' }, c4: { parent: 'c3' } },
  branches: { main: 'c4', dev: 'c3' },
  tags: { 'v1.0': 'c1', 'v2.0': { commit: 'c2', annotated: true }, 'v3.0-rc': 'c3' },
  releases: [{ tag: 'v1.0' }, { tag: 'v2.0' }, { tag: 'v3.0-rc', prerelease: true }, { tag: 'c4', draft: true }],
};

const at = (config: Record<string, unknown>, r: RepoSpec = repo): Pick<Scenario, 'device' | 'server'> => ({
  device: { config: { owner: 'o', repo: 'r', ...config } },
  server: { repos: [r] },
});

describe('targetLabel', () => {
  it('stable: the newest release that is neither draft nor prerelease', () => {
    expect(targetLabel(at({}))).toBe('c2');
    expect(targetLabel(at({ channel: 'stable' }))).toBe('c2');
  });

  it('developer: the branch tip, main by default', () => {
    expect(targetLabel(at({ channel: 'developer' }))).toBe('c4');
    expect(targetLabel(at({ channel: 'developer', branch: 'dev' }))).toBe('c3');
    expect(targetLabel(at({ channel: 'developer', branch: 'nope' }))).toBeNull();
  });

  it('developer without branches: the default branch at the last commit listed (as sim/github does)', () => {
    const { branches: _b, ...bare } = repo;
    expect(targetLabel(at({ channel: 'developer' }, bare))).toBe('c4');
    expect(targetLabel(at({ channel: 'developer' }, { ...bare, defaultBranch: 'trunk' }))).toBeNull();
  });

  it('a pinned tag wins over the channel, annotated or not, including a prerelease', () => {
    expect(targetLabel(at({ channel: 'developer', tag: 'v2.0' }))).toBe('c2');
    expect(targetLabel(at({ tag: 'v3.0-rc' }))).toBe('c3');
    expect(targetLabel(at({ tag: 'v9' }))).toBeNull();
  });

  it('a release tag that names a commit label is an implicit tag', () => {
    expect(targetLabel(at({ tag: 'c4' }))).toBe('c4');
    expect(targetLabel(at({}, { ...repo, tags: {}, releases: [{ tag: 'c3' }] }))).toBe('c3');
  });

  it('null without a release, for a missing repo, or a channel core rejects', () => {
    expect(targetLabel(at({}, { ...repo, releases: [] }))).toBeNull();
    expect(targetLabel({ ...at({}), device: { config: { owner: 'o', repo: 'other' } } })).toBeNull();
    expect(targetLabel(at({ channel: 'stabel' }))).toBeNull();
  });
});
