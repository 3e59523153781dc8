/** The LAN fake GitHub for hardware runs: the simulator's GitHub model and link faults on real sockets. */
export { startLan, PING_PATH, type Lan, type LanEvent, type LanOptions, type LanPowerCut, type LanRequest } from './server.ts';
export { lanCannot } from './cannot.ts';
export { preflight, PreflightError, type FetchFn, type PreflightResult } from './preflight.ts';
export { OriginMap, githubOrigins, type OriginPair, type OriginRole } from './origins.ts';
export { DROP_LINGER_MS } from './wire.ts';
