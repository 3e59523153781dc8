export { ReplError, type ReplErrorKind } from './errors.ts';
export { Inbox } from './inbox.ts';
export { Repl, type EnterOptions, type ExecOptions, type ExecResult, type PasteMode } from './repl.ts';
