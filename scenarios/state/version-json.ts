/**
 * version.json as docs/SPEC.md fixes it, written by the lab when it provisions a board:
 * `{"ref": "X", "commit": "Y", "files": {...}}` with Python's default separators and ensure_ascii,
 * files sorted by code point. Kept separate from core's writer on purpose: the lab states the
 * format independently, so a drift in core shows up as a difference.
 */

/** JSON string literal as Python's json.dumps writes it: everything outside ' '..'~' escaped, \uXXXX lowercase. */
export function pythonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** `{"a": "sha", "b/c": "sha"}`, sorted by code point. */
export function filesMapText(files: ReadonlyMap<string, string>): string {
  const entries = [...files].sort((a, b) => byCodePoint(a[0], b[0]));
  return `{${entries.map(([p, sha]) => `${pythonString(p)}: ${pythonString(sha)}`).join(', ')}}`;
}

export function versionJsonText(ref: string, commit: string, files?: ReadonlyMap<string, string>): string {
  const head = `{"ref": ${pythonString(ref)}, "commit": ${pythonString(commit)}`;
  return files === undefined ? `${head}}` : `${head}, "files": ${filesMapText(files)}}`;
}
