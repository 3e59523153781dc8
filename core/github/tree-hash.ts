/**
 * A recursive tree listing carries every tree object's SHA; rebuilding each tree object from its
 * entries and hashing it proves the listing is the one Git stored — a path, mode or SHA altered on
 * the way (a flaky proxy, a bit flip the fuzzer injects) no longer hashes to the root the commit
 * names. Blob contents are verified separately, as they stream.
 */
import { createHash } from 'node:crypto';
import { OtaError } from '../errors.ts';

export interface RawTreeItem {
  path: string;
  mode: string;
  type: string;
  sha: string;
}

export interface Child {
  name: Uint8Array;
  mode: string;
  sha: string;
  isTree: boolean;
}

const utf8 = new TextEncoder();

/** Git orders tree entries by name bytes, a directory compared as if its name ended in '/'. */
function compareEntries(a: Child, b: Child): number {
  const ka = a.isTree ? concat(a.name, SLASH) : a.name;
  const kb = b.isTree ? concat(b.name, SLASH) : b.name;
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return ka.length - kb.length;
}

const SLASH = new Uint8Array([0x2f]);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function treeSha(children: Child[]): string {
  const body = concat(
    ...[...children].sort(compareEntries).flatMap((c) => [utf8.encode(`${c.isTree ? '40000' : c.mode} `), c.name, new Uint8Array([0]), Buffer.from(c.sha, 'hex')]),
  );
  return createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex');
}

/** Each directory of the listing ('' = root) with its direct entries; null names an orphan entry. */
export function groupByDir(items: readonly RawTreeItem[]): { dirs: Map<string, Child[]>; orphan: string | null } {
  const dirs = new Map<string, Child[]>([['', []]]);
  for (const item of items) if (item.type === 'tree') dirs.set(item.path, dirs.get(item.path) ?? []);
  for (const item of items) {
    const slash = item.path.lastIndexOf('/');
    const siblings = dirs.get(slash < 0 ? '' : item.path.slice(0, slash));
    if (!siblings) return { dirs, orphan: item.path };
    siblings.push({ name: utf8.encode(item.path.slice(slash + 1)), mode: item.mode, sha: item.sha, isTree: item.type === 'tree' });
  }
  return { dirs, orphan: null };
}

/** Throws BAD_RESPONSE unless every tree in the listing, and the root, hash to what it claims. */
export function verifyTreeHashes(rootSha: string, items: readonly RawTreeItem[], what: string): void {
  const listed = new Map<string, string>([['', rootSha]]);
  for (const item of items) if (item.type === 'tree') listed.set(item.path, item.sha);
  const { dirs, orphan } = groupByDir(items);
  if (orphan !== null) throw corrupted(what, `${orphan} has no parent tree in the listing`);
  for (const [dir, children] of dirs) {
    const computed = treeSha(children);
    const claimed = listed.get(dir)!;
    if (computed !== claimed) throw corrupted(what, `tree ${dir === '' ? '(root)' : dir} hashes to ${computed}, the listing says ${claimed}`);
  }
}

function corrupted(what: string, detail: string): OtaError {
  return new OtaError('BAD_RESPONSE', `the file tree of ${what} does not match its Git hashes (${detail}); it was altered in transit — the next check fetches it again`);
}
