/**
 * Two suites' verdicts, scenario by scenario: what `otalab hil suite --against micropython` holds a
 * board to. Only scenarios the first target judged are compared (it may skip more, with reasons);
 * for each, both must reach the same status, sweep the same points (the same flash ops, counted
 * the same way) and fail at the same ones. Any difference is named; none is ignored.
 */
import type { ScenarioReport, SuiteReport } from './suite.ts';

export interface VerdictDifference {
  scenario: string;
  what: string;
}

const points = (s: ScenarioReport) => (s.sweep?.sampled ?? []).map((p) => `${p.op}/${p.mode}`);
const failed = (s: ScenarioReport) => (s.sweep?.failedPoints ?? []).map((p) => `${p.op}/${p.mode}`).sort();

export function compareVerdicts(board: SuiteReport, reference: SuiteReport): { compared: string[]; differences: VerdictDifference[] } {
  const byName = new Map(reference.scenarios.map((s) => [s.name, s]));
  const compared: string[] = [];
  const differences: VerdictDifference[] = [];
  for (const s of board.scenarios) {
    if (s.status === 'skipped' || s.status === 'error') continue;
    const r = byName.get(s.name);
    const say = (what: string) => differences.push({ scenario: s.name, what });
    compared.push(s.name);
    if (!r) {
      say(`${reference.target} did not run it`);
      continue;
    }
    if (r.status !== s.status) say(`${board.target} ${s.status}, ${reference.target} ${r.status}${r.skipReason ? ` (${r.skipReason})` : ''}`);
    const cleanB = (s.clean?.violations ?? []).map((v) => v.invariant).sort().join(',');
    const cleanR = (r.clean?.violations ?? []).map((v) => v.invariant).sort().join(',');
    if (cleanB !== cleanR) say(`clean run: ${board.target} violates [${cleanB}], ${reference.target} [${cleanR}]`);
    if (s.sweep && r.sweep) {
      if (s.sweep.cleanOps !== r.sweep.cleanOps) say(`the clean run has ${s.sweep.cleanOps} flash ops on ${board.target}, ${r.sweep.cleanOps} on ${reference.target}`);
      else if (points(s).join(' ') !== points(r).join(' ')) say(`swept points differ: ${points(s).join(' ')} vs ${points(r).join(' ')}`);
      if (failed(s).join(' ') !== failed(r).join(' ')) say(`failing points: ${board.target} [${failed(s).join(' ')}], ${reference.target} [${failed(r).join(' ')}]`);
    } else if (Boolean(s.sweep) !== Boolean(r.sweep)) say(`only one of them swept`);
  }
  return { compared, differences };
}
