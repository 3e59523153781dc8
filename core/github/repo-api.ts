/** The slice of the client that the endpoint modules (resolve, tree, release) work through. */
import type { Log } from '../ports/index.ts';
import type { ReadLimit } from './read-body.ts';

export interface RepoApi {
  /** owner/repo, for messages. */
  readonly repo: string;
  readonly log: Log;
  /** GET `{api_base}/repos/{owner}/{repo}/{path}` as JSON; `path` must already be encoded. */
  getRepoJson(path: string, notFound: string, limit?: ReadLimit): Promise<unknown>;
}
