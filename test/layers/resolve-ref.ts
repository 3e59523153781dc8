/**
 * Where a specifier leads, decided by the file system rather than by its spelling: a relative or
 * absolute path or `file:` URL is a path; `node:x` (or a bare builtin name) is Node; a bare name
 * is a package, unless that package is this repository itself — its own name (`otalab/sim/…`,
 * which npm links into node_modules) or any node_modules entry whose real path lies in the
 * repository — in which case it is the file it points at. `#imports` are not used here, so they
 * count as unresolvable rather than as a blind spot.
 */
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Target =
  | { kind: 'file'; path: string } // absolute path (may be outside the repository)
  | { kind: 'builtin'; module: string } // without the `node:` prefix
  | { kind: 'package'; name: string }
  | { kind: 'unresolvable'; why: string };

const BUILTINS = new Set(builtinModules);

export function resolveRef(root: string, fromFile: string, spec: string): Target {
  if (spec.startsWith('node:')) return { kind: 'builtin', module: spec.slice(5) };
  if (spec.startsWith('file:')) return { kind: 'file', path: fileURLToPath(spec) };
  if (spec.startsWith('.') || isAbsolute(spec)) return { kind: 'file', path: resolve(dirname(fromFile), spec.replace(/[?#].*$/, '')) };
  if (spec.startsWith('#')) return { kind: 'unresolvable', why: 'package.json "imports" are not allowed (use a relative path)' };
  if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!)) return { kind: 'builtin', module: spec };
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const rest = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  if (name === ownName(root)) return { kind: 'file', path: join(root, rest) };
  const linked = join(root, 'node_modules', name);
  if (existsSync(linked)) {
    const real = realpathSync(linked);
    if (inside(root, real) && !inside(join(root, 'node_modules'), real)) return { kind: 'file', path: join(real, rest) };
  }
  return { kind: 'package', name };
}

function ownName(root: string): string | undefined {
  const file = join(root, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name : undefined;
}

export function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep));
}
