/**
 * consistent — version.json names what is installed: the target commit (and its managed blob map,
 * when it carries one) on the new files, the installed commit on the old ones. H1 is the breach
 * this catches: version.json naming the new commit over old files.
 */
import { gitBlobSha1 } from '../../sim/github/files.ts';
import { installedBy } from '../state/target-files.ts';
import { readVersionJson, type VersionRead } from './board-state.ts';
import { at, visibleOf, where } from './facts.ts';
import { bytesEqual, classify } from './files-compare.ts';
import type { Checkpoint, Facts, Verdict } from './types.ts';

function named(v: VersionRead): string {
  if (v.kind === 'absent') return 'no version.json';
  if (v.kind === 'invalid') return `an unreadable version.json (${v.reason})`;
  return `commit ${v.value.commit ?? '(none)'}`;
}

/** Before the update: the installed commit, or (fresh board) no commit at all / the file as provisioned. */
function matchesBefore(f: Facts, cp: Checkpoint, v: VersionRead): boolean {
  if (f.installedSha !== null) return v.kind === 'ok' && v.value.commit === f.installedSha;
  if (bytesEqual(cp.files.get('version.json'), f.initial.get('version.json'))) return true;
  return v.kind === 'absent' || (v.kind === 'ok' && v.value.commit === null);
}

/** The target's managed files and their blob SHAs, once per scenario (sweeps judge thousands of runs). */
const targetShas = new WeakMap<Facts['scenario'], Map<string, string>>();

function expectedShas(f: Facts, target: string): Map<string, string> {
  let shas = targetShas.get(f.scenario);
  if (!shas) {
    shas = new Map([...installedBy(f.scenario, target, f.rules)].map(([p, bytes]) => [p, gitBlobSha1(bytes)]));
    targetShas.set(f.scenario, shas);
  }
  return shas;
}

function mapProblem(f: Facts, v: VersionRead): string | null {
  if (v.kind !== 'ok' || v.value.files === null || f.target === null) return null;
  const expected = expectedShas(f, f.target);
  const recorded = v.value.files;
  const wrong = [...expected].filter(([path, sha]) => recorded[path] !== sha).map(([p]) => p);
  const extra = Object.keys(recorded).filter((p) => !expected.has(p));
  if (wrong.length === 0 && extra.length === 0) return null;
  return `version.json "files" does not match the installed set (wrong or missing: ${wrong.join(', ') || '-'}; not installed: ${extra.join(', ') || '-'})`;
}

export function checkConsistent(f: Facts): Verdict[] {
  const out: Verdict[] = [];
  for (const cp of f.checkpoints) {
    const state = classify(visibleOf(f, cp.files), f.before, f.after);
    if (state === 'neither') continue; // atomic reports it
    const v = readVersionJson(cp.files);
    const onAfter = v.kind === 'ok' && f.targetSha !== null && v.value.commit === f.targetSha;
    const onBefore = matchesBefore(f, cp, v);
    const ok = state === 'after' ? onAfter : state === 'before' ? onBefore : onAfter || onBefore;
    if (!ok) {
      const want = state === 'after' ? `the target commit ${f.targetSha}` : state === 'before' ? `the installed commit ${f.installedSha ?? '(none)'}` : 'the installed or the target commit';
      out.push({ invariant: 'consistent', ...at(cp), message: `${where(cp)} the files are the ${state === 'after' ? 'new' : 'old'} version but there is ${named(v)}; expected ${want}` });
      continue;
    }
    const problem = state === 'after' ? mapProblem(f, v) : null;
    if (problem !== null) out.push({ invariant: 'consistent', ...at(cp), message: `${where(cp)} ${problem}` });
  }
  return out;
}
