export type { BoardSpec, LanSpec, PowerDriverName, PowerSpec, Rig, RigFile, WifiSpec } from './types.ts';
export { InvalidRigError, loadRig, parseRig, RIG_MAX_BYTES } from './parse-rig.ts';
export { RigError, resolveWifi, type WifiCredentials } from './wifi.ts';
export { rigFor, virtualRig, VIRTUAL_BOARD_ID } from './virtual-rig.ts';
