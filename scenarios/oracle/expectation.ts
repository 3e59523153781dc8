/** expectation — each field of the scenario's `expect` block, checked against the run. */
import { fileBytes } from '../../sim/github/files.ts';
import { labelRepo } from '../state/device-repo.ts';
import { managedFiles } from '../state/managed.ts';
import { hasErrorCode, readErrorRecords, readVersionJson } from './board-state.ts';
import { bytesEqual, classify, describeDiff, sameFiles } from './files-compare.ts';
import { extraCuts, visibleOf } from './facts.ts';
import type { Facts, Verdict } from './types.ts';

const verdict = (message: string): Verdict => ({ invariant: 'expectation', message });

/** The board is on commit `label`: version.json names it and the files are that version. */
function checkVersion(f: Facts, wanted: string): Verdict[] {
  const label = wanted === 'installed' ? f.scenario.device.installed : wanted;
  const v = readVersionJson(f.run.files);
  const visible = visibleOf(f, f.run.files);
  if (label === undefined) {
    // "installed" on a fresh board: still fresh.
    const fresh = (v.kind === 'absent' || (v.kind === 'ok' && v.value.commit === null)) && sameFiles(visible, f.before);
    return fresh ? [] : [verdict(`expected the board unchanged (nothing installed), but ${describeDiff(visible, f.before)}`)];
  }
  const out: Verdict[] = [];
  const sha = f.ctx.shaOf(label);
  const commit = v.kind === 'ok' ? v.value.commit : null;
  if (commit !== sha) out.push(verdict(`expected version ${label} (${sha}), version.json names ${commit ?? `nothing (${v.kind})`}`));
  const expected = label === f.target ? f.after : label === f.scenario.device.installed ? f.before : null;
  if (expected !== null) {
    if (!sameFiles(visible, expected)) out.push(verdict(`expected the files of ${label}: ${describeDiff(visible, expected)}`));
  } else {
    const wrong = [...managedFiles(labelRepo(f.scenario), label, f.rules)].filter(([p, b]) => !bytesEqual(visible.get(p), b)).map(([p]) => p);
    if (wrong.length > 0) out.push(verdict(`expected the files of ${label}; different or missing: ${wrong.join(', ')}`));
  }
  return out;
}

export function checkExpectation(f: Facts): Verdict[] {
  const e = f.scenario.expect;
  const out: Verdict[] = [];
  // A full flash a fuzz run added: only a board that still reached the target is held to its end state.
  if (f.ctx.flashFilled === true) {
    return classify(visibleOf(f, f.run.files), f.before, f.after) === 'after' ? endState(f, e, readVersionJson(f.run.files)) : [];
  }
  // A board told to stay put (the scenario's target is refused) may, under network faults a fuzz
  // run added, see different unauthenticated metadata — e.g. a release whose manifest asset name
  // was corrupted, which is tree mode without a manifest_key — and install the commit's true
  // content. The invariants still demand exactly that content; only the stay-put wish is waived.
  const stayPut = e.version === 'installed' || (e.version !== undefined && e.version === f.scenario.device.installed);
  const waived = stayPut && (f.ctx.addedLinkFaults ?? 0) > 0 && classify(visibleOf(f, f.run.files), f.before, f.after) === 'after';
  if (e.version !== undefined && !waived) out.push(...checkVersion(f, e.version));
  const v = readVersionJson(f.run.files);
  if (e.ref !== undefined) {
    const ref = v.kind === 'ok' ? v.value.ref : null;
    if (ref !== e.ref) out.push(verdict(`expected ref "${e.ref}" in version.json, got ${ref === null ? 'none' : `"${ref}"`}`));
  }
  const { records, problem } = readErrorRecords(f.run.files);
  // A cut the scenario did not plan can land while the record of a transient failure is being
  // written; if a later check then succeeds, no failure is left to record. Only a failure that
  // stuck (the board on its old version) must still be recorded.
  const added = f.ctx.addedLinkFaults ?? 0;
  const recordOptional = (extraCuts(f) > 0 || added > 0) && e.version !== undefined && e.version !== 'installed' && e.version !== f.scenario.device.installed;
  if (e.error !== undefined && !recordOptional && !hasErrorCode(records, e.error)) {
    const have = records.map((r) => r.code ?? 'legacy').join(', ') || 'none';
    out.push(verdict(`expected an ${e.error} error record (have: ${have}${problem === null ? '' : `; ${problem}`})`));
  }
  if (added > 0) return [...out, ...endState(f, e, v)];
  if (e.led !== undefined && extraCuts(f) === 0) out.push(...checkLed(f, e.led));
  if (e.noErrors === true && (records.length > 0 || problem !== null)) {
    out.push(verdict(`expected no error record, found ${records.map((r) => `${r.code ?? 'legacy'}: ${r.message}`).join(' | ') || problem}`));
  }
  const extra = extraCuts(f);
  const plus = extra === 0 ? '' : ` (+${extra} for power cuts the scenario did not plan)`;
  // An unplanned cut costs at most two boots: the boot it cuts and, in a trial window, the trial
  // boot it interrupted (a power loss does not count against the trial, SPEC §5.3).
  const bootsPlus = extra === 0 ? '' : ` (+${2 * extra} for ${extra} power cut${extra === 1 ? '' : 's'} the scenario did not plan: its own boot, and the trial boot it interrupted)`;
  if (e.bootsAtMost !== undefined && f.run.boots.length > e.bootsAtMost + 2 * extra) {
    out.push(verdict(`took ${f.run.boots.length} boots, expected at most ${e.bootsAtMost}${bootsPlus}`));
  }
  if (e.requestsAtMost !== undefined && f.run.requests.length > e.requestsAtMost * (1 + extra)) {
    out.push(verdict(`made ${f.run.requests.length} requests, expected at most ${e.requestsAtMost}${extra === 0 ? '' : ` × ${1 + extra}${plus}`}`));
  }
  out.push(...checkWire(f, extra));
  return [...out, ...endState(f, e, v)];
}

