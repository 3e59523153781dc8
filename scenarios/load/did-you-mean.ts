/** "did you mean …?" for unknown keys and enum values: the nearest candidate by edit distance. */

/** Levenshtein distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate, if close enough to be a plausible typo: a case-insensitive match, or an
 * edit distance of at most max(2, a third of the word). Ties go to the earlier candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const exactish = candidates.find((c) => c.toLowerCase() === lower);
  if (exactish !== undefined) return exactish;
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : null;
}

/** `; did you mean "x"?` or the empty string. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const hit = didYouMean(word, candidates);
  return hit === null ? '' : `; did you mean "${hit}"?`;
}
