/** The fake GitHub's public surface. The msw adapter is separate (`./msw.ts`) so the sync model loads without msw. */
export { GitHubModel, type RequestLogEntry } from './model.ts';
export { allCommitFiles, commitFiles, fileBytes, gitBlobSha1 } from './files.ts';
export { DEFAULT_HOSTS, type Hosts } from './hosts.ts';
export type { SimRequest, SimResponse } from './http-types.ts';
export { buildManifest, manifestBytes, signManifest } from './manifest.ts';
export type * from './spec.ts';