/** The LED's decoded timeline equals the expected one (only for the run as the scenario wrote it). */
function checkLed(f: Facts, wanted: readonly string[]): Verdict[] {
  const got = f.run.led;
  if (got === undefined) return [];
  const same = got.length === wanted.length && got.every((x, i) => x === wanted[i]);
  return same ? [] : [verdict(`expected the status LED to show [${wanted.join(', ')}], it showed [${got.join(', ')}]`)];
}

/** The `wire` budget: bytes that reached the board and Range requests, for one file's URL. */
function checkWire(f: Facts, extra: number): Verdict[] {
  const w = f.scenario.expect.wire;
  if (w === undefined) return [];
  const out: Verdict[] = [];
  const matching = f.run.requests.filter((r) => r.url.includes(w.urlIncludes));
  const bytes = matching.reduce((n, r) => n + (r.wireBytes ?? r.bodyBytes), 0);
  const ranged = matching.filter((r) => r.range !== undefined).length;
  // A cut the scenario did not plan may cost one more partial body, and take a resume away.
  if (w.bytesAtMost !== undefined && bytes > w.bytesAtMost * (1 + extra)) out.push(verdict(`${bytes} body bytes of ${w.urlIncludes} reached the board, expected at most ${w.bytesAtMost}${extra === 0 ? '' : ` × ${1 + extra}`}`));
  if (w.rangedAtLeast !== undefined && extra === 0 && ranged < w.rangedAtLeast) out.push(verdict(`${ranged} requests for ${w.urlIncludes} carried Range, expected at least ${w.rangedAtLeast}`));
  if (w.rangedAtMost !== undefined && ranged > w.rangedAtMost * (1 + extra)) out.push(verdict(`${ranged} requests for ${w.urlIncludes} carried Range, expected at most ${w.rangedAtMost}`));
  return out;
}

/** Exact files and rejected commits: what the board holds at the end, whatever faults were added. */
function endState(f: Facts, e: Facts['scenario']['expect'], v: ReturnType<typeof readVersionJson>): Verdict[] {
  const out: Verdict[] = [];
  for (const [path, content] of Object.entries(e.files ?? {})) {
    const actual = f.run.files.get(path);
    if (content === null) {
      if (actual !== undefined) out.push(verdict(`expected ${path} to be absent, it exists (${actual.length} bytes)`));
    } else if (!bytesEqual(actual, fileBytes(content))) {
      out.push(verdict(actual === undefined ? `expected ${path} to exist, it is absent` : `expected ${path} to hold the given content, it differs (${actual.length} bytes)`));
    }
  }
  if (e.rejected !== undefined) {
    const sha = f.ctx.shaOf(e.rejected);
    const rejected = v.kind === 'ok' ? v.value.rejected : [];
    if (!rejected.includes(sha)) out.push(verdict(`expected ${e.rejected} (${sha}) among version.json's rejected commits (have: ${rejected.join(', ') || 'none'})`));
  }
  return out;
}
