/**
 * secret-safe — the token goes only to the API hosts: no Authorization header to any other host
 * (the predecessor sent it through redirects to the asset CDN), and the configured token's value
 * appears in no URL, no file other than the config, and no log line.
 */
import type { Facts, Verdict } from './types.ts';

function host(url: string): { host: string; hostname: string } | null {
  try {
    const u = new URL(url);
    return { host: u.host, hostname: u.hostname };
  } catch {
    return null;
  }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return false;
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) !== -1;
}

export function checkSecretSafe(f: Facts): Verdict[] {
  const out: Verdict[] = [];
  const allowed = new Set(f.ctx.apiHosts.map((h) => h.toLowerCase()));
  f.run.requests.forEach((req, i) => {
    if (req.authorization === null || req.authorization === '') return;
    const h = host(req.url);
    if (h !== null && (allowed.has(h.host.toLowerCase()) || allowed.has(h.hostname.toLowerCase()))) return;
    out.push({ invariant: 'secret-safe', message: `request ${i + 1} (${req.method} ${req.url}) carried an Authorization header to a host outside ${[...allowed].join(', ')}` });
  });
  const token = f.scenario.device.config.token;
  if (typeof token !== 'string' || token === '') return out;
  const needle = new TextEncoder().encode(token);
  const configPath = f.scenario.device.configFile ?? 'ota_config.json';
  f.run.requests.forEach((req, i) => {
    if (req.url.includes(token)) out.push({ invariant: 'secret-safe', message: `request ${i + 1} put the token in its URL` });
  });
  for (const [path, bytes] of f.run.files) {
    // A file the lab provisioned with the token in it is the scenario's doing, not the updater's.
    const provisioned = f.initial.get(path);
    if (provisioned !== undefined && Buffer.from(provisioned).equals(Buffer.from(bytes))) continue;
    if (path !== configPath && contains(bytes, needle)) out.push({ invariant: 'secret-safe', message: `the token appears in ${path}` });
  }
  const line = f.run.log.findIndex((l) => l.includes(token));
  if (line !== -1) out.push({ invariant: 'secret-safe', message: `the token appears in the log (line ${line + 1})` });
  return out;
}
