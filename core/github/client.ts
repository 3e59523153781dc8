/**
 * The updater's view of GitHub: resolve what to install, list its files, fetch its manifest, and
 * open file downloads. Talks only through the `Http` port; every request goes through one
 * Transport (headers, redirects, retries, rate limits).
 */
import type { Config } from '../config/types.ts';
import type { Log } from '../ports/index.ts';
import { readJson, type ReadLimit } from './read-body.ts';
import { fetchManifestText } from './release.ts';
import type { LookupAnswer, RepoApi } from './repo-api.ts';
import { resolveTarget, type Resolved } from './resolve.ts';
import { fetchTree } from './tree.ts';
import { Transport, type TransportPorts } from './transport.ts';
import type { RateLimitInfo, ReleaseInfo, Target, TreeEntry } from './types.ts';
import { encodeSegments, trimBase } from './urls.ts';

/** Bound for ordinary API JSON (refs, releases); trees have their own (max_tree_size_kb). */
export const API_JSON_CAP_BYTES = 1024 * 1024;

export class GitHubClient implements RepoApi {
  readonly transport: Transport;
  readonly repo: string;
  readonly log: Log;

  constructor(
    ports: TransportPorts,
    private readonly config: Config,
  ) {
    this.transport = new Transport(ports, config);
    this.repo = `${config.owner}/${config.repo}`;
    this.log = ports.log;
  }

  /** The latest `x-ratelimit-*` state GitHub reported (null before any API response). */
  get rateLimit(): RateLimitInfo | null {
    return this.transport.rateLimit;
  }

  async resolveTarget(): Promise<Target> {
    const r = await resolveTarget(this, this.config);
    if (r.kind !== 'target') throw new Error('unreachable: a 304 without If-None-Match is a BAD_RESPONSE');
    return r.target;
  }

  /** With `etag` (of the last lookup of the same path), the first lookup is conditional. */
  resolveTargetIfChanged(etag: string | null): Promise<Resolved> {
    return resolveTarget(this, this.config, etag);
  }

  fetchTree(commit: string): Promise<TreeEntry[]> {
    return fetchTree(this, commit, this.config);
  }

  /** The text of the release's `manifest.json` asset; null when the release has none. */
  fetchManifest(release: ReleaseInfo): Promise<string | null> {
    return fetchManifestText(this.transport, release);
  }

  /** By commit SHA, never by branch: raw URLs naming a branch are cached for ~300 s. */
  rawFileUrl(commit: string, path: string): string {
    const { owner, repo } = this.config;
    return `${trimBase(this.config.raw_base)}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${commit}/${encodeSegments(path)}`;
  }

  /** A file download: 2xx only (status checked before any byte is consumed). */
  download(url: string, path: string, headers?: Record<string, string>): Promise<Response> {
    return this.transport.get({ url, accept: 'bytes', notFound: `${path} not found at ${url}`, ...(headers !== undefined ? { headers } : {}) });
  }

  async getRepoJson(path: string, notFound: string, limit?: ReadLimit): Promise<unknown> {
    const url = this.repoUrl(path);
    const res = await this.transport.get({ url, accept: 'json', notFound });
    return readJson(res, url, path, limit ?? { capBytes: API_JSON_CAP_BYTES, code: 'BAD_RESPONSE' }, () => this.transport.feedWatchdog());
  }

  async lookupJson(path: string, notFound: string, etag: string | null): Promise<LookupAnswer> {
    const url = this.repoUrl(path);
    const res = await this.transport.get({ url, accept: 'json', notFound, ...(etag !== null ? { ifNoneMatch: etag } : {}) });
    if (res.status === 304) return { notModified: true };
    const value = await readJson(res, url, path, { capBytes: API_JSON_CAP_BYTES, code: 'BAD_RESPONSE' }, () => this.transport.feedWatchdog());
    return { notModified: false, value, etag: res.headers.get('etag') };
  }

  private repoUrl(path: string): string {
    const { owner, repo } = this.config;
    return `${trimBase(this.config.api_base)}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${path}`;
  }
}
