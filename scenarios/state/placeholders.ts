/**
 * Placeholders in the text of `device.files`, for boards provisioned mid-update (a journal left by
 * an interrupted run names real commit SHAs, which only the fake GitHub knows):
 *   ${commit:LABEL}      the commit SHA of LABEL
 *   ${blob:LABEL:PATH}   the git blob SHA-1 of PATH in LABEL
 *   ${files:LABEL}       LABEL's managed files as version.json's map: {"path": "blobsha", …}
 * Anything else between ${ and } is left as it is.
 */
import { commitFiles, gitBlobSha1 } from '../../sim/github/files.ts';
import type { RepoSpec } from '../../sim/github/spec.ts';
import type { DeviceRules } from './device-repo.ts';
import { managedFiles } from './managed.ts';
import { filesMapText } from './version-json.ts';

const PLACEHOLDER = /\$\{(commit|blob|files):([^}:]+)(?::([^}]+))?\}/g;

export interface PlaceholderContext {
  repo: RepoSpec;
  rules: DeviceRules;
  shaOf: (label: string) => string;
}

export function expandPlaceholders(text: string, ctx: PlaceholderContext): string {
  return text.replace(PLACEHOLDER, (_all, kind: string, label: string, path: string | undefined) => {
    if (kind === 'commit') return ctx.shaOf(label);
    if (kind === 'files') {
      const shas = new Map([...managedFiles(ctx.repo, label, ctx.rules)].map(([p, b]) => [p, gitBlobSha1(b)]));
      return filesMapText(shas);
    }
    const bytes = commitFiles(ctx.repo, label).get(path ?? '');
    if (bytes === undefined) throw new Error(`Failed to expand \${blob:${label}:${path}}: no such file`);
    return gitBlobSha1(bytes);
  });
}

/** A commit's files, or none when its parent chain is broken (the loader reports that at the chain). */
function filesOf(repo: RepoSpec, label: string): Map<string, Uint8Array> {
  try {
    return commitFiles(repo, label);
  } catch {
    return new Map();
  }
}

/** What is wrong with the placeholders of `text` (unknown labels or paths), for the loader. */
export function placeholderProblems(text: string, repo: RepoSpec): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const [all, kind, label, path] = m;
    if (repo.commits[label!] === undefined) out.push(`${all}: unknown commit "${label}"`);
    else if (kind === 'blob' && !filesOf(repo, label!).has(path ?? '')) out.push(`${all}: "${path ?? ''}" is not a file of ${label}`);
    else if (kind !== 'blob' && path !== undefined) out.push(`${all}: ${kind} takes only a label`);
  }
  return out;
}
