/** The slice of the client that the endpoint modules (resolve, tree, release) work through. */
import type { Log } from '../ports/index.ts';
import type { ReadLimit } from './read-body.ts';

export interface RepoApi {
  /** owner/repo, for messages. */
  readonly repo: string;
  readonly log: Log;
  /** GET `{api_base}/repos/{owner}/{repo}/{path}` as JSON; `path` must already be encoded. */
  getRepoJson(path: string, notFound: string, limit?: ReadLimit): Promise<unknown>;
  /**
   * The same GET, conditional when `etag` is given (If-None-Match): a 304 is `notModified`; else
   * the JSON with the ETag GitHub sent (null without one).
   */
  lookupJson(path: string, notFound: string, etag: string | null): Promise<LookupAnswer>;
}

export type LookupAnswer = { notModified: true } | { notModified: false; value: unknown; etag: string | null };
