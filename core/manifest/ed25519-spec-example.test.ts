// docs/SPEC.md §12.3 shows a signed manifest and its signed bytes; the code must reproduce both
// byte for byte (Ed25519 is deterministic), and the verifier must accept exactly that manifest.
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOtaError } from '../errors.ts';
import { keyIdOf } from './ed25519-key.ts';
import { signedPayload } from './ed25519-payload.ts';
import { verifyEd25519Manifest } from './ed25519-verify.ts';
import { parsePythonJson } from './parse-json.ts';

const spec = readFileSync(resolve(import.meta.dirname, '../../docs/SPEC.md'), 'utf8');
const section = spec.slice(spec.indexOf('## 12. Ed25519'));
const manifestText = /```json\n(.*?)\n```/s.exec(section)![1]!;
const payloadText = /```text\n(.*?)\n```/s.exec(section)![1]!;
const SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const PUBLIC = Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex');
const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(SECRET, 'hex')]), format: 'der', type: 'pkcs8' });

describe('docs/SPEC.md §12 worked example', () => {
  const manifest = parsePythonJson(manifestText) as Record<string, unknown>;
  const binding = { trustedKeys: new Map([[keyIdOf(PUBLIC), new Uint8Array(PUBLIC)]]), owner: 'otalab', repo: 'demo-app', ref: 'v1.1.0' };

  it('key id and signed bytes are the ones written there', () => {
    expect(keyIdOf(PUBLIC)).toBe('21fe31dfa154a261');
    expect(Buffer.from(signedPayload(manifest)).toString('latin1')).toBe(payloadText);
  });

  it('the signature is the RFC 8032 key’s over those bytes, and verifies', () => {
    const sig = sign(null, signedPayload(manifest), key).toString('hex');
    expect((manifest.ed25519 as { sig: string }).sig).toBe(sig);
    expect(verifyEd25519Manifest(manifest, binding)).toBe('21fe31dfa154a261');
  });

  it('one changed byte of a file hash breaks it', () => {
    const files = structuredClone(manifest.files) as { sha256: string }[];
    files[0]!.sha256 = files[0]!.sha256.replace(/^f/, 'e');
    try {
      verifyEd25519Manifest({ ...manifest, files }, binding);
      expect.unreachable();
    } catch (err) {
      expect(isOtaError(err, 'SIGNATURE_INVALID') && err.message).toMatch(/does not verify/);
    }
  });
});
