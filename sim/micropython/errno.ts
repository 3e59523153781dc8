/**
 * Errors across the JS bridge. A JS exception thrown from a bridge function cannot be caught in
 * Python: it escapes `runPython` (platform notes). That is exactly right for the board dying
 * (PowerLoss: a cut or a watchdog bite) and for `machine.reset()` (DeviceReset), and wrong for
 * everything the device may handle, so those are returned as negative errno numbers and the
 * Python shim raises `OSError(errno)`.
 *
 * Numbers are the ones a Pico W reports: littlefs and lwIP use the Linux values (ENOSPC 28,
 * ENOTEMPTY 39, ENOTDIR 20 are raised by number; MicroPython's `errno` module lacks those names).
 */
import { FlashError } from '../../core/ports/flash.ts';

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EEXIST: 17,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENOSPC: 28,
  ENAMETOOLONG: 36,
  ENOTEMPTY: 39,
  EOPNOTSUPP: 95,
  ECONNRESET: 104,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
} as const;

/**
 * Socket calls answer this (not a `-errno`) for a DNS/TLS failure; the shim raises `OSError(-2)`,
 * what lwIP's getaddrinfo raises on a Pico W when a name does not resolve.
 */
export const SOCKET_DNS_FAILED = -1000;

/** `-errno` for a FlashError; rethrows anything else (fatal or a programmer error). */
export function flashErrno(err: unknown): number {
  if (err instanceof FlashError) return -(ERRNO[err.code as keyof typeof ERRNO] ?? ERRNO.EIO);
  throw err;
}
