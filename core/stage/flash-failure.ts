/** A filesystem error while staging, as the OtaError the updater reports (full flash is its own code). */
import { OtaError } from '../errors.ts';
import { isFlashError } from '../ports/flash.ts';

export function asStageError(err: unknown, path: string): unknown {
  if (!isFlashError(err)) return err;
  if (err.code === 'ENOSPC') {
    return new OtaError('NO_SPACE', `flash full while staging ${path}; free some space or narrow \`allow\``, { path, op: err.op });
  }
  return new OtaError('FLASH', `${err.message} while staging ${path}`, { path, op: err.op, flashCode: err.code });
}
