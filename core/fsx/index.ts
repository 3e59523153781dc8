export { tmpPathOf, writeFileAtomic, writeTextAtomic } from './atomic-write.ts';
export { mkdirs, rmdirIfEmpty, rmtree, walkFiles, type OnStep } from './dirs.ts';
export { exists, isDir, isFile, removeIfExists } from './exists.ts';
export { isRecord, parseJsonBytes, readJson, type JsonRead } from './read-json.ts';
