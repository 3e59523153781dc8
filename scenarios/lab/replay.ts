/** The one-line commands that reproduce a lab run exactly. */
import type { CutMode } from '../types.ts';

export type Replay = (
  | { kind: 'run'; file: string; seed: number }
  | { kind: 'sweep'; file: string; seed: number; op: number; mode: CutMode }
  | { kind: 'fuzz'; file: string; seed: number; path: string; runs: number }
) & { target?: string; flags?: string };

export function replayCommand(r: Replay): string {
  const t = (r.target && r.target !== 'ts' ? ` --target ${r.target}` : '') + (r.flags ? ` ${r.flags}` : '');
  switch (r.kind) {
    case 'run':
      return `npx otalab sim run ${r.file} --seed ${r.seed}${t}`;
    case 'sweep':
      return `npx otalab sim sweep ${r.file} --seed ${r.seed} --op ${r.op} --mode ${r.mode}${t}`;
    case 'fuzz':
      return `npx otalab sim fuzz ${r.file} --seed ${r.seed} --path ${r.path} --runs ${r.runs}${t}`;
  }
}
