/** Seeds are 32-bit unsigned integers (fast-check's range); anything else is a usage error. */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new Error(`--seed must be an integer from 0 to 4294967295 (got ${JSON.stringify(text)})`);
  }
  return n;
}
