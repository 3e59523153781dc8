/** Loading scenario files for the CLI: relative paths for messages, every problem of every file reported. */
import { relative, resolve } from 'node:path';
import { listScenarios, loadScenario } from '../scenarios/load/index.ts';
import type { Scenario } from '../scenarios/types.ts';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

export function shortPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? resolve(file) : rel;
}

export async function loadLibrary(dir: string): Promise<LoadedScenario[]> {
  const files = await listScenarios(resolve(dir));
  if (files.length === 0) throw new Error(`no scenarios found in ${dir} (expected *.yaml files)`);
  const out: LoadedScenario[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      out.push({ file: shortPath(file), scenario: await loadScenario(file) });
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new Error(`invalid scenarios:\n${problems.join('\n')}`);
  return out;
}

export async function loadOne(file: string): Promise<LoadedScenario> {
  return { file: shortPath(file), scenario: await loadScenario(resolve(file)) };
}
