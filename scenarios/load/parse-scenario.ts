/** YAML text → a validated Scenario, or every problem in it with file:line:col. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import schema from '../schema.json' with { type: 'json' };
import type { Scenario } from '../types.ts';
import { InvalidScenarioError, ScenarioError, formatKeyPath, type Problem } from './scenario-error.ts';
import { schemaProblems } from './schema-errors.ts';
import { semanticProblems } from './semantic-checks.ts';
import { positionOf } from './yaml-position.ts';

let validator: ValidateFunction | undefined;

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
    const located = problems.map((p) => {
      const pos = positionOf(doc, lineCounter, p.path, p.atKey);
      return new ScenarioError(fileName, pos.line, pos.col, formatKeyPath(p.path), p.message);
    });
    located.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new InvalidScenarioError(fileName, located);
  }
  return { name: scenarioName(fileName), ...(data as Omit<Scenario, 'name'>) };
}

export async function loadScenario(file: string): Promise<Scenario> {
  return parseScenario(await readFile(file, 'utf8'), file);
}
