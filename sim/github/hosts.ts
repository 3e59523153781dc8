/** The host names the model answers on; a LAN server or test may rename them. */
import type { ServerSpec } from './spec.ts';

export interface Hosts {
  api: string;
  raw: string;
  web: string;
  objects: string;
}

export const DEFAULT_HOSTS: Hosts = {
  api: 'api.github.com',
  raw: 'raw.githubusercontent.com',
  web: 'github.com',
  objects: 'objects.githubusercontent.com',
};

export function resolveHosts(spec: ServerSpec['hosts']): Hosts {
  return { ...DEFAULT_HOSTS, ...Object.fromEntries(Object.entries(spec ?? {}).filter(([, v]) => v !== undefined)) };
}
