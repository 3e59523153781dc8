/** YAML text → a validated Scenario, or every problem in it with file:line:col. */
import { basename } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import schema from '../schema.json' with { type: 'json' };
import type { Scenario } from '../types.ts';
import { InvalidScenarioError, ScenarioError, formatKeyPath, type Problem } from './scenario-error.ts';
import { schemaProblems } from './schema-errors.ts';
import { semanticProblems } from './semantic-checks.ts';
import { positionOf } from './yaml-position.ts';
import { readTextFile } from './read-text.ts';

/** Scenarios are a few KB (the library's largest is 2.3 KB; the YAML parser needs ~0.1 s per 10 KB of keys); big file contents are `{random: N}`. */
export const SCENARIO_MAX_BYTES = 64 * 1024;

/**
 * A scenario `otalab repro` wrote carries a field board's real files and the repository's commits,
 * so it may be larger: it is recognised by the first line repro writes (docs/repro.md).
 */
export const REPRO_MARK = '# Written by `otalab repro`';
export const REPRO_MAX_BYTES = 8 * 1024 * 1024;

function scenarioCap(head: Buffer): number {
  return head.subarray(0, REPRO_MARK.length).toString('utf8') === REPRO_MARK ? REPRO_MAX_BYTES : SCENARIO_MAX_BYTES;
}

let validator: ValidateFunction | undefined;

/** Problems given a line and column; MAX_LISTED of them are printed. */
const LOCATED_MAX = 100;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, discriminator: true, strict: true }).compile(schema);
  return validator;
}

/** `stable-channel.yaml` → `stable-channel`. */
export function scenarioName(fileName: string): string {
  return basename(fileName).replace(/\.ya?ml$/i, '');
}

/** yaml's messages end in " at line L, column C:" followed by a source excerpt; we give the position ourselves. */
function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function nameHint(p: Problem): Problem {
  const isRootName = p.path.length === 1 && p.path[0] === 'name' && p.message.startsWith('unknown key');
  return isRootName ? { ...p, message: 'unknown key "name": a scenario is named after its file' } : p;
}

export function parseScenario(text: string, fileName: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? { line: 0, col: 0 };
      return new ScenarioError(fileName, pos.line, pos.col, '', `YAML syntax: ${yamlMessage(e.message)}`);
    });
    throw new InvalidScenarioError(fileName, problems);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  const check = validate();
  let problems: Problem[] = [];
  if (!check(data)) problems = schemaProblems(check.errors ?? [], data).map(nameHint);
  else problems = semanticProblems(data as Omit<Scenario, 'name'>);
  if (problems.length > 0) {
    // Locating a problem walks the document: only the first few are located (and listed), so a
    // file with thousands of mistakes fails in milliseconds, not minutes (measured: 16,000
    // problems took 5 min when all were located).
    const located = problems.slice(0, LOCATED_MAX).map((p) => {
      const pos = positionOf(doc, lineCounter, p.path, p.atKey);
      return new ScenarioError(fileName, pos.line, pos.col, formatKeyPath(p.path), p.message);
    });
    located.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new InvalidScenarioError(fileName, located, problems.length);
  }
  return { name: scenarioName(fileName), ...(data as Omit<Scenario, 'name'>) };
}

export async function loadScenario(file: string): Promise<Scenario> {
  return parseScenario(readTextFile(file, 'scenario', scenarioCap, '; generate large file contents with {random: N}'), file);
}
