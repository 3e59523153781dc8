/**
 * Which GitHub origin each LAN listener stands for, and translating URLs between the two forms.
 *
 * Every GitHub host gets its own port, not a path prefix on one port: core and the device send
 * the token to any URL whose origin equals api_base's or raw_base's, so on one origin the token
 * would also travel to the objects CDN and to third hosts, which on GitHub it never does (the
 * objects host would answer 400 and the oracle's secret-safe check would fire). Paths stay the
 * same, so relative redirects work unchanged.
 */
import type { ServerSpec } from '../../sim/github/spec.ts';
import { resolveHosts } from '../../sim/github/hosts.ts';

export type OriginRole = 'api' | 'raw' | 'web' | 'objects' | 'foreign';

export interface OriginPair {
  role: OriginRole;
  /** e.g. https://api.github.com */
  github: string;
  /** e.g. http://192.168.7.1:8470; set once the listener is bound. */
  lan: string;
}

/**
 * The GitHub-side origins a scenario can make a board visit: the model's four hosts and every
 * third host a scenario redirect points at (the model answers those 404 and records what they got).
 */
export function githubOrigins(spec: ServerSpec): { role: OriginRole; github: string }[] {
  const h = resolveHosts(spec.hosts);
  const out: { role: OriginRole; github: string }[] = [
    { role: 'api', github: `https://${h.api}` },
    { role: 'raw', github: `https://${h.raw}` },
    { role: 'web', github: `https://${h.web}` },
    { role: 'objects', github: `https://${h.objects}` },
  ];
  for (const r of spec.redirects ?? []) {
    let origin: string;
    try {
      origin = new URL(r.location).origin; // relative locations stay on their listener
    } catch {
      continue;
    }
    if (origin !== 'null' && !out.some((o) => o.github === origin)) out.push({ role: 'foreign', github: origin });
  }
  return out;
}

/** An origin prefix ends where the URL's path, query or fragment begins (or the text ends). */
const boundary = (text: string, at: number) => at === text.length || '/?#"'.includes(text[at]!);

export class OriginMap {
  constructor(readonly pairs: readonly OriginPair[]) {}

  /** An absolute GitHub-form URL as the board must ask for it; anything else unchanged. */
  toLan(url: string): string {
    return this.swap(url, 'github', 'lan');
  }

  /** A LAN URL in GitHub form (what the oracle and the sim log); anything else unchanged. */
  toGitHub(url: string): string {
    return this.swap(url, 'lan', 'github');
  }

  /** Every GitHub origin in a JSON body replaced by its LAN origin (asset `url`s the updater follows). */
  bodyToLan(text: string): string {
    return this.replaceAll(text, 'github', 'lan');
  }

  bodyToGitHub(text: string): string {
    return this.replaceAll(text, 'lan', 'github');
  }

  private swap(url: string, from: 'github' | 'lan', to: 'github' | 'lan'): string {
    for (const p of this.pairs) if (url.startsWith(p[from]) && boundary(url, p[from].length)) return p[to] + url.slice(p[from].length);
    // Same origin spelled differently (upper-case host, explicit default port): parse it.
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return url;
    }
    const p = this.pairs.find((x) => x[from] === u.origin);
    return p ? p[to] + u.pathname + u.search + u.hash : url;
  }

  private replaceAll(text: string, from: 'github' | 'lan', to: 'github' | 'lan'): string {
    let out = text;
    for (const p of this.pairs) {
      const src = p[from];
      let at = out.indexOf(src);
      while (at >= 0) {
        if (boundary(out, at + src.length)) {
          out = out.slice(0, at) + p[to] + out.slice(at + src.length);
          at = out.indexOf(src, at + p[to].length);
        } else {
          at = out.indexOf(src, at + 1);
        }
      }
    }
    return out;
  }
}
