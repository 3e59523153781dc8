export { PyFloat, compareCodePoints, constantTimeEqual, hmacSha256Hex, pythonCanonicalJson, pythonFloatRepr } from './canonical.ts';
export { JsonSyntaxError, parsePythonJson, type PyJson } from './parse-json.ts';
export { manifestSignature, signatureMatches } from './signature.ts';
export { loadManifest, parseManifest, type ManifestContext } from './parse-manifest.ts';
export { validateManifest } from './validate.ts';
export type { Manifest, ManifestFile } from './types.ts';
export { ED25519_DOMAIN, signedPayload } from './ed25519-payload.ts';
export { ed25519Verifies, keyIdOf, parsePublicKey } from './ed25519-key.ts';
export { verifyEd25519Manifest, type SignedBinding } from './ed25519-verify.ts';
