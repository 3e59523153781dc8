import { describe, expect, it } from 'vitest';
import { errorFor, validate } from './test-helpers.ts';

describe('channel', () => {
  it('accepts exactly "stable" and "developer"', () => {
    expect(validate({ channel: 'stable' }).config.channel).toBe('stable');
    expect(validate({ channel: 'developer' }).config.channel).toBe('developer');
  });

  it('does not let a typo select developer mode, and names the near miss', () => {
    const err = errorFor({ channel: 'stabel' });
    expect(err.key).toBe('channel');
    expect(err.message).toBe('ota_config.json: "channel" must be "stable" or "developer" (got "stabel"; did you mean "stable"?)');
  });

  it.each([
    ['Stable', 'stable'],
    ['dev', 'developer'],
    ['develop', 'developer'],
    ['developr', 'developer'],
  ])('suggests for %j', (value, near) => {
    expect(errorFor({ channel: value }).message).toContain(`did you mean "${near}"?`);
  });

  it('explains the two channels when nothing is close', () => {
    const err = errorFor({ channel: 'main' });
    expect(err.message).toContain('(got "main"); "stable" installs the latest release, "developer" the tip of "branch"');
  });

  it('rejects a non-string', () => {
    expect(errorFor({ channel: true }).message).toContain('(got true)');
  });
});

describe('reset_mode', () => {
  it('accepts hard, soft and none', () => {
    for (const mode of ['hard', 'soft', 'none']) expect(validate({ reset_mode: mode }).config.reset_mode).toBe(mode);
  });

  it('rejects anything else (the predecessor treated it as hard)', () => {
    const err = errorFor({ reset_mode: 'reboot' });
    expect(err.key).toBe('reset_mode');
    expect(err.message).toContain('"reset_mode" must be "hard", "soft" or "none" (got "reboot")');
    expect(errorFor({ reset_mode: 'sfot' }).message).toContain('did you mean "soft"?');
  });
});

describe('booleans', () => {
  it.each(['force', 'debug'])('%s must be a real boolean', (key) => {
    expect(validate({ [key]: true }).config[key as 'force']).toBe(true);
    const err = errorFor({ [key]: 'yes' });
    expect(err.key).toBe(key);
    expect(err.message).toContain(`"${key}" must be true or false (got "yes")`);
    expect(errorFor({ [key]: 1 }).key).toBe(key);
  });
});

describe('strings', () => {
  it('token, ssid, password and tag: "" and null mean not set', () => {
    for (const empty of ['', null]) {
      const { config } = validate({ token: empty, ssid: empty, password: empty, tag: empty, manifest_key: empty });
      expect([config.token, config.ssid, config.password, config.tag, config.manifest_key]).toEqual([null, null, null, null, null]);
    }
  });

  it('keep a real token, password and tag', () => {
    const { config } = validate({ token: 'ghp_abc', ssid: 'My Net', password: 'pass word', tag: 'v1.2.0' });
    expect(config).toMatchObject({ token: 'ghp_abc', ssid: 'My Net', password: 'pass word', tag: 'v1.2.0' });
  });

  it('trims a token pasted with a trailing newline, but rejects one with a space inside', () => {
    expect(validate({ token: 'ghp_abc\n' }).config.token).toBe('ghp_abc');
    const err = errorFor({ token: 'ghp_a bc' });
    expect(err.key).toBe('token');
    expect(err.message).toContain('"token" must not contain spaces or control characters');
  });

  it('rejects a branch or tag with spaces, and an empty branch', () => {
    expect(errorFor({ branch: 'my branch' }).key).toBe('branch');
    expect(errorFor({ tag: 'v1 .0' }).key).toBe('tag');
    expect(errorFor({ branch: '' }).message).toContain('"branch" must not be empty; set it to e.g. "main"');
  });

  it('requires a user agent (GitHub rejects requests without one)', () => {
    expect(errorFor({ user_agent: '' }).key).toBe('user_agent');
    expect(errorFor({ user_agent: 5 }).message).toContain('GitHub rejects requests without one');
  });

  it('limits an SSID to 32 bytes', () => {
    expect(validate({ ssid: 'x'.repeat(32) }).config.ssid).toHaveLength(32);
    expect(errorFor({ ssid: 'x'.repeat(33) }).message).toContain('"ssid" must be at most 32 bytes');
  });
});

describe('api_base and raw_base', () => {
  it('strip trailing slashes and keep a path', () => {
    const { config } = validate({ api_base: 'https://ghe.example.com/api/v3/', raw_base: 'http://localhost:8080//' });
    expect(config.api_base).toBe('https://ghe.example.com/api/v3');
    expect(config.raw_base).toBe('http://localhost:8080');
  });

  it.each(['api.github.com', 'ftp://api.github.com', '/api', 'https://'])('reject %j', (url) => {
    const err = errorFor({ api_base: url });
    expect(err.key).toBe('api_base');
    expect(err.message).toContain('"api_base" must be an absolute http:// or https:// URL');
  });

  it('reject a query, a fragment and credentials', () => {
    expect(errorFor({ raw_base: 'https://x.example/?a=1' }).message).toContain('must not have a query or fragment');
    expect(errorFor({ raw_base: 'https://x.example/#top' }).key).toBe('raw_base');
    const creds = errorFor({ api_base: 'https://user:hunter2@x.example' });
    expect(creds.message).toContain('must not contain a user name or password');
    expect(creds.message).not.toContain('hunter2');
  });

  it('warn when a token would travel over plain http to another host', () => {
    expect(validate({ token: 't0k', api_base: 'http://ghe.example.com' }).warnings.join('\n')).toContain('"api_base" uses plain http');
    expect(validate({ token: 't0k', api_base: 'http://127.0.0.1:9000' }).warnings).toEqual([]);
    expect(validate({ api_base: 'http://ghe.example.com' }).warnings).toEqual([]);
  });
});
