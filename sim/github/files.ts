/**
 * File contents of the fake repositories: turning a scenario's `FileContent` into bytes and a
 * commit label into its full file map. Pure and deterministic (no fault model: faults live in
 * the link). Random content comes from a seeded PRNG so the same spec yields the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileContent, RepoSpec } from './spec.ts';

/** mulberry32: small, fast, good enough for filler bytes; seeded so runs repeat exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** `n` pseudo-random bytes from `seed` (default 1). */
export function randomBytes(n: number, seed = 1): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Failed to generate random content: size ${n} is not a non-negative integer`);
  const out = new Uint8Array(n);
  const next = mulberry32(seed);
  for (let i = 0; i < n; i += 4) {
    const word = next();
    for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (word >>> (8 * k)) & 0xff;
  }
  return out;
}

export function fileBytes(content: FileContent): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  if ('base64' in content) return new Uint8Array(Buffer.from(content.base64, 'base64'));
  if ('device' in content) return deviceFile(content.device, content.append ?? '');
  return randomBytes(content.random, content.seed ?? 1);
}

const DEVICE_DIR = fileURLToPath(new URL('../../device/', import.meta.url));

/** A file of the MicroPython updater as shipped in this repository, plus `append`. */
function deviceFile(path: string, append: string): Uint8Array {
  if (path.split('/').some((s) => s === '..' || s === '') || path.startsWith('/')) throw new Error(`Failed to read device file ${JSON.stringify(path)}: not a plain relative path`);
  const bytes = readFileSync(join(DEVICE_DIR, path));
  return new Uint8Array(Buffer.concat([bytes, Buffer.from(append, 'utf8')]));
}

/** The files of commit `label`: the parent chain's files, then this commit's `files`, minus `delete`. */
export function commitFiles(repo: RepoSpec, label: string): Map<string, Uint8Array> {
  return new Map(resolveFiles(repo, label, new Map(), []));
}

/** Every commit's files at once, sharing the work along parent chains. */
export function allCommitFiles(repo: RepoSpec): Map<string, Map<string, Uint8Array>> {
  const memo = new Map<string, Map<string, Uint8Array>>();
  for (const label of Object.keys(repo.commits)) resolveFiles(repo, label, memo, []);
  return memo;
}

function resolveFiles(repo: RepoSpec, label: string, memo: Map<string, Map<string, Uint8Array>>, visiting: string[]): Map<string, Uint8Array> {
  const known = memo.get(label);
  if (known) return known;
  if (visiting.includes(label)) throw new Error(`Failed to resolve commit ${label}: parent cycle ${[...visiting, label].join(' -> ')}`);
  const spec = repo.commits[label];
  if (spec === undefined) throw new Error(`Failed to resolve commit ${label}: unknown label`);
  const files = spec.parent === undefined ? new Map<string, Uint8Array>() : new Map(resolveFiles(repo, spec.parent, memo, [...visiting, label]));
  for (const [path, content] of Object.entries(spec.files ?? {})) files.set(path, fileBytes(content));
  for (const path of spec.delete ?? []) files.delete(path);
  memo.set(label, files);
  return files;
}

/** Git's blob object id: sha1("blob <len>\0" + bytes). */
export function gitBlobSha1(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
