/**
 * Canary rollouts (docs/SPEC.md §9.2): each board has a bucket 0-99 from its unique id; a release
 * publishes the share of boards it is for with a line `rollout: N` in its body (release notes),
 * so raising it 5 -> 25 -> 100 is an edit of the release, not a reflash. A board takes the release
 * when bucket < min(release's N, config's rollout_percent); no line means 100.
 */
import { createHash } from 'node:crypto';
import type { ScheduleDeferral } from './window.ts';

/** sha256 of the lower-case hex id (ASCII), first two bytes big-endian, mod 100. */
export function rolloutBucket(uniqueIdHex: string): number {
  const d = createHash('sha256').update(uniqueIdHex.toLowerCase(), 'ascii').digest();
  return ((d[0]! << 8) | d[1]!) % 100;
}

/**
 * The release's percent: 100 without a `rollout:` line; the first line counts. Lines split at
 * "\n" (a trailing "\r" dropped); a line is a rollout line when, after spaces and tabs, it starts
 * with "rollout" (ASCII, any case), then optional spaces/tabs and ":". The value, trimmed of
 * spaces/tabs and one trailing "%", must be 1-3 ASCII digits ≤ 100; anything else reads as 0
 * (nobody takes a release whose rollout nobody can read) and the reason says so. Split by hand,
 * not by regex, so device/ (MicroPython's `re` has no multiline mode) parses it the same way.
 */
export function releaseRollout(body: string | null): { percent: number; invalid: string | null } {
  if (body === null) return { percent: 100, invalid: null };
  for (const raw of body.split('\n')) {
    const rest = trim(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (rest.slice(0, 7).toLowerCase() !== 'rollout') continue;
    const after = trim(rest.slice(7));
    if (!after.startsWith(':')) continue;
    let value = trim(after.slice(1));
    if (value.endsWith('%')) value = trim(value.slice(0, -1));
    if (/^[0-9]{1,3}$/.test(value) && Number(value) <= 100) return { percent: Number(value), invalid: null };
    return { percent: 0, invalid: [...value].slice(0, 20).join('') };
  }
  return { percent: 100, invalid: null };
}

function trim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s[a] === ' ' || s[a] === '\t')) a++;
  while (b > a && (s[b - 1] === ' ' || s[b - 1] === '\t')) b--;
  return s.slice(a, b);
}

/** `bucket` may be a function: it is called only when the percent is below 100 (the device reads its id lazily too). */
export function rolloutDeferral(tag: string, body: string | null, cap: number | null, bucketOf: number | (() => number)): ScheduleDeferral | null {
  const published = releaseRollout(body);
  const percent = cap === null ? published.percent : Math.min(published.percent, cap);
  if (percent >= 100) return null;
  const bucket = typeof bucketOf === 'number' ? bucketOf : bucketOf();
  if (bucket < percent) return null;
  const why = published.invalid !== null
    ? `release ${tag} has an unreadable rollout line ("rollout: ${published.invalid}"), read as 0 %; write "rollout: N" with N from 0 to 100`
    : `release ${tag} is rolled out to ${percent} % of boards${cap !== null && cap < published.percent ? ` (capped by rollout_percent ${cap})` : ''}`;
  return { code: 'ROLLOUT_WAIT', reason: `${why}; this board's bucket is ${bucket}, so it stays on its version until the rollout exceeds ${bucket} %` };
}
