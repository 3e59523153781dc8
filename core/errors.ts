/** The one error type core raises for expected failures: a stable code plus a message that says what to do. */
import type { ErrorCode } from './outcome.ts';

export class OtaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OtaError';
  }
}

export function isOtaError(err: unknown, code?: ErrorCode): err is OtaError {
  return err instanceof OtaError && (code === undefined || err.code === code);
}
