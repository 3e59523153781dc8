/** `--rig virtual`: one virtual Pico W, no hardware, everything on 127.0.0.1. */
import { loadRig } from './parse-rig.ts';
import type { Rig } from './types.ts';

export const VIRTUAL_BOARD_ID = 'virtual';

export function virtualRig(): Rig {
  return {
    file: 'virtual',
    version: 1,
    lan: { bind: '127.0.0.1', advertise: '127.0.0.1', port: 0 },
    boards: [{ id: VIRTUAL_BOARD_ID, power: { driver: 'virtual' } }],
  };
}

/** What `--rig <arg>` means: the word `virtual`, or a rig file. */
export function rigFor(arg: string): Rig {
  return arg === 'virtual' ? virtualRig() : loadRig(arg);
}
