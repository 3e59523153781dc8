/** Loading scenario files for the CLI: relative paths for messages, every problem of every file reported. */
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { InputFileError, listScenarios, loadScenario } from '../scenarios/load/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { SuiteEntry } from '../scenarios/lab/suite.ts';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

export function shortPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? resolve(file) : rel;
}

/** The same one-line form as for files: `<dir>: no such directory`. */
function checkDirectory(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputFileError(dir, code === 'ENOENT' ? 'no such directory' : `cannot read (${code ?? (err as Error).message})`);
  }
  if (!isDir) throw new InputFileError(dir, 'is a file, not a scenario directory (--dir)');
}

export async function loadLibrary(dir: string): Promise<LoadedScenario[]> {
  checkDirectory(dir);
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

/**
 * The library as the suite runs it: a file the loader refuses becomes an entry carrying the
 * loader's message (every problem, file:line:col), reported as a failed scenario while the others
 * still run. `filter` keeps scenarios whose name contains it (an invalid file by its path).
 */
export async function loadSuiteEntries(dir: string, filter?: string): Promise<SuiteEntry[]> {
  const files = await listScenarios(resolve(dir));
  if (files.length === 0) throw new Error(`no scenarios found in ${dir} (expected *.yaml files)`);
  const out: SuiteEntry[] = [];
  for (const file of files) {
    try {
      const scenario = await loadScenario(file);
      if (!filter || scenario.name.includes(filter)) out.push({ file: shortPath(file), scenario });
    } catch (err) {
      if (!filter || shortPath(file).includes(filter)) out.push({ file: shortPath(file), problem: (err as Error).message });
    }
  }
  return out;
}

export async function loadOne(file: string): Promise<LoadedScenario> {
  return { file: shortPath(file), scenario: await loadScenario(file) };
}
