/** Problems found in a scenario file, each pinned to a line and column of the YAML source. */

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    /** 1-based; 0 when the position is unknown. */
    readonly line: number,
    readonly col: number,
    /** Key path inside the scenario, e.g. `faults[0].kind`; '' for the whole file. */
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }

  /** `file:line:col: key.path: what is wrong` — the form editors and CI logs turn into links. */
  override toString(): string {
    const where = this.line > 0 ? `${this.file}:${this.line}:${this.col}` : this.file;
    return this.path === '' ? `${where}: ${this.message}` : `${where}: ${this.path}: ${this.message}`;
  }
}

/** A file with thousands of mistakes lists this many (and counts the rest): the first ones are the ones to fix. */
export const MAX_LISTED = 20;

/** Thrown by the loader: every problem of one file, not just the first (listed up to MAX_LISTED). */
export class InvalidScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ScenarioError[],
    /** How many problems there were in all (`problems` may hold only the first of them). */
    readonly total: number = problems.length,
  ) {
    const shown = problems.slice(0, MAX_LISTED).map((p) => `  ${p.toString()}`);
    if (total > shown.length) shown.push(`  … and ${total - shown.length} more`);
    super(`Failed to load scenario ${file}: ${total} problem${total === 1 ? '' : 's'}\n` + shown.join('\n'));
    this.name = 'InvalidScenarioError';
  }
}

/** A key path as segments: `['faults', 0, 'kind']`. */
export type KeyPath = (string | number)[];

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** `['faults', 0, 'kind']` → `faults[0].kind`; keys that are not identifiers are quoted: `files["lib/a.py"]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A problem before it is given a position: where (as a key path) and what. */
export interface Problem {
  path: KeyPath;
  message: string;
  /** Point at the key of the last segment rather than at its value (unknown keys). */
  atKey?: boolean;
}

/** Short JSON rendering of an offending value for "(got X)". */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
