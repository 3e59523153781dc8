/**
 * What a report certifies: which otalab (its git commit when run from a checkout, else the
 * package version), on which Node and MicroPython, against which target and flash profile, when
 * and where. A sign-off names exactly what was tested.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface Certified {
  otalab: string;
  node: string;
  micropython: string;
  /** ISO 8601, when the run started. */
  date: string;
  hostname: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function packageVersion(path: string): string {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `git describe`-like: the commit, "+changes" when the tree differs from it; the package version outside a checkout. */
function otalabVersion(): string {
  const version = packageVersion(`${ROOT}package.json`);
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    const changed = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${version} (commit ${commit}${changed ? ' + uncommitted changes' : ''})`;
  } catch {
    return version;
  }
}

export function certified(started: Date): Certified {
  return {
    otalab: otalabVersion(),
    node: process.version,
    micropython: packageVersion(`${ROOT}node_modules/@micropython/micropython-webassembly-pyscript/package.json`),
    date: started.toISOString(),
    hostname: hostname(),
  };
}
