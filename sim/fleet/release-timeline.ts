/**
 * A staged rollout as the fake GitHub sees it: at given times a draft release is published, or a
 * release's `rollout: N` line is rewritten (docs/SPEC.md §9.2: the percent lives in the release
 * notes, so raising it is an edit, not a reflash). The model's release records are changed in
 * place, so every board's next lookup sees the new answer (and a new ETag).
 */
import type { GitHubModel } from '../github/model.ts';
import type { ReleaseRecord } from '../github/releases.ts';

export interface ReleaseEvent {
  /** Hours since the run started. */
  atHour: number;
  /** The release's tag. */
  release: string;
  /** Make a draft public (it becomes "latest" when it is the newest non-draft). */
  publish?: boolean;
  /** Rewrite the release's rollout line to this percent. */
  rollout?: number;
}

export function findRelease(model: GitHubModel, repoFullName: string, tag: string): ReleaseRecord | undefined {
  const [owner = '', name = ''] = repoFullName.split('/');
  const repo = model.findRepo(owner, name);
  return repo ? model.releasesOf(repo).find((r) => r.tag === tag) : undefined;
}

/** The release notes with their rollout line set to `percent` (added first when there is none). */
export function withRollout(body: string, percent: number): string {
  const lines = body === '' ? [] : body.split('\n');
  const i = lines.findIndex((l) => /^[ \t]*rollout[ \t]*:/i.test(l));
  const line = `rollout: ${percent}`;
  if (i >= 0) lines[i] = line;
  else lines.unshift(line);
  return lines.join('\n');
}

export function applyReleaseEvent(model: GitHubModel, repoFullName: string, e: ReleaseEvent): void {
  const r = findRelease(model, repoFullName, e.release);
  if (!r) throw new Error(`Failed to apply the timeline event at ${e.atHour} h: ${repoFullName} has no release ${e.release}`);
  if (e.publish) r.draft = false;
  if (e.rollout !== undefined) r.body = withRollout(r.body, e.rollout);
}
