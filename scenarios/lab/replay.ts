/**
 * The one-line commands that reproduce a lab run exactly: every option of the target (its spec)
 * is rendered back into flags. A run, a sweep point or a suite has no random choice, so their
 * lines carry no seed; a fuzz or diff line carries the seed and path that draw its schedule.
 */
import type { TargetSpec } from '../target.ts';
import type { CutMode } from '../types.ts';

export type Replay = (
  | { kind: 'run'; file: string }
  | { kind: 'sweep'; file: string; op: number; mode: CutMode }
  | { kind: 'fuzz'; file: string; seed: number; path: string; runs: number }
) & { spec?: TargetSpec };

/** The flags that rebuild a target from its spec on the command line (cli/target-options.ts reads them). */
export function targetFlags(spec: TargetSpec | undefined, { withTarget = true } = {}): string {
  if (!spec) return '';
  const flags: string[] = [];
  if (withTarget && spec.name !== 'ts') flags.push(`--target ${spec.name}`);
  if (spec.flash !== 'littlefs') flags.push(`--flash ${spec.flash}`);
  if (spec.flashTiming === 'worst') flags.push('--flash-timing worst');
  if (spec.updater !== undefined) flags.push(`--updater ${quote(spec.updater)}`);
  if (spec.adapter !== undefined) flags.push(`--adapter ${quote(spec.adapter)}`);
  if (spec.updaterFiles) flags.push('--updater-files');
  return flags.map((f) => ` ${f}`).join('');
}

/** A shell word: as is when safe, else single-quoted. */
export function quote(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function replayCommand(r: Replay): string {
  const t = targetFlags(r.spec);
  const file = quote(r.file);
  switch (r.kind) {
    case 'run':
      return `npx otalab sim run ${file}${t}`;
    case 'sweep':
      return `npx otalab sim sweep ${file} --op ${r.op} --mode ${r.mode}${t}`;
    case 'fuzz':
      return `npx otalab sim fuzz ${file} --seed ${r.seed}${r.path ? ` --path ${r.path}` : ''} --runs ${r.runs}${t}`;
  }
}
