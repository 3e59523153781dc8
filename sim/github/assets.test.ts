import { describe, expect, it } from 'vitest';
import { fileBytes } from './files.ts';
import { API, get, json, makeModel, text, TOKEN } from './test-fixture.ts';

const FW = fileBytes({ random: 5000, seed: 3 });

describe('release asset downloads', () => {
  it('API asset URL with octet-stream accept → 302 to a signed CDN URL → the bytes', () => {
    const { model } = makeModel();
    const asset = json(get(model, `${API}/releases/latest`)).assets.find((a: any) => a.name === 'fw.bin');
    const hop = get(model, asset.url, { accept: 'application/octet-stream' });
    expect(hop.status).toBe(302);
    const location = new URL(hop.headers.location!);
    expect(location.host).toBe('objects.githubusercontent.com');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const bytes = get(model, location.href);
    expect(bytes.status).toBe(200);
    expect(bytes.headers['content-type']).toBe('application/octet-stream');
    expect(bytes.headers['content-length']).toBe('5000');
    expect(bytes.body).toEqual(FW);
    // JSON accept gives the asset's metadata instead.
    expect(json(get(model, asset.url))).toMatchObject({ id: asset.id, name: 'fw.bin', size: 5000 });
  });

  it('browser URL → 302 → CDN; latest/download adds one more hop', () => {
    const { model } = makeModel();
    const first = get(model, 'https://github.com/acme/fw/releases/latest/download/fw.bin');
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('https://github.com/acme/fw/releases/download/v2/fw.bin');
    const second = get(model, first.headers.location!);
    expect(second.status).toBe(302);
    expect(get(model, second.headers.location!).body).toEqual(FW);
    expect(get(model, 'https://github.com/acme/fw/releases/download/v2/missing.bin').status).toBe(404);
    // A draft's assets are not downloadable by tag.
    expect(get(model, 'https://github.com/acme/fw/releases/download/v4/manifest.json').status).toBe(404);
  });

  it('a private repo downloads through the API URL with a token, not the browser URL', () => {
    const { model } = makeModel();
    const auth = { authorization: `token ${TOKEN}` };
    const release = json(get(model, 'https://api.github.com/repos/acme/secret/releases/latest', auth));
    const asset = release.assets[0];
    expect(get(model, asset.browser_download_url).status).toBe(404);
    expect(get(model, asset.url, { accept: 'application/octet-stream' }).status).toBe(404);
    const hop = get(model, asset.url, { ...auth, accept: 'application/octet-stream' });
    expect(text(get(model, hop.headers.location!))).toBe('S');
  });

  it('the CDN rejects a forwarded Authorization header, a tampered signature and an expired URL', () => {
    const { model, clock } = makeModel();
    const location = get(model, 'https://github.com/acme/fw/releases/download/v2/fw.bin').headers.location!;
    const withAuth = get(model, location, { authorization: `token ${TOKEN}` });
    expect(withAuth.status).toBe(400);
    expect(text(withAuth)).toContain('Only one auth mechanism allowed');
    const tampered = new URL(location);
    tampered.pathname = tampered.pathname.replace(/\/\d+$/, '/200001');
    expect(get(model, tampered.href).status).toBe(403);
    clock.t += 300_000;
    expect(get(model, location).status).toBe(200);
    clock.t += 1;
    const expired = get(model, location);
    expect(expired.status).toBe(403);
    expect(text(expired)).toContain('Request has expired');
  });
});
