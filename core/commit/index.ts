export { rollForward, type ForwardResult } from './apply.ts';
export { cleanUp } from './cleanup.ts';
export { commitUpdate, type CommitOptions, type CommitResult } from './commit-update.ts';
export { rollBack } from './rollback.ts';
export { undoBegun } from './undo-begun.ts';
export { HASH_CHUNK_BYTES, backupPath, stagePath, type CorePorts } from './steps.ts';
