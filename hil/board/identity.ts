/** What the board says it is: firmware release, machine string and flash unique id (= USB serial). */
import type { Repl } from '../repl/index.ts';
import { lastJson } from './board-scripts.ts';

export interface BoardIdentity {
  micropython: string;
  machine: string;
  uniqueId: string;
}

// sys.implementation first: os.uname is optional in MicroPython (ports may leave it out).
const SCRIPT = `
import sys, json, binascii, machine
_m = getattr(sys.implementation, '_machine', None)
if _m is None:
    import os
    _m = os.uname().machine
print(json.dumps({'micropython': '%d.%d.%d' % sys.implementation.version[:3], 'machine': _m, 'uniqueId': binascii.hexlify(machine.unique_id()).decode().upper()}))
_m = None
`;

export async function readIdentity(repl: Repl): Promise<BoardIdentity> {
  return lastJson<BoardIdentity>(await repl.run(SCRIPT, { timeoutMs: 5000 }));
}
