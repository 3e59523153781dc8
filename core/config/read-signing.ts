/**
 * Who may sign releases and whether an older one may install (docs/SPEC.md §12): `trusted_keys`
 * maps a key id to an Ed25519 public key (hex or base64; kept as lowercase hex), and every id must
 * be its key's own (the first 8 bytes of SHA-256 of the key), so a pasted line cannot name the
 * wrong key. `allow_downgrade` lifts the anti-rollback rule.
 */
import { keyIdOf, parsePublicKey } from '../manifest/ed25519-key.ts';
import { readBool } from './read-basic.ts';
import { type ConfigReader, got } from './reader.ts';
import type { Config } from './types.ts';

export function readSigning(r: ConfigReader): Pick<Config, 'trusted_keys' | 'allow_downgrade'> {
  return { trusted_keys: readTrustedKeys(r), allow_downgrade: readBool(r, 'allow_downgrade', false) };
}

function readTrustedKeys(r: ConfigReader): Record<string, string> {
  const key = 'trusted_keys';
  const raw = r.get(key);
  if (raw === undefined || raw === null) return {};
  const example = '{"<key id>": "<public key>"} as `npx otalab keygen` prints it';
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    r.fail(key, `"${key}" must be a mapping ${example} (${got(raw)})`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const parsed = typeof value === 'string' ? parsePublicKey(value) : 'is not a string';
    if (typeof parsed === 'string') {
      r.fail(key, `"${key}" entry ${JSON.stringify(id)} ${parsed}; paste the line \`npx otalab keygen\` printed`);
      continue;
    }
    const own = keyIdOf(parsed);
    if (id !== own) {
      r.fail(key, `"${key}" entry ${JSON.stringify(id)}: that key's id is ${own}; use "${own}" as its name`);
      continue;
    }
    Object.defineProperty(out, id, { value: Buffer.from(parsed).toString('hex'), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
