/**
 * Pin writes → named patterns (docs/SPEC.md §10), as a person watching the LED would read them.
 * Each lit pulse is classed by its width: 30 ms a pulse, 100 ms quick, 500 ms long, anything else
 * steady. Quick or long pulses at most 150 ms apart form one group; a group's class and size name
 * it. The widths are the updater's own sleeps, so both targets draw them to the microsecond.
 */
import type { LedWrite } from './recorder.ts';

export type LedName = 'checking' | 'downloading' | 'committing' | 'success' | 'error' | 'rollback';

const WIDTHS = { pulse: 30_000, quick: 100_000, long: 500_000 } as const;
const TOLERANCE_US = 1_000;
const GROUP_GAP_US = 150_000;

const NAMES: Record<string, LedName> = { 'quick×2': 'checking', 'quick×3': 'success', 'long×1': 'error', 'long×2': 'rollback' };

type PulseClass = keyof typeof WIDTHS | 'steady';

interface Pulse {
  startUs: number;
  endUs: number;
  kind: PulseClass;
}

/** Lit intervals (an LED still lit at the end is cut at `endUs`). */
export function pulsesOf(writes: readonly LedWrite[], endUs: number): Pulse[] {
  const out: Pulse[] = [];
  let litAt: number | null = null;
  for (const w of writes) {
    if (w.on && litAt === null) litAt = w.atUs;
    else if (!w.on && litAt !== null) {
      out.push(pulse(litAt, w.atUs));
      litAt = null;
    }
  }
  if (litAt !== null) out.push(pulse(litAt, Math.max(endUs, litAt)));
  return out;
}

function pulse(startUs: number, endUs: number): Pulse {
  const width = endUs - startUs;
  const kind = (Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]).find((k) => Math.abs(width - WIDTHS[k]) <= TOLERANCE_US) ?? 'steady';
  return { startUs, endUs, kind };
}

/** The run's timeline of pattern names; a group that is no pattern reads `unknown(<class>×<n>)`. */
export function decodeLed(writes: readonly LedWrite[], endUs: number): string[] {
  const out: string[] = [];
  const pulses = pulsesOf(writes, endUs);
  for (let i = 0; i < pulses.length; ) {
    const first = pulses[i]!;
    let n = 1;
    if (first.kind === 'quick' || first.kind === 'long') {
      while (i + n < pulses.length && pulses[i + n]!.kind === first.kind && pulses[i + n]!.startUs - pulses[i + n - 1]!.endUs <= GROUP_GAP_US) n++;
    }
    i += n;
    if (first.kind === 'pulse') out.push('downloading');
    else if (first.kind === 'steady') out.push('committing');
    else out.push(NAMES[`${first.kind}×${n}`] ?? `unknown(${first.kind}×${n})`);
  }
  return out;
}
