/**
 * YAML text → a validated fleet scenario, or every problem in it with file:line:col (the library
 * loader's machinery: ajv with the scenario schema's definitions, then checks the schema cannot
 * express — timeline tags that exist, drafts published once, times in order).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import scenarioSchema from '../../schema.json' with { type: 'json' };
import fleetSchema from '../../fleet.schema.json' with { type: 'json' };
import { InvalidScenarioError, ScenarioError, formatKeyPath, type Problem } from '../../load/scenario-error.ts';
import { schemaProblems } from '../../load/schema-errors.ts';
import { positionOf } from '../../load/yaml-position.ts';
import { readTextFile } from '../../load/read-text.ts';
import { scenarioName } from '../../load/parse-scenario.ts';
import { suggestion } from '../../load/did-you-mean.ts';
import type { FleetScenario } from './fleet-scenario.ts';

export const FLEET_MAX_BYTES = 256 * 1024;

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, discriminator: true, strict: true });
    ajv.addSchema(scenarioSchema);
    validator = ajv.compile(fleetSchema);
  }
  return validator;
}

export function parseFleetScenario(text: string, fileName: string): FleetScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? { line: 0, col: 0 };
      return new ScenarioError(fileName, pos.line, pos.col, '', `YAML syntax: ${(e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '')}`);
    });
    throw new InvalidScenarioError(fileName, problems);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  const check = validate();
  const problems = check(data) ? semanticProblems(data as Omit<FleetScenario, 'name'>) : schemaProblems(check.errors ?? [], data);
  if (problems.length > 0) {
    const located = problems.slice(0, 100).map((p) => {
      const pos = positionOf(doc, lineCounter, p.path, p.atKey);
      return new ScenarioError(fileName, pos.line, pos.col, formatKeyPath(p.path), p.message);
    });
    located.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new InvalidScenarioError(fileName, located, problems.length);
  }
  return { name: scenarioName(fileName), ...(data as Omit<FleetScenario, 'name'>) };
}

export function loadFleetScenario(file: string): FleetScenario {
  return parseFleetScenario(readTextFile(file, 'fleet scenario', FLEET_MAX_BYTES), file);
}

/** What the schema cannot say: the names must exist in the device's repository, drafts are published once, time runs forward. */
export function semanticProblems(s: Omit<FleetScenario, 'name'>): Problem[] {
  const problems: Problem[] = [];
  const { owner, repo } = s.device.config;
  if (typeof owner !== 'string' || typeof repo !== 'string') {
    return [{ path: ['device', 'config'], message: 'a fleet needs "owner" and "repo" (strings) in the device config: they name the repository whose releases the timeline publishes' }];
  }
  const spec = s.server.repos.find((r) => r.owner === owner && r.name === repo);
  if (!spec) {
    return [{ path: ['device', 'config', 'repo'], message: `no repository ${owner}/${repo} under server.repos (it has ${s.server.repos.map((r) => `${r.owner}/${r.name}`).join(', ') || 'none'})` }];
  }
  const releases = spec.releases ?? [];
  const tags = releases.map((r) => r.tag);
  const known = (tag: string, path: (string | number)[]) => {
    if (tags.includes(tag)) return true;
    problems.push({ path, message: `no release "${tag}" in ${owner}/${repo} (its releases: ${tags.join(', ') || 'none'})${suggestion(tag, tags)}` });
    return false;
  };
  if (s.device.installed !== undefined && spec.commits[s.device.installed] === undefined) {
    problems.push({ path: ['device', 'installed'], message: `no commit "${s.device.installed}" in ${owner}/${repo} (its commits: ${Object.keys(spec.commits).join(', ')})` });
  }
  const published = new Set<string>();
  let last = 0;
  s.timeline.forEach((e, i) => {
    if (e.atHour < last) problems.push({ path: ['timeline', i, 'atHour'], message: `${e.atHour} h comes before the previous event's ${last} h: list events in time order` });
    last = Math.max(last, e.atHour);
    if (!known(e.release, ['timeline', i, 'release'])) return;
    if (e.publish === undefined && e.rollout === undefined) problems.push({ path: ['timeline', i], message: 'the event changes nothing: give "publish: true" or "rollout: N" (or both)' });
    if (e.publish) {
      const draft = releases.find((r) => r.tag === e.release)?.draft === true;
      if (!draft) problems.push({ path: ['timeline', i, 'publish'], message: `release ${e.release} is already public at the start: list it with "draft: true" under server.repos to publish it at ${e.atHour} h` });
      else if (published.has(e.release)) problems.push({ path: ['timeline', i, 'publish'], message: `release ${e.release} is published twice` });
      published.add(e.release);
    }
  });
  (s.goals?.converge ?? []).forEach((g, i) => {
    if (!known(g.release, ['goals', 'converge', i, 'release'])) return;
    const draft = releases.find((r) => r.tag === g.release)?.draft === true;
    if (draft && !published.has(g.release)) problems.push({ path: ['goals', 'converge', i, 'release'], message: `release ${g.release} is a draft the timeline never publishes: no board can take it` });
  });
  (s.goals?.noneOn ?? []).forEach((tag, i) => known(tag, ['goals', 'noneOn', i]));
  return problems;
}
