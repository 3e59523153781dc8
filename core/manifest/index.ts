export { PyFloat, compareCodePoints, constantTimeEqual, hmacSha256Hex, pythonCanonicalJson, pythonFloatRepr } from './canonical.ts';
export { JsonSyntaxError, parsePythonJson, type PyJson } from './parse-json.ts';
export { manifestSignature, signatureMatches } from './signature.ts';
export { loadManifest, parseManifest, type ManifestContext } from './parse-manifest.ts';
export { validateManifest } from './validate.ts';
export type { Manifest, ManifestFile } from './types.ts';
