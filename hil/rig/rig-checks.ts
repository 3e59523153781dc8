/**
 * Checks the schema cannot express: where each board is found, duplicates a runner could not
 * tell apart, and a LAN address boards cannot reach. Runs only on a schema-valid value.
 */
import type { KeyPath, Problem } from '../../scenarios/load/scenario-error.ts';
import type { RigFile } from './types.ts';

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

function duplicates(file: RigFile, key: (b: RigFile['boards'][number]) => string | undefined, path: (i: number) => KeyPath, what: string): Problem[] {
  const first = new Map<string, number>();
  const out: Problem[] = [];
  file.boards.forEach((b, i) => {
    const k = key(b);
    if (k === undefined) return;
    const j = first.get(k);
    if (j === undefined) first.set(k, i);
    else out.push({ path: path(i), message: `${what} is also used by boards[${j}] (${file.boards[j]!.id})` });
  });
  return out;
}

export function rigProblems(file: RigFile): Problem[] {
  const out: Problem[] = [];
  file.boards.forEach((b, i) => {
    const has = (b.serial !== undefined ? 1 : 0) + (b.port !== undefined ? 1 : 0);
    if (has === 2) out.push({ path: ['boards', i, 'port'], message: 'give either "serial" or "port", not both (serial is preferred: boards re-enumerate)' });
    else if (has === 0 && b.power.driver !== 'virtual') {
      out.push({ path: ['boards', i], message: 'says neither where the board is: add "serial" (its USB serial number, see `otalab hil boards`) or "port" (a path or URL)' });
    }
    if (b.uart !== undefined && b.uart === b.port) out.push({ path: ['boards', i, 'uart'], message: 'is the same as "port": the UART side channel is a second adapter' });
  });
  out.push(...duplicates(file, (b) => b.id, (i) => ['boards', i, 'id'], 'this id'));
  out.push(...duplicates(file, (b) => b.serial, (i) => ['boards', i, 'serial'], 'this serial number'));
  out.push(...duplicates(file, (b) => b.port, (i) => ['boards', i, 'port'], 'this port'));
  out.push(...duplicates(file, (b) => b.uart, (i) => ['boards', i, 'uart'], 'this UART'));
  out.push(...duplicates(file, (b) => (b.power.driver === 'uhubctl' ? `${b.power.hub} ${b.power.port}` : undefined), (i) => ['boards', i, 'power', 'port'], 'this hub port'));
  const lan = file.lan;
  if (lan?.bind !== undefined && WILDCARD.has(lan.bind) && lan.advertise === undefined) {
    out.push({ path: ['lan', 'bind'], message: `${lan.bind} listens on every address: say which one the boards should use with "advertise"` });
  }
  if (lan?.advertise !== undefined && WILDCARD.has(lan.advertise)) out.push({ path: ['lan', 'advertise'], message: `${lan.advertise} is not an address a board can connect to` });
  return out;
}
