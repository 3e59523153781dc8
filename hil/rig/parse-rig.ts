/** Rig YAML → a validated Rig, or every problem in it as `file:line:col: key.path: problem`. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { readTextFile } from '../../scenarios/load/read-text.ts';
import { MAX_LISTED, ScenarioError, formatKeyPath, type Problem } from '../../scenarios/load/scenario-error.ts';
import { schemaProblems } from '../../scenarios/load/schema-errors.ts';
import { positionOf } from '../../scenarios/load/yaml-position.ts';
import { rigProblems } from './rig-checks.ts';
import schema from './schema.json' with { type: 'json' };
import type { Rig, RigFile } from './types.ts';

/** A rig file lists a handful of boards; anything this big is not one. */
export const RIG_MAX_BYTES = 64 * 1024;

/** Every problem of one rig file (listed up to MAX_LISTED), each a ScenarioError-shaped line. */
export class InvalidRigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ScenarioError[],
    readonly total: number = problems.length,
  ) {
    const shown = problems.slice(0, MAX_LISTED).map((p) => `  ${p.toString()}`);
    if (total > shown.length) shown.push(`  … and ${total - shown.length} more`);
    super(`Failed to load rig ${file}: ${total} problem${total === 1 ? '' : 's'}\n` + shown.join('\n'));
    this.name = 'InvalidRigError';
  }
}

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(schema);
  return validator;
}

/** yaml's messages end in " at line L, column C:" and an excerpt; the position is given separately. */
function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

const WIFI_LITERALS: Record<string, string> = {
  password: 'a Wi-Fi password never goes in the rig file: put it in an environment variable and name that variable with "password_env"',
  ssid: 'the SSID is read from the environment too: name the variable with "ssid_env"',
};

/**
 * Rig-specific wording on top of the scenario machinery: literal Wi-Fi credentials get told where
 * they belong, and nothing under `wifi` echoes its value (it might be the password itself).
 */
function rigWording(p: Problem): Problem {
  if (p.path[0] !== 'wifi') return p;
  const key = p.path[1];
  if (p.path.length === 2 && p.atKey === true && typeof key === 'string' && WIFI_LITERALS[key] !== undefined) return { ...p, message: WIFI_LITERALS[key] };
  const cut = p.message.indexOf(' (got ');
  return cut < 0 ? p : { ...p, message: p.message.slice(0, cut) };
}

/** `if`/`then` wrappers (one per power driver) only repeat what the branch's own errors say. */
const worthReporting = (e: ErrorObject) => e.keyword !== 'if';

function toRig(data: RigFile, file: string): Rig {
  const bind = data.lan?.bind ?? '127.0.0.1';
  return {
    file,
    version: data.version,
    lan: { bind, advertise: data.lan?.advertise ?? bind, port: data.lan?.port ?? 0 },
    ...(data.wifi === undefined ? {} : { wifi: { ssidEnv: data.wifi.ssid_env, passwordEnv: data.wifi.password_env } }),
    boards: data.boards,
  };
}

export function parseRig(text: string, file: string): Rig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? { line: 0, col: 0 };
      return new ScenarioError(file, pos.line, pos.col, '', `YAML syntax: ${yamlMessage(e.message)}`);
    });
    throw new InvalidRigError(file, problems);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const check = validate();
  const problems = check(data) ? rigProblems(data as RigFile) : schemaProblems((check.errors ?? []).filter(worthReporting), data).map(rigWording);
  if (problems.length > 0) {
    const located = problems.map((p) => {
      const pos = positionOf(doc, lineCounter, p.path, p.atKey);
      return new ScenarioError(file, pos.line, pos.col, formatKeyPath(p.path), p.message);
    });
    located.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new InvalidRigError(file, located);
  }
  return toRig(data as RigFile, file);
}

/** Reads and parses a rig file; unreadable files throw InputFileError (`path: problem`). */
export function loadRig(path: string): Rig {
  return parseRig(readTextFile(path, 'rig', RIG_MAX_BYTES), path);
}
