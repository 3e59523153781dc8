/** Wi-Fi credentials come from the environment at run time, named by the rig file. */
import type { Rig } from './types.ts';

/** A rig that cannot be used as configured (distinct from a malformed rig file). */
export class RigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RigError';
  }
}

export interface WifiCredentials {
  ssid: string;
  password: string;
}

/**
 * The credentials the rig's `wifi` names, read from `env`; null when the rig has no `wifi`
 * (a virtual board needs none). An unset variable is an error that says what to export.
 */
export function resolveWifi(rig: Rig, env: Readonly<Record<string, string | undefined>>): WifiCredentials | null {
  if (rig.wifi === undefined) return null;
  const missing = [rig.wifi.ssidEnv, rig.wifi.passwordEnv].filter((name) => env[name] === undefined);
  if (missing.length > 0) {
    const names = missing.join(' and ');
    throw new RigError(
      `${rig.file}: wifi names ${names}, but ${missing.length === 1 ? 'it is' : 'they are'} not set in the environment: export ${missing.map((n) => `${n}=…`).join(' ')} before running (the rig file names the variables, never the values)`,
    );
  }
  const ssid = env[rig.wifi.ssidEnv]!;
  if (ssid === '') throw new RigError(`${rig.file}: ${rig.wifi.ssidEnv} (wifi.ssid_env) is set but empty: it must hold the network name`);
  return { ssid, password: env[rig.wifi.passwordEnv]! };
}
