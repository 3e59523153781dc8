/**
 * The simulated application: what runs after the updater on every boot. A `main.py` carrying the
 * marker `otalab:app=crash` crashes at start (a bad release); any other app is healthy and lets
 * the updater confirm a version on trial. Scenarios use the marker to prove trial rollback.
 */
import type { VirtualFlash } from './flash/index.ts';

export const CRASH_MARKER = 'otalab:app=crash';

export function simApp(flash: VirtualFlash): 'healthy' | 'crash' {
  const main = flash.stat('main.py');
  if (main?.kind !== 'file') return 'healthy';
  return new TextDecoder().decode(flash.readFile('main.py')).includes(CRASH_MARKER) ? 'crash' : 'healthy';
}
