import { describe, expect, it } from 'vitest';
import { configErrorOf, errorFor, validate } from './test-helpers.ts';
import { validateConfig } from './validate-config.ts';

describe('owner and repo', () => {
  it('are read back, trimmed', () => {
    const { config } = validate({ owner: ' octo-org ', repo: 'my_app.v2' });
    expect(config.owner).toBe('octo-org');
    expect(config.repo).toBe('my_app.v2');
  });

  it('are required, and both are reported at once', () => {
    const err = configErrorOf(() => validateConfig({}, 'ota_config.json'));
    expect(err.key).toBe('owner');
    expect(err.file).toBe('ota_config.json');
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems.map((p) => p.key)).toEqual(['owner', 'repo']);
    expect(err.message).toContain('ota_config.json: "owner" is required');
    expect(err.message).toContain('ota_config.json: "repo" is required');
  });

  it('treat an empty or blank string and null as missing', () => {
    expect(errorFor({ owner: '' }).message).toContain('"owner" is required');
    expect(errorFor({ repo: '   ' }).message).toContain('"repo" is required');
    expect(errorFor({ repo: null }).key).toBe('repo');
  });

  it('name a misspelt key when the real one is missing', () => {
    const err = configErrorOf(() => validateConfig({ ownr: 'me', repo: 'app' }, 'ota_config.json'));
    expect(err.key).toBe('owner');
    expect(err.message).toContain('(found "ownr": did you mean "owner"?)');
  });

  it.each([
    ['owner', 'YOUR_GITHUB_USERNAME'],
    ['repo', 'YOUR_REPO_NAME'],
    // The predecessor rejected either placeholder in either field, after trimming and upper-casing.
    ['owner', 'YOUR_REPO_NAME'],
    ['repo', 'YOUR_GITHUB_USERNAME'],
    ['owner', ' your_github_username '],
  ])('reject the placeholder in %s = %j', (key, value) => {
    const err = errorFor({ [key]: value });
    expect(err.key).toBe(key);
    expect(err.message).toContain(`"${key}" is still the placeholder`);
  });

  it('reject "owner/repo" written into one field', () => {
    const err = errorFor({ repo: 'me/app' });
    expect(err.key).toBe('repo');
    expect(err.message).toContain('"repo" must not contain "/" (got "me/app")');
  });

  it.each(['my app', 'app?x', '..', 'a#b'])('reject a name GitHub would not allow: %j', (repo) => {
    const err = errorFor({ repo });
    expect(err.key).toBe('repo');
    expect(err.message).toContain('may contain only letters, digits');
  });

  it('reject a non-string', () => {
    const err = errorFor({ owner: 42 });
    expect(err.key).toBe('owner');
    expect(err.message).toContain('"owner" must be a string (got 42)');
  });
});

describe('the document as a whole', () => {
  it.each([
    [[], 'a list'],
    ['text', 'a string'],
    [7, 'a number'],
    [null, 'null'],
  ])('must be a mapping, not %j', (raw, kind) => {
    const err = configErrorOf(() => validateConfig(raw, 'ota_config.yaml'));
    expect(err.key).toBeNull();
    expect(err.message).toMatch(/^ota_config\.yaml: must hold a mapping of settings/);
    expect(err.message).toContain(`(got ${kind})`);
  });
});
