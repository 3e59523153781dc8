export { DEFAULT_ERROR_LIMIT, ERROR_FORMAT, ERROR_PATH, REDACTED, readErrors, recordError, redact, type ErrorPhase, type ErrorRecord, type NewErrorRecord, type RecordOptions } from './error-log.ts';
export { EMPTY_STATE, RATE_LIMIT_MAX_WAIT_MS, STATE_FORMAT, STATE_PATH, readOtaState, serializeOtaState, writeOtaState, type LookupRecord, type OtaState, type ReadOtaState } from './ota-state.ts';
export { compareCodePoints, pyJsonDumps, pyQuote, sortedMap } from './python-json.ts';
export { REJECTED_LIMIT, VERSION_PATH, formatVersion, parseVersion, readVersion, serializeVersion, withRejected, writeVersion, type VersionJson, type VersionRead } from './version-file.ts';
