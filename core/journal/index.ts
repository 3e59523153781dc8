export { deleteJournal, readJournal, readJournalAt, serializeJournal, writeJournal, type JournalRead } from './journal-file.ts';
export { parseJournal, type JournalParse } from './parse.ts';
export { JOURNAL_FORMAT, JOURNAL_PATH, type Journal, type JournalOp, type JournalPhase, type RollbackReason } from './types.ts';
