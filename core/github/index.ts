export { GitHubClient, API_JSON_CAP_BYTES } from './client.ts';
export { Transport, API_VERSION, MAX_REDIRECTS, type RequestSpec, type TransportConfig, type TransportPorts } from './transport.ts';
export { MANIFEST_ASSET } from './release.ts';
export { isNetworkFailure, describeNetworkFailure } from './network-error.ts';
export { backoffMs, sleepFed } from './backoff.ts';
export type { RateLimitInfo, ReleaseAsset, ReleaseInfo, Target, TreeEntry } from './types.ts';
