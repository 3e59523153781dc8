/** Which planned faults the LAN server cannot make on real sockets, and why (reported as skipped, never passed). */
import { isDeviceFault } from '../../scenarios/targets/board-run.ts';
import type { Fault } from '../../scenarios/types.ts';

/**
 * Null when the LAN makes this link fault (or it is a device fault, which is not the LAN's to
 * make: the rig's power driver or the kit does), else the reason.
 */
export function lanCannot(fault: Fault): string | null {
  if (isDeviceFault(fault)) return null;
  if (fault.kind === 'dns') {
    return 'dns: the board reaches the LAN server by IP address (api_base/raw_base), so no name lookup happens that the server could make fail; a TLS failure needs TLS, and the LAN is plain http';
  }
  return null;
}

