/**
 * Reads a text input (a scenario, a device config) or says in one line what is wrong with the
 * file: missing, a directory, unreadable, binary, not UTF-8, or too large to be what it claims —
 * before a parser spends seconds on it (the YAML parser takes ~1.5 s per MB, measured).
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

/** A problem with the file itself; the message is `<path>: <problem>`. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputFileError';
  }
}

const KIB = 1024;

function size(bytes: number): string {
  return bytes >= KIB * KIB ? `${(bytes / KIB / KIB).toFixed(1)} MB` : `${Math.ceil(bytes / KIB)} KB`;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * `what`: "scenario" or "device config", for the messages; `maxBytes`: larger is refused unread
 * (a function gets the file's first 8 KB, for formats whose header raises the cap).
 */
export function readTextFile(file: string, what: string, maxBytes: number | ((head: Buffer) => number), hint = ''): string {
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new InputFileError(file, `is a directory, not a ${what} file`);
    if (!st.isFile()) throw new InputFileError(file, `is not a regular file`);
    const head = Buffer.alloc(Math.min(st.size, 8192));
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    // Binary first: "binary data" says more about a 5 MB image than "too large" does.
    if (head.indexOf(0) >= 0) throw new InputFileError(file, `binary data (a NUL byte at offset ${head.indexOf(0)}), not a ${what} text file`);
    const cap = typeof maxBytes === 'number' ? maxBytes : maxBytes(head);
    if (st.size > cap) throw new InputFileError(file, `${size(st.size)} is too large for a ${what} (at most ${size(cap)}${hint})`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new InputFileError(file, REASONS[code] ?? `cannot read (${code || (err as Error).message})`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputFileError(file, `binary data (a NUL byte at offset ${nul}), not a ${what} text file`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputFileError(file, `not UTF-8 text, not a ${what} file`);
  }
}
