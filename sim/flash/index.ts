/** The virtual Pico W flash: see virtual-flash.ts (semantics) and profile.ts (fault models). */
export { VirtualFlash, type VirtualFlashOptions } from './virtual-flash.ts';
export { asFlashPort } from './port.ts';
export { FlashReadHandle, FlashWriteHandle } from './handles.ts';
export { FLASH_PROFILES, FLASH_TIMINGS, distinctCutModes, parseFlashTiming, tornIsDistinct, type FlashProfile, type FlashProfileName, type FlashTiming } from './profile.ts';
export { CUT_MODES, OP_KINDS, type CutMode, type CutPoint, type FlashOp, type OpKind } from './ops.ts';
export { isValidFlashPath } from './paths.ts';
export type { FlashTree } from './provision.ts';
