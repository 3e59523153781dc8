import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { GitHubModel } from './model.ts';
import { API, get, json, makeModel, sampleSpec, START_MS, testClock } from './test-fixture.ts';

/** Downloads a release's manifest.json through the API asset URL and the CDN redirect. */
function manifestOf(model: GitHubModel, tag: string, repo = API): any {
  const release = json(get(model, `${repo}/releases/tags/${tag}`));
  const asset = release.assets.find((a: { name: string }) => a.name === 'manifest.json');
  const hop = get(model, asset.url, { accept: 'application/octet-stream' });
  return json(get(model, hop.headers.location!));
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// core's verification of these signatures is test/manifest-agreement.test.ts (sim/github may not import core/manifest).
const hmacSha256Hex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

describe('generated manifest', () => {
  it('lists every file of the tag commit, sorted, with size, sha256 and crc32', () => {
    const { model } = makeModel();
    const m = manifestOf(model, 'v1');
    expect(m.version).toBe('v1');
    expect(m.manifest_version).toBe(2);
    expect(m.commit).toBe(model.commitSha('acme/fw', 'v1'));
    expect(m.generated_at).toBe('2024-05-01T12:00:00Z');
    expect(m.files.map((f: { path: string }) => f.path)).toEqual(['docs/my file #1.txt', 'lib/util.py', 'main.py', 'old.py']);
    const main = m.files.find((f: { path: string }) => f.path === 'main.py');
    expect(main).toEqual({ path: 'main.py', size: 9, sha256: sha256('print(1)\n'), crc32: crc32('print(1)\n') });
    // The first release has nothing to delete: the key is omitted.
    expect('deletes' in m).toBe(false);
  });

  it('deletes = paths of the previous non-draft release missing from this one', () => {
    const { model } = makeModel();
    expect(manifestOf(model, 'v2').deletes).toEqual(['old.py']);
  });

  it('is signed with HMAC-SHA256 over canonical JSON minus the signature', () => {
    const { model } = makeModel();
    const m = manifestOf(model, 'v2');
    const { signature, ...rest } = m;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signature).toBe(hmacSha256Hex('sekrit', canonicalJson(rest)));
    expect(signature).not.toBe(hmacSha256Hex('other', canonicalJson(rest)));
  });

  it('manifestPatch is merged before signing; a patched signature is kept', () => {
    const spec = sampleSpec();
    const releases = spec.repos[0]!.releases!;
    releases[0] = { tag: 'v1', manifest: true, manifestKey: 'k', manifestPatch: { files: [{ path: '../boot.py', size: 1, sha256: 'x' }], post_update: 'hooks/p.py' } };
    releases[1] = { tag: 'v2', manifest: true, manifestKey: 'k', manifestPatch: { signature: 'deadbeef' } };
    const model = new GitHubModel(spec, testClock());
    const hostile = manifestOf(model, 'v1');
    expect(hostile.files).toEqual([{ path: '../boot.py', size: 1, sha256: 'x' }]);
    expect(hostile.post_update).toBe('hooks/p.py');
    const { signature, ...rest } = hostile;
    expect(signature).toBe(hmacSha256Hex('k', canonicalJson(rest)));
    expect(manifestOf(model, 'v2').signature).toBe('deadbeef');
  });

  it('no manifestKey means no signature; generated_at follows the construction clock', () => {
    const spec = sampleSpec();
    spec.repos[0]!.releases = [{ tag: 'v1', manifest: true }];
    const model = new GitHubModel(spec, testClock(START_MS + 61_500));
    const m = manifestOf(model, 'v1');
    expect('signature' in m).toBe(false);
    expect(m.generated_at).toBe('2024-05-01T12:01:01Z');
  });
});
