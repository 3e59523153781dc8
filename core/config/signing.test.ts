import { describe, expect, it } from 'vitest';
import { errorFor, validate } from './test-helpers.ts';

// RFC 8032 test-1 public key and its id (docs/SPEC.md §12.2).
const HEX = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const ID = '21fe31dfa154a261';

describe('trusted_keys and allow_downgrade', () => {
  it('reads hex and base64 keys as lowercase hex, and allow_downgrade', () => {
    const b64 = Buffer.from(HEX, 'hex').toString('base64');
    expect(validate({ trusted_keys: { [ID]: HEX.toUpperCase() }, allow_downgrade: true }).config).toMatchObject({ trusted_keys: { [ID]: HEX }, allow_downgrade: true });
    expect(validate({ trusted_keys: { [ID]: b64 } }).config.trusted_keys).toEqual({ [ID]: HEX });
  });

  it.each([
    [{ trusted_keys: ['x'] }, /"trusted_keys" must be a mapping/],
    [{ trusted_keys: { [ID]: HEX.slice(1) } }, /entry "21fe31dfa154a261" is not an Ed25519 public key/],
    [{ trusted_keys: { deadbeefdeadbeef: HEX } }, /entry "deadbeefdeadbeef": that key's id is 21fe31dfa154a261; use "21fe31dfa154a261" as its name/],
    [{ allow_downgrade: 'yes' }, /"allow_downgrade" must be true or false/],
  ])('refuses %j', (extra, message) => {
    expect(errorFor(extra).message).toMatch(message);
  });
});
