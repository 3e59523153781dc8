// Differential: the request sequence the ts target made in the simulator, replayed over real
// sockets against the LAN, gets the same statuses, faults and body bytes as the sim link serves
// for that sequence (JSON bodies compared with the LAN's origins put back to GitHub's).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_START_EPOCH_MS } from '../../sim/clock.ts';
import { GitHubModel } from '../../sim/github/model.ts';
import { Link } from '../../sim/link/link.ts';
import { LIBRARY_DIR, loadScenario } from '../../scenarios/load/index.ts';
import { linkFaultsOf } from '../../scenarios/targets/board-run.ts';
import { tsTarget } from '../../scenarios/targets/ts.ts';
import type { RequestRecord } from '../../scenarios/target.ts';
import { lanCannot, startLan } from './index.ts';
import { rawGet } from './test-client.ts';

/** Scenarios with something for the server to get right: assets and the CDN, third hosts, limits, faults. */
const SCENARIOS = [
  'stable-manifest', // API asset → 302 → objects host, JSON asset URLs rewritten
  'signed-manifest-valid',
  'redirect-third-host', // private repo, token, a third host
  'redirect-loop',
  'rate-limited',
  'flapping-bytes',
  'tree-truncated',
  'developer-channel',
  'private-repo-with-token',
  'link-drop-mid-file', // drop
  'captive-portal-on-file', // html
  'server-error-retried', // status
  'error-page-on-file-download',
  'tree-altered-in-transit', // corrupt, in a JSON body the LAN rewrites
  'wrong-hash', // corrupt
  'link-drop-after-whole-body',
];

/** What core sends: `Accept` is not in a RequestRecord; asset downloads ask for bytes. */
function headersOf(r: RequestRecord): Record<string, string> {
  const h: Record<string, string> = {};
  const u = new URL(r.url);
  h.accept = u.host === 'api.github.com' && !/\/releases\/assets\/\d+$/.test(u.pathname) ? 'application/vnd.github+json' : 'application/octet-stream';
  if (r.authorization !== null) h.authorization = r.authorization;
  return h;
}

interface Served {
  status: number | null;
  body: Buffer;
  /** Redirect target in GitHub form, a signed CDN URL without its time-dependent query. */
  location?: string;
}

const unsigned = (loc: string) => (loc.includes('X-Amz-Date=') ? loc.slice(0, loc.indexOf('?')) : loc);

describe('LAN vs sim link, same request sequence', () => {
  it.each(SCENARIOS)('%s', async (name) => {
    const scenario = await loadScenario(join(LIBRARY_DIR, `${name}.yaml`));
    const faults = scenario.faults ?? [];
    expect(faults.map(lanCannot).filter((x) => x !== null)).toEqual([]);
    const run = await tsTarget().run(scenario, { faults, maxBoots: scenario.maxBoots ?? 8 });
    expect(run.requests.length).toBeGreaterThan(0);

    // What the sim link serves for this sequence, bodies included (its own model, clock at the run's start).
    const link = new Link(new GitHubModel(scenario.server, { now: () => DEFAULT_START_EPOCH_MS }), { faults: linkFaultsOf(faults), advance: () => {} });
    const sim: Served[] = run.requests.map((r) => {
      const ex = link.exchange({ method: r.method, url: r.url, headers: headersOf(r) });
      if ('error' in ex) return { status: null, body: Buffer.alloc(0) };
      const full = Buffer.from(ex.response.body);
      const cut = ex.bodyCut && ex.bodyCut.afterBytes < full.length ? ex.bodyCut.afterBytes : full.length;
      const loc = ex.response.headers.location;
      return { status: ex.response.status, body: full.subarray(0, cut), ...(loc !== undefined ? { location: unsigned(loc) } : {}) };
    });
    // The replay is the run: same statuses and faults as the target logged.
    expect(link.log.map((e) => [e.url, e.status, e.fault ?? null])).toEqual(run.requests.map((r) => [r.url, r.status, r.fault ?? null]));

    const lan = await startLan({ scenario, faults, link: {}, serverEpochMs: DEFAULT_START_EPOCH_MS });
    try {
      const got: Served[] = [];
      for (const r of run.requests) {
        const a = await rawGet(lan.toLan(r.url), { headers: headersOf(r), method: r.method });
        const json = (a.headers['content-type'] ?? '').startsWith('application/json');
        const body = json ? Buffer.from(lan.bodyToGitHub(a.body.toString('utf8')), 'utf8') : a.body;
        const loc = a.headers.location;
        // An absolute redirect must point the board at a LAN listener, never at the real host.
        if (loc !== undefined && /^https?:/.test(loc)) expect(lan.origins.some((o) => loc.startsWith(o.lan + '/'))).toBe(true);
        got.push({ status: a.status, body, ...(a.headers.location !== undefined ? { location: unsigned(lan.toGitHub(a.headers.location)) } : {}) });
      }
      const strip = (s: Served[]) => s.map((x) => ({ status: x.status, bytes: x.body.length, body: x.body.toString('base64'), location: x.location }));
      expect(strip(got)).toEqual(strip(sim));
      // The LAN's own log is the run's log: URLs in GitHub form, statuses, faults, sizes, tokens.
      const view = (rs: readonly RequestRecord[]) => rs.map((r) => ({ method: r.method, url: r.url, status: r.status, bodyBytes: r.bodyBytes, authorization: r.authorization, fault: r.fault ?? null }));
      expect(view(lan.requests)).toEqual(view(run.requests));
      expect(lan.unfired()).toEqual(run.unfired.filter((f) => lanCannot(f) === null && linkFaultsOf([f]).length > 0));
    } finally {
      await lan.close();
    }
  });
});

