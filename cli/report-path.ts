/**
 * Report paths (--junit, --html) are checked before a long run starts: a suite that runs for
 * minutes and then cannot write its report has wasted them. The check makes the parent directory
 * (as writing would) and opens the file for appending, removing it again if it was not there.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputFileError } from '../scenarios/load/index.ts';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a part of the path is a file, not a directory',
  ENOENT: 'the directory cannot be created',
  EISDIR: 'is a directory, not a file',
};

/**
 * One level at a time: Node's `mkdirSync(…, { recursive: true })` spins forever under /proc
 * (measured on Node 20), so a report path there would hang instead of failing.
 */
function makeParents(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeParents(parent);
  mkdirSync(dir);
}

export function checkReportPath(file: string, flag: string): void {
  const existed = (() => {
    try {
      if (statSync(file).isDirectory()) throw new InputFileError(file, `is a directory (${flag} needs a file name)`);
      return true;
    } catch (err) {
      if (err instanceof InputFileError) throw err;
      return false;
    }
  })();
  try {
    makeParents(dirname(file));
    closeSync(openSync(file, 'a'));
    if (!existed) unlinkSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new InputFileError(file, `cannot write ${flag} report: ${REASONS[code] ?? code ?? (err as Error).message}`);
  }
}
