export { BlobSha1, Crc32, EMPTY_BLOB_SHA1, Sha256, blobSha1Hex, crc32, sha256Hex } from './digests.ts';
export { hashFlashFile, type FileDigests } from './file.ts';
