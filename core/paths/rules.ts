/**
 * allow / ignore filtering, with the predecessor's semantics (kept: users' configs depend on them):
 * an entry matches a path exactly or as a directory prefix, an empty allow list permits
 * everything, ignore wins over allow, and there are no globs ('*' is a literal name).
 */
import { stripSlashes } from './posix.ts';

/** Drops empty entries and strips '/' at both ends: ['/lib/', ''] → ['lib']. */
export function normalizeRules(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of list) {
    const trimmed = stripSlashes(entry);
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}

/** True when `entry` names `path` itself or a directory containing it ('lib' matches 'lib/x', not 'library'). */
export function ruleMatches(entry: string, path: string): boolean {
  return path === entry || path.startsWith(entry + '/');
}

/** Rules must be normalised (normalizeRules; the validated config already is). */
export function isPermitted(path: string, allow: readonly string[], ignore: readonly string[]): boolean {
  if (ignore.some((entry) => ruleMatches(entry, path))) return false;
  return allow.length === 0 || allow.some((entry) => ruleMatches(entry, path));
}
