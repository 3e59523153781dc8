export { checkBoardPath, parentDirs } from './board-paths.ts';
export { deploy, sha256Hex, type DeployOptions, type DeployResult } from './deploy.ts';
export { listBoards, MICROPYTHON_PID, openWhenBack, PICO_VID, type BoardPort, type DiscoveryOptions, type PortInfoLike, type WhenBackOptions } from './discovery.ts';
export { dump, type DumpOptions, type DumpResult } from './dump.ts';
export { readIdentity, type BoardIdentity } from './identity.ts';
