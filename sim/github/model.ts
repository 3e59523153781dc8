/**
 * The fake GitHub: one deterministic model behind every network adapter. Same spec and clock,
 * same answers, byte for byte. `handle` is synchronous (see http-types.ts). Fault model: only
 * GitHub's own behaviours (404 for hidden repos, 401, rate limits, expiring CDN URLs); transport
 * faults belong to the link (sim/link).
 */
import { handleApi, parseAuthorization } from './api-host.ts';
import { answerRange, type RangeMode } from './byte-ranges.ts';
import { routeObjects, routeRaw, routeWeb } from './content-hosts.ts';
import { resolveHosts, type Hosts } from './hosts.ts';
import type { SimRequest, SimResponse } from './http-types.ts';
import type { ModelContext } from './model-context.ts';
import { RateLimiter } from './rate-limit.ts';
import { buildReleases, type AssetRecord, type ReleaseRecord } from './releases.ts';
import { RepoStore } from './repo-store.ts';
import { redirect, textResponse } from './responses.ts';
import type { RedirectSpec, RepoSpec, ServerSpec } from './spec.ts';

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number;
  bodyBytes: number;
  /** The Authorization header as received (to check it never reaches another host). */
  authorization?: string;
}

/**
 * A repository's content is a pure function of its spec, and building it (every blob, tree and
 * commit hashed) dominates a short run; a sweep builds thousands of models of one spec, so the
 * immutable stores are shared. Mutable state (rate limits, the request log) stays per model.
 */
const stores = new WeakMap<RepoSpec, Map<number, RepoStore>>();

function storeFor(spec: RepoSpec, id: number): RepoStore {
  let byId = stores.get(spec);
  if (!byId) stores.set(spec, (byId = new Map()));
  let store = byId.get(id);
  if (!store) byId.set(id, (store = new RepoStore(spec, id)));
  return store;
}

export class GitHubModel implements ModelContext {
  readonly hosts: Hosts;
  readonly log: RequestLogEntry[] = [];
  private readonly repos: RepoStore[] = [];
  private readonly byName = new Map<string, RepoStore>();
  private readonly releases = new Map<RepoStore, ReleaseRecord[]>();
  private readonly assets = new Map<number, AssetRecord>();
  private readonly limiter: RateLimiter;
  private readonly tokens: ReadonlySet<string>;
  private readonly redirects: RedirectSpec[];
  private readonly redirectHits: number[];
  private readonly rawCounts = new Map<string, number>();
  private readonly ranges: RangeMode;

  constructor(spec: ServerSpec, private readonly clock: { now(): number }) {
    this.hosts = resolveHosts(spec.hosts);
    this.limiter = new RateLimiter(spec.rateLimit);
    this.tokens = new Set(spec.tokens ?? []);
    this.redirects = spec.redirects ?? [];
    this.redirectHits = this.redirects.map(() => 0);
    this.ranges = spec.ranges ?? 'honour';
    const counters = { release: 0, asset: 0 };
    const ids = { next: (kind: 'release' | 'asset') => (kind === 'release' ? 100_000 : 200_000) + ++counters[kind] };
    const generatedAtS = Math.floor(clock.now() / 1000);
    spec.repos.forEach((repoSpec, i) => {
      const repo = storeFor(repoSpec, i + 1);
      const key = repo.fullName.toLowerCase();
      if (this.byName.has(key)) throw new Error(`Failed to build the GitHub model: repository ${repo.fullName} listed twice`);
      this.repos.push(repo);
      this.byName.set(key, repo);
      const releases = buildReleases(repo, ids, generatedAtS);
      this.releases.set(repo, releases);
      for (const r of releases) for (const a of r.assets) this.assets.set(a.id, a);
    });
  }

  nowMs(): number {
    return this.clock.now();
  }

  findRepo(owner: string, name: string): RepoStore | undefined {
    return this.byName.get(`${owner}/${name}`.toLowerCase());
  }

  releasesOf(repo: RepoStore): ReleaseRecord[] {
    return this.releases.get(repo) ?? [];
  }

  assetById(id: number): AssetRecord | undefined {
    return this.assets.get(id);
  }

  countRawRequest(repo: RepoStore, path: string): number {
    const key = `${repo.id}:${path}`;
    const n = (this.rawCounts.get(key) ?? 0) + 1;
    this.rawCounts.set(key, n);
    return n;
  }

  /** The SHA the model gave commit `label` of `repoFullName` ("owner/name"). */
  commitSha(repoFullName: string, label: string): string {
    const [owner = '', name = ''] = repoFullName.split('/');
    const repo = this.findRepo(owner, name);
    if (!repo) throw new Error(`Failed to find commit ${label}: unknown repository ${repoFullName}`);
    const commit = repo.commits.get(label);
    if (!commit) throw new Error(`Failed to find commit ${label} in ${repoFullName}: unknown label`);
    return commit.sha;
  }

  /** The label of a commit SHA, in any repository. */
  labelOf(sha: string): string | undefined {
    for (const repo of this.repos) {
      const c = repo.commitsBySha.get(sha);
      if (c) return c.label;
    }
    return undefined;
  }

  handle(req: SimRequest): SimResponse {
    let res = this.dispatch(req);
    if (req.method === 'HEAD') res = { ...res, body: new Uint8Array(0) };
    const entry: RequestLogEntry = { method: req.method, url: req.url, status: res.status, bodyBytes: res.body.length };
    if (req.headers.authorization !== undefined) entry.authorization = req.headers.authorization;
    this.log.push(entry);
    return res;
  }

  private dispatch(req: SimRequest): SimResponse {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return textResponse(400, 'Bad Request');
    }
    // Scenario redirects come first: what a misconfigured proxy or a hostile mirror answers.
    const k = this.redirects.findIndex((r, i) => req.url.includes(r.urlIncludes) && (r.times === undefined || this.redirectHits[i]! < r.times));
    if (k >= 0) {
      this.redirectHits[k]! += 1;
      return redirect(this.redirects[k]!.location);
    }
    const h = this.hosts;
    if (url.host === h.api) return handleApi(this, this.limiter, this.tokens, url, req);
    if (req.method !== 'GET' && req.method !== 'HEAD') return textResponse(405, 'Method Not Allowed');
    if (url.host === h.raw) return answerRange(req, routeRaw(this, url, req, this.viewer(req)), this.ranges);
    if (url.host === h.web) return routeWeb(this, url);
    if (url.host === h.objects) return answerRange(req, routeObjects(this, url, req), this.ranges);
    return textResponse(404, `No such host in the fake GitHub: ${url.host}`);
  }

  /** Raw files honour a valid token; an invalid one is treated as none (no 401 on this host). */
  private viewer(req: SimRequest): { token?: string } {
    const auth = parseAuthorization(req.headers.authorization, this.tokens);
    return auth.kind === 'token' ? { token: auth.token } : {};
  }
}
