/** Picks the link kind from a board URL: a local path, `rfc2217://host:port` or `tcp://host:port`. */
import type { LinkOptions, SerialLink } from './link.ts';
import { openPortLink } from './port-link.ts';
import { openRfc2217Link } from './rfc2217.ts';
import { openTcpLink } from './tcp-link.ts';

export function openLink(url: string, options: LinkOptions = {}): Promise<SerialLink> {
  if (url.startsWith('rfc2217://')) return openRfc2217Link(url, options);
  if (url.startsWith('tcp://')) return openTcpLink(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return Promise.reject(new Error(`${url}: unknown link scheme (use a path, rfc2217://host:port or tcp://host:port)`));
  return openPortLink(url, options);
}
