/** Where updates come from: the repository, channel, credentials and endpoints. */
import { CONFIG_DEFAULTS as D, CONFIG_KEYS } from './defaults.ts';
import { readBool, readChoice, readString } from './read-basic.ts';
import { type ConfigReader, got } from './reader.ts';
import { editDistance } from './suggest.ts';
import type { Channel, Config } from './types.ts';

const PLACEHOLDERS = ['YOUR_GITHUB_USERNAME', 'YOUR_REPO_NAME'];
// GitHub's character set for account and repository names.
const GITHUB_NAME = /^[A-Za-z0-9._-]+$/;

const ROLE = {
  owner: 'the GitHub user or organisation that owns the repository',
  repo: 'the name of the repository to install from',
} as const;

function readGithubName(r: ConfigReader, key: 'owner' | 'repo'): string {
  const raw = r.get(key);
  const fix = `set it to ${ROLE[key]}`;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    r.fail(key, `"${key}" is required: ${fix}${nearMiss(r, key)}`);
    return '';
  }
  if (typeof raw !== 'string') {
    r.fail(key, `"${key}" must be a string (${got(raw)}); ${fix}`);
    return '';
  }
  const value = raw.trim();
  if (PLACEHOLDERS.includes(value.toUpperCase())) {
    r.fail(key, `"${key}" is still the placeholder "${value}"; ${fix}`);
  } else if (value.includes('/')) {
    r.fail(key, `"${key}" must not contain "/" (${got(raw)}); put the owner in "owner" and only the repository name in "repo"`);
  } else if (!GITHUB_NAME.test(value) || value === '.' || value === '..') {
    r.fail(key, `"${key}" may contain only letters, digits, "-", "_" and "." (${got(raw)}); ${fix}`);
  }
  return value;
}

/** ' (found "ownr": did you mean "owner"?)' when an unknown key is a near miss of `key`. */
function nearMiss(r: ConfigReader, key: string): string {
  const known = new Set<string>(CONFIG_KEYS);
  const found = Object.keys(r.raw).find((k) => !known.has(k) && editDistance(k.toLowerCase(), key) <= 2);
  return found === undefined ? '' : ` (found "${found}": did you mean "${key}"?)`;
}

/** An absolute http(s) URL without credentials, query or fragment; returned without trailing "/". */
function readBaseUrl(r: ConfigReader, key: 'api_base' | 'raw_base'): string {
  const fallback = D[key];
  const text = readString(r, key, fallback, { what: 'a URL', trim: true, noSpaces: true, example: fallback });
  if (text === fallback) return fallback;
  const advice = `set it to e.g. "${fallback}" or remove it`;
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // reported below
  }
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    r.fail(key, `"${key}" must be an absolute http:// or https:// URL (${got(text)}); ${advice}`);
  } else if (url.username !== '' || url.password !== '') {
    r.fail(key, `"${key}" must not contain a user name or password; put credentials in "token"`);
  } else if (url.search !== '' || url.hash !== '' || text.endsWith('?') || text.endsWith('#')) {
    r.fail(key, `"${key}" must not have a query or fragment (${got(text)}); ${advice}`);
  }
  return text.replace(/\/+$/, '');
}

function plainHttpRemote(base: string): boolean {
  if (!base.startsWith('http://')) return false;
  const host = new URL(base).hostname;
  return host !== 'localhost' && host !== '127.0.0.1' && host !== '[::1]';
}

type SourceKeys = 'owner' | 'repo' | 'channel' | 'branch' | 'tag' | 'token' | 'user_agent' | 'api_base' | 'raw_base' | 'manifest_key' | 'force' | 'debug' | 'reset_mode';

export function readSource(r: ConfigReader): Pick<Config, SourceKeys> {
  const source = {
    owner: readGithubName(r, 'owner'),
    repo: readGithubName(r, 'repo'),
    channel: readChoice<Channel>(r, 'channel', ['stable', 'developer'], D.channel, '"stable" installs the latest release, "developer" the tip of "branch"'),
    branch: readString(r, 'branch', D.branch, { what: 'a branch name', noSpaces: true, example: 'main' }),
    tag: readString(r, 'tag', null, { what: 'a tag name', emptyIsNull: true, noSpaces: true, example: 'v1.2.0' }),
    token: readString(r, 'token', null, { what: 'a string', emptyIsNull: true, secret: true, trim: true, noSpaces: true }),
    user_agent: readString(r, 'user_agent', D.user_agent, { what: 'a string (GitHub rejects requests without one)', example: D.user_agent }),
    api_base: readBaseUrl(r, 'api_base'),
    raw_base: readBaseUrl(r, 'raw_base'),
    manifest_key: readString(r, 'manifest_key', null, { what: 'a string', emptyIsNull: true, secret: true }),
    force: readBool(r, 'force', D.force),
    debug: readBool(r, 'debug', D.debug),
    reset_mode: readChoice(r, 'reset_mode', ['hard', 'soft', 'none'] as const, D.reset_mode, '"hard" resets the board after an update, "soft" restarts MicroPython, "none" leaves it to the app'),
  };
  if (source.token !== null) {
    for (const key of ['api_base', 'raw_base'] as const) {
      if (r.ok(key) && plainHttpRemote(source[key])) r.warn(`"${key}" uses plain http: the token would cross the network unencrypted`);
    }
  }
  return source;
}
