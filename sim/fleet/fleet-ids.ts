/**
 * Who each board of a fleet is, from the seed: its board id (`machine.unique_id()` as hex, so each
 * lands in its own canary bucket), the NAT address it shares, and when it first powers on. A
 * board's numbers depend only on the seed and its index, so a fleet of 10 is the first 10 boards
 * of the fleet of 1,000 with the same seed.
 */
import { createHash } from 'node:crypto';

function digest(seed: number, index: number, what: string): Buffer {
  return createHash('sha256').update(`otalab-fleet:${seed}:${index}:${what}`).digest();
}

/** 16 lower-case hex digits, like the Pico W's 8-byte flash id. */
export function boardId(seed: number, index: number): string {
  return digest(seed, index, 'id').subarray(0, 8).toString('hex');
}

/** Boards are spread over the addresses round-robin: board i is behind NAT `i mod nat`. */
export function natAddress(index: number, nat: number): string {
  const k = index % nat;
  // 198.51.100.0/24 and beyond (TEST-NET-2 style): readable, and distinct for any nat count.
  return `198.51.${100 + Math.floor(k / 254)}.${(k % 254) + 1}`;
}

/** Milliseconds into the run at which the board first powers on, uniform in [0, spreadMs). */
export function firstWakeMs(seed: number, index: number, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  return digest(seed, index, 'first-wake').readUInt32BE(0) % Math.floor(spreadMs);
}

/** The order of board `index`'s `n`-th wake among wakes at the same instant (see wake-queue.ts). */
export function wakeTie(seed: number, index: number, n: number): number {
  return digest(seed, index, `tie:${n}`).readUInt32BE(0);
}
