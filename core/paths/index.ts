export { checkRepoPath, MAX_PATH_BYTES, MAX_SEGMENT_BYTES } from './check-repo-path.ts';
export { joinPath, parentOf, splitPath, stripSlashes } from './posix.ts';
export { isReserved, RESERVED_FILES, RESUME_DIR, type UpdaterDirs } from './reserved.ts';
export { isPermitted, normalizeRules, ruleMatches } from './rules.ts';
export { checkUpdaterDir, UPDATER_DIR_PREFIX } from './updater-dir.ts';
