export { PowerError, type CutRecord, type PowerDeps, type PowerDriver } from './types.ts';
export { CYCLE_OFF_MS, powerCycle, powerDriverFor } from './driver-for.ts';
export { groupOf, PowerGroups, type GroupLease } from './groups.ts';
export { isCI, MANUAL_TIMEOUT_MS } from './manual.ts';
export { COMMAND_TIMEOUT_MS } from './command.ts';
export { UHUBCTL_REPEAT } from './uhubctl.ts';
