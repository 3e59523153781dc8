/** Finds the scenario files of a library directory. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The library shipped with otalab. */
export const LIBRARY_DIR = fileURLToPath(new URL('../library/', import.meta.url));

/** Every `*.yaml` / `*.yml` under `dir` (recursively), as paths joined onto `dir`, sorted. */
export async function listScenarios(dir: string = LIBRARY_DIR): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}
