import { availableParallelism } from 'node:os';

/** Seeds are 32-bit unsigned integers (fast-check's range); anything else is a usage error. */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new Error(`--seed must be an integer from 0 to 4294967295 (got ${JSON.stringify(text)})`);
  }
  return n;
}

/**
 * Worker threads for sweeps. Default 1: the library's sweeps are small enough that starting
 * workers costs more than it saves (measured); large sweeps gain ~1.8x on 2 cores (npm run bench).
 */
export function parseJobs(text: string | undefined): number {
  if (text === undefined) return 1;
  if (text === 'auto') return availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--jobs must be an integer from 1 to 64, or auto (got ${JSON.stringify(text)})`);
  return n;
}
