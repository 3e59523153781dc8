// `otalab repro` end to end through the CLI: exit 0 (written, no findings), 1 (written, with
// findings), 2 (nothing written: bad dump dir, missing repo, a record that is not JSON); the token
// never reaches the scenario; the error ring becomes optional faults; a bundle works like a repo.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseScenario, REPRO_MARK } from '../scenarios/load/index.ts';
import { dumpAt, openLab, writeDump, type Lab } from '../scenarios/repro/test-round-trip.ts';
import { main } from './main.ts';

async function otalab(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(['node', 'otalab', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

let lab: Lab;
let clean: Map<string, Uint8Array>;
let n = 0;
beforeAll(async () => {
  lab = await openLab('developer-channel');
  clean = await dumpAt(lab.scenario, null);
});
afterAll(() => lab.close());

/** A dump of the provisioned board with `change` applied (null deletes a file). */
function dump(change: Record<string, string | null> = {}): string {
  const files = new Map(clean);
  for (const [p, text] of Object.entries(change)) {
    if (text === null) files.delete(p);
    else files.set(p, new TextEncoder().encode(text));
  }
  const dir = join(lab.dir, `cli-dump-${n++}`);
  writeDump(files, dir);
  return dir;
}
const outFile = () => join(lab.dir, `cli-out-${n++}.yaml`);

describe('otalab repro', () => {
  it('a clean dump: exit 0, a scenario the loader takes, and `sim run` replays it to the branch tip', async () => {
    const out = outFile();
    const r = await otalab('repro', dump(), '--repo', lab.gitDir, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote .*: 4 commits, 0 faults, 0 findings/);
    const run = await otalab('sim', 'run', out);
    expect(run.code).toBe(0);
  });

  it('a dump directory that does not exist: exit 2, says what to give, writes nothing', async () => {
    const out = outFile();
    const r = await otalab('repro', join(lab.dir, 'nope'), '--repo', lab.gitDir, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope: no such directory; give the directory `otalab hil dump --out` wrote/);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing repository, or a directory that is not one: exit 2 with git\'s reason', async () => {
    const out = outFile();
    const missing = await otalab('repro', dump(), '--repo', join(lab.dir, 'no-repo'), '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--repo .*no-repo: no such file or directory; give a Git work tree, a bare repository or a bundle/);
    const plain = mkdtempSync(join(tmpdir(), 'otalab-not-git-'));
    const notGit = await otalab('repro', dump(), '--repo', plain, '--out', out);
    rmSync(plain, { recursive: true });
    expect(notGit.code).toBe(2);
    expect(notGit.err).toMatch(/not a Git repository \(git says: fatal: not a git repository/);
    expect(existsSync(out)).toBe(false);
  });

  it('a record that is not JSON: exit 2 naming the file and the parse error, nothing written', async () => {
    const out = outFile();
    const r = await otalab('repro', dump({ 'ota_journal.json': '{"format": 1, "phase": "apply"' }), '--repo', lab.gitDir, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ota_journal\.json: is not JSON \(.*\); the updater writes it atomically, so copy it off the board again/);
    expect(existsSync(out)).toBe(false);
  });

  it('no config in the dump: exit 2, says to copy it', async () => {
    const r = await otalab('repro', dump({ 'ota_config.json': null }), '--repo', lab.gitDir, '--out', outFile());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no ota_config\.json, .* in the dump; copy the board's config into it/);
  });

  it('the token is never copied: config, other files and the scenario carry the stand-in', async () => {
    const token = 'ghp_fieldSecret0123456789';
    const config = JSON.parse(new TextDecoder().decode(clean.get('ota_config.json'))) as Record<string, unknown>;
    const out = outFile();
    const r = await otalab('repro', dump({ 'ota_config.json': JSON.stringify({ ...config, token }), 'data/notes.txt': `token was ${token}\n` }), '--repo', lab.gitDir, '--out', out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    // The first line is the loader's mark that lets a repro exceed a hand-written scenario's cap.
    expect(text.startsWith(REPRO_MARK)).toBe(true);
    expect(text).not.toContain(token);
    expect(text).toContain('repro-token-stand-in');
    const s = parseScenario(text, out);
    expect(s.device.config.token).toBe('repro-token-stand-in');
    expect(s.server.tokens).toEqual(['repro-token-stand-in']);
    expect(s.device.files?.['data/notes.txt']).toBe('token was repro-token-stand-in\n');
  });

  it('a journal naming files that exist nowhere: exit 1, the finding on stderr and in the YAML', async () => {
    const sha = 'a'.repeat(40);
    const version = JSON.parse(new TextDecoder().decode(clean.get('version.json'))) as { ref: string; commit: string; files: Record<string, string> };
    const journal = {
      format: 1, phase: 'apply', target: { ref: 'main', commit: version.commit }, previous: { ref: 'main', commit: version.commit },
      previous_files: version.files, target_files: { 'ghost.py': sha }, rejected: [], stage_dir: '.ota_stage', backup_dir: '.ota_backup', mkdirs: [],
      ops: [{ op: 'add', path: 'ghost.py', sha, size: 3 }], boots: 0, max_boots: 3, error_limit: 10, created: 0,
    };
    const out = outFile();
    const r = await otalab('repro', dump({ 'ota_journal.json': JSON.stringify(journal) }), '--repo', lab.gitDir, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/finding: ota_journal\.json \(phase apply\): add ghost\.py expects a{40} at ghost\.py, \.ota_stage\/ghost\.py, \.ota_backup\/ghost\.py, but none of them exists/);
    expect(readFileSync(out, 'utf8')).toMatch(/^# FINDINGS: a state the updater could never have produced:\n# - ota_journal\.json/m);
  });

  it('version.json disagreeing with the files: exit 1, names the file and both blobs', async () => {
    const r = await otalab('repro', dump({ 'main.py': "print('hand edit')\n" }), '--repo', lab.gitDir, '--out', outFile());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/finding: version\.json says main\.py is blob [0-9a-f]{40}, the board's file is blob [0-9a-f]{40} \(no journal explains it/);
  });

  it('the error ring becomes optional faults, and a bundle serves as the repository', async () => {
    const bundle = join(lab.dir, 'app.bundle');
    execFileSync('git', ['--git-dir', lab.gitDir, 'bundle', 'create', '--quiet', bundle, '--all']);
    const ring = [
      { time: 1000, phase: 'check', code: 'RATE_LIMITED', message: 'GitHub rate limit reached; it resets in about 10 min', retry_at: 1600 },
      { time: 1100, phase: 'check', code: 'HTTP_STATUS', message: 'HTTP 503 from api.github.com', url: 'https://api.github.com/repos/otalab/demo-app/commits/main' },
      { time: 1200, phase: 'download', code: 'HASH_MISMATCH', message: 'hash mismatch for main.py: expected blob SHA-1 x, got y', path: 'main.py' },
      { time: 1300, phase: 'check', code: 'NETWORK', message: 'network error contacting api.github.com: no response within 10 s' },
      { time: 1400, phase: 'check', code: 'BAD_RESPONSE', message: 'got an HTML page instead of JSON — captive portal or proxy? (from api.github.com)' },
      { time: 1500, phase: 'trial', code: 'TRIAL_FAILED', message: 'the app did not confirm' },
    ];
    const out = outFile();
    const r = await otalab('repro', dump({ 'ota_error.json': JSON.stringify(ring) }), '--repo', bundle, '--out', out);
    expect(r.code).toBe(0);
    const s = parseScenario(readFileSync(out, 'utf8'), out);
    expect(s.faults).toEqual([
      { kind: 'status', status: 429, retryAfterS: 600, optional: true },
      { kind: 'status', status: 503, urlIncludes: '/repos/otalab/demo-app/commits/main', optional: true },
      { kind: 'corrupt', byte: 0, urlIncludes: '/main.py', optional: true },
      { kind: 'stall', delayMs: 60000, urlIncludes: '//api.github.com/', optional: true },
      { kind: 'html', urlIncludes: '//api.github.com/', optional: true },
    ]);
    expect(r.out).toMatch(/TRIAL_FAILED \(trial\) "the app did not confirm": no link fault reproduces it/);
  });

  it('stage files without a journal are no finding (a cut while downloading leaves them): exit 0', async () => {
    const r = await otalab('repro', dump({ '.ota_stage/main.py.part': "print('v3" }), '--repo', lab.gitDir, '--out', outFile());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('--latest naming no tag, or a bad --max-commits: exit 2, nothing written', async () => {
    const out = outFile();
    const latest = await otalab('repro', dump(), '--repo', lab.gitDir, '--out', out, '--latest', 'v9.9');
    expect(latest.code).toBe(2);
    expect(latest.err).toMatch(/--latest v9\.9: no such tag in the repository \(tags: v2\.0\)/);
    const max = await otalab('repro', dump(), '--repo', lab.gitDir, '--out', out, '--max-commits', '-1');
    expect(max.code).toBe(2);
    expect(max.err).toMatch(/--max-commits -1: must be a whole number >= 0/);
    expect(existsSync(out)).toBe(false);
  });
});
