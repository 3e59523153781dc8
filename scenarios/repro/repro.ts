/**
 * `otalab repro`: a board's dump plus the Git repository it follows → a scenario whose board starts
 * in exactly the dumped state, whose fake GitHub serves the real commits (under git's SHAs), and
 * whose faults replay the error ring. Board states no updater run could leave are findings. The
 * written YAML is loaded back with the real loader before it counts as written. docs/repro.md.
 */
import { stringify } from 'yaml';
import { JOURNAL_PATH } from '../../core/journal/index.ts';
import { parseScenario, REPRO_MARK } from '../load/index.ts';
import { deviceRules } from '../state/device-repo.ts';
import { managedFiles } from '../state/managed.ts';
import type { Scenario } from '../types.ts';
import { readBoardRecords, type BoardRecords } from './board-records.ts';
import { readDumpTree, type DumpTree } from './dump-tree.ts';
import { faultsFromErrors } from './error-faults.ts';
import { fileContent } from './file-content.ts';
import { findInconsistencies } from './findings.ts';
import { openRepo } from './git-repo.ts';
import { serveRepo } from './server-from-repo.ts';

export const REPRO_FORMAT = 1;
/** What a dumped token becomes: the scenario must never carry a real credential. */
export const TOKEN_STAND_IN = 'repro-token-stand-in';

export interface ReproOptions {
  dump: string;
  repo: string;
  /** The output file's name (the scenario is named after it). */
  out: string;
  latest?: string;
  maxCommits?: number;
}

export interface Repro {
  yaml: string;
  scenario: Scenario;
  findings: string[];
  /** Per error record: the fault it became, or why none. */
  faultNotes: string[];
  commits: number;
  tokenScrubbed: boolean;
}

const SHA = /^[0-9a-f]{40}$/;

export async function repro(opts: ReproOptions): Promise<Repro> {
  const tree = readDumpTree(opts.dump);
  const records = await readBoardRecords(opts.dump, tree);
  const token = typeof records.config.raw.token === 'string' && records.config.raw.token !== '' ? records.config.raw.token : null;
  const files = token === null ? tree.files : scrub(tree.files, token);
  const repo = openRepo(opts.repo);
  try {
    const owner = records.config.raw.owner as string;
    const name = records.config.raw.repo as string;
    const served = serveRepo(repo, { owner, name, named: namedCommits(records), latest: opts.latest, maxCommits: opts.maxCommits });
    const findings = [...findInconsistencies({ ...tree, files }, records, served.commitFiles), ...served.mismatches];
    if (records.config.invalid !== null) findings.push(`note: core refuses the config (${records.config.invalid}); the replay keeps it as dumped`);
    const ring = faultsFromErrors(records.errors);
    const config = token === null ? records.config.raw : { ...records.config.raw, token: TOKEN_STAND_IN };
    const configText = token === null ? records.config.text : records.config.text.split(token).join(TOKEN_STAND_IN);
    const body: Omit<Scenario, 'name'> = {
      description: describe(opts.dump, records, ring.faults.length),
      tags: ['repro'],
      device: {
        config,
        ...(records.config.file !== 'ota_config.json' ? { configFile: records.config.file } : {}),
        configText,
        files: Object.fromEntries([...files].filter(([p]) => p !== records.config.file).map(([p, bytes]) => [p, fileContent(bytes)])),
        ...(tree.emptyDirs.length > 0 ? { emptyDirs: tree.emptyDirs } : {}),
      },
      server: { repos: [served.spec], ...(token !== null ? { tokens: [TOKEN_STAND_IN] } : {}) },
      ...(ring.faults.length > 0 ? { faults: ring.faults } : {}),
      expect: {},
      repro: { format: REPRO_FORMAT, dump: opts.dump, repo: opts.repo, commits: Object.fromEntries([...served.labels].map(([sha, label]) => [label, sha])) },
    };
    const installed = installedLabel(body, served.labels, files, records);
    if (installed !== null) Object.assign(body.device, installed);
    const yaml = header(findings, ring.notes, tree) + stringify(body, { lineWidth: 0 });
    // The real loader must take it back: otherwise nothing was written that `sim run` can use.
    const scenario = parseScenario(yaml, opts.out);
    return { yaml, scenario, findings, faultNotes: ring.notes, commits: served.labels.size, tokenScrubbed: token !== null };
  } finally {
    repo.close();
  }
}

