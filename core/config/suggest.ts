/** "Did you mean" for keys and enumerated values: typos must be caught, and answered helpfully. */

/** Optimal-string-alignment distance: Levenshtein plus adjacent transposition ("stabel" → "stable" is 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The choice `input` most plausibly meant: same letters in another case, then a prefix
 * ("dev" → "developer"), then the nearest within `maxDistance` edits (fewer than the input's
 * length, so "a" suggests nothing); null when none is close.
 */
export function suggest(input: string, choices: readonly string[], maxDistance = 2): string | null {
  const needle = input.trim().toLowerCase();
  if (needle === '') return null;
  const exact = choices.find((c) => c.toLowerCase() === needle);
  if (exact !== undefined) return exact;
  if (needle.length >= 3) {
    const prefixed = choices.filter((c) => c.toLowerCase().startsWith(needle));
    if (prefixed.length === 1) return prefixed[0]!;
  }
  let best: string | null = null;
  let bestDistance = maxDistance + 1;
  for (const choice of choices) {
    const d = editDistance(needle, choice.toLowerCase());
    if (d < bestDistance && d < needle.length) {
      best = choice;
      bestDistance = d;
    }
  }
  return best;
}
