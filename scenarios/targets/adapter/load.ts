/**
 * Reads an updater's adapter file (otalab-updater.yaml): every problem with file:line:col and a
 * did-you-mean for misspelt keys, as scenario files report theirs. Also checks that the files it
 * names exist in the updater dir, so a typo fails before a single boot.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import schema from './schema.json' with { type: 'json' };
import { formatKeyPath, type Problem } from '../../load/scenario-error.ts';
import { schemaProblems } from '../../load/schema-errors.ts';
import { positionOf } from '../../load/yaml-position.ts';
import { ADAPTER_FILE, DEFAULTS, type UpdaterAdapter } from './types.ts';

export class InvalidAdapterError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Failed to load the updater adapter ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p}`).join('\n')}\n  (docs/updater-adapter.md describes the file)`);
    this.name = 'InvalidAdapterError';
  }
}

let validator: ValidateFunction | undefined;
const validate = () => (validator ??= new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema));

/** Where the adapter of an updater dir is: `--adapter` when given, else `<dir>/otalab-updater.yaml`. */
export function adapterPath(dir: string, adapterFile?: string): string {
  return adapterFile ?? join(dir, ADAPTER_FILE);
}

/** True when `dir` is a foreign updater: it has an adapter file (or one is given). */
export function isForeign(dir: string | undefined, adapterFile?: string): boolean {
  return adapterFile !== undefined || (dir !== undefined && existsSync(join(dir, ADAPTER_FILE)));
}

/** Parses adapter text; `dir` is where the files it names must exist. */
export function parseAdapter(text: string, file: string, dir: string): UpdaterAdapter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InvalidAdapterError(file, doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? 0}:${e.linePos?.[0]?.col ?? 0}: YAML syntax: ${e.message.split('\n')[0]}`));
  }
  const data: unknown = doc.toJS();
  const at = (p: Problem) => {
    const pos = positionOf(doc, lineCounter, p.path, p.atKey);
    const path = formatKeyPath(p.path);
    return `${file}:${pos.line}:${pos.col}: ${path === '' ? '' : `${path}: `}${p.message}`;
  };
  const check = validate();
  if (!check(data)) throw new InvalidAdapterError(file, schemaProblems(check.errors ?? [], data).map(at));
  const raw = data as Partial<UpdaterAdapter> & Pick<UpdaterAdapter, 'start'>;
  const adapter: UpdaterAdapter = {
    ...DEFAULTS,
    ...raw,
    version: { ...DEFAULTS.version, ...raw.version },
    config: { ...DEFAULTS.config, ...raw.config },
  };
  const missing: Problem[] = [];
  const need = (path: (string | number)[], name: string) => {
    if (!existsSync(join(dir, name))) missing.push({ path, message: `${name} is not in the updater dir ${dir}`, atKey: false });
  };
  for (const from of Object.keys(adapter.installAs)) need(['installAs', from], from);
  if (missing.length > 0) throw new InvalidAdapterError(file, missing.map(at));
  return adapter;
}

/** The board path of an updater-dir file (installAs applied), or null when it is left off. */
export function boardNameOf(adapter: UpdaterAdapter, source: string): string | null {
  if (adapter.leaveOff.includes(source)) return null;
  return adapter.installAs[source] ?? source;
}

const cache = new Map<string, UpdaterAdapter>();

/** The adapter of an updater dir (read once per file). Throws InvalidAdapterError. */
export function loadAdapter(dir: string, adapterFile?: string): UpdaterAdapter {
  const file = adapterPath(dir, adapterFile);
  const key = `${resolve(dir)}\0${resolve(file)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InvalidAdapterError(file, [`${file}: cannot be read; an updater dir given with --updater needs an ${ADAPTER_FILE} (or name one with --adapter)`]);
  }
  const adapter = parseAdapter(text, file, dir);
  cache.set(key, adapter);
  return adapter;
}