/**
 * `installed` (and its ref) when version.json names a served commit whose every managed file is on
 * the board with those bytes: provisioning then writes exactly the dump (the dumped version.json
 * and files override what `installed` writes), and the oracle's `consistent` has a commit to judge.
 * Otherwise (a managed file missing or changed, mid-update) leaving it out is what keeps the start exact.
 */
function installedLabel(body: Omit<Scenario, 'name'>, labels: Map<string, string>, files: ReadonlyMap<string, Uint8Array>, r: BoardRecords): Pick<Scenario['device'], 'installed' | 'installedRef'> | null {
  const v = r.version?.version;
  const label = v ? labels.get(v.commit) : undefined;
  if (!v || label === undefined) return null;
  const managed = managedFiles(body.server.repos[0]!, label, deviceRules(body));
  for (const [path, bytes] of managed) {
    const here = files.get(path);
    if (here === undefined || Buffer.compare(here, bytes) !== 0) return null;
  }
  return { installed: label, installedRef: v.ref };
}

/** Every commit SHA the records name: what is installed, both sides of a journal, rejected ones, error targets. */
function namedCommits(r: BoardRecords): string[] {
  const out: (string | undefined)[] = [r.version?.version?.commit, ...(r.version?.version?.rejected ?? [])];
  if (r.journal.kind === 'ok') out.push(r.journal.journal.target.commit, r.journal.journal.previous?.commit, ...r.journal.journal.rejected);
  for (const e of r.errors) out.push(typeof e.target === 'string' ? e.target : undefined);
  return out.filter((s): s is string => s !== undefined && SHA.test(s));
}

/** Every occurrence of the token, in every file, becomes the stand-in (error records, logs, a copied config). */
function scrub(files: ReadonlyMap<string, Uint8Array>, token: string): Map<string, Uint8Array> {
  const needle = Buffer.from(token);
  const stand = Buffer.from(TOKEN_STAND_IN);
  const out = new Map<string, Uint8Array>();
  for (const [path, bytes] of files) {
    const buf = Buffer.from(bytes);
    if (buf.indexOf(needle) < 0) {
      out.set(path, bytes);
      continue;
    }
    const parts: Buffer[] = [];
    let at = 0;
    for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, at)) {
      parts.push(buf.subarray(at, i), stand);
      at = i + needle.length;
    }
    parts.push(buf.subarray(at));
    out.set(path, new Uint8Array(Buffer.concat(parts)));
  }
  return out;
}

function describe(dump: string, r: BoardRecords, faults: number): string {
  const v = r.version?.version;
  const on = v ? `on ${v.ref} (${v.commit.slice(0, 12)})` : 'with no readable version.json';
  const j = r.journal.kind === 'ok' ? `, an update to ${r.journal.journal.target.commit.slice(0, 12)} in phase ${r.journal.journal.phase}` : r.journal.kind === 'invalid' ? `, an unreadable ${JOURNAL_PATH}` : '';
  return `Replay of the board dumped in ${dump}: ${on}${j}, ${r.errors.length} error record(s) replayed as ${faults} optional fault(s). Written by otalab repro (docs/repro.md); expect is empty: only the invariants are judged until the bug is understood.`;
}

function header(findings: string[], notes: string[], tree: DumpTree): string {
  // The first line is the loader's REPRO_MARK: it lets `sim run` load a repro up to REPRO_MAX_BYTES.
  const lines = [`${REPRO_MARK.slice(2)} (docs/repro.md, format 1).`];
  if (findings.length > 0) lines.push('', 'FINDINGS: a state the updater could never have produced:', ...findings.map((f) => `- ${f}`));
  else lines.push('', 'Findings: none (the dumped state is one the updater can produce).');
  if (notes.length > 0) lines.push('', 'Error ring (oldest first):', ...notes.map((n) => `- ${n}`));
  if (tree.skipped.length > 0) lines.push('', `Skipped (not regular files or directories): ${tree.skipped.join(', ')}`);
  return lines.map((l) => (l === '' ? '#' : `# ${l.replace(/\n/g, ' ')}`)).join('\n') + '\n';
}
