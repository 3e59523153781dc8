/** A validated release manifest (predecessor schema, version 1, plus otalab's version 2). */

export interface ManifestFile {
  path: string;
  size: number;
  /** 64 lowercase hex. Required in every version: an entry nothing can verify is refused. */
  sha256: string;
  /** The predecessor's unsigned CRC-32, when given (informational: SHA-256 is what is checked). */
  crc32: number | null;
}

export interface Manifest {
  manifestVersion: 1 | 2;
  /** The manifest's own version string (recorded as the ref), when given. */
  version: string | null;
  /** The commit the manifest describes (required in version 2). */
  commit: string | null;
  generatedAt: string | null;
  files: ManifestFile[];
  deletes: string[];
  /** True when a `manifest_key` was configured and the signature verified. */
  signed: boolean;
  /** Ed25519-signed manifests only (trusted_keys set): the verifying key id and the anti-rollback counter. */
  keyId?: string;
  counter?: number;
}
