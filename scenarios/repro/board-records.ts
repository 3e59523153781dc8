/**
 * The updater's records in a dump, read with core's own readers (one definition of each format):
 * version.json, ota_journal.json, ota_error.json, ota_state.json, and the config file. A record
 * that is not JSON at all is bad input (the file was damaged in copying, or is not what its name
 * says); JSON that core reads as broken is board state, judged by findings.ts.
 */
import { nodeFlash } from '../../core/adapters/node-flash.ts';
import { CONFIG_FILE_NAMES, ConfigError, parseConfig, parseConfigText } from '../../core/config/index.ts';
import { parseJsonBytes } from '../../core/fsx/read-json.ts';
import { JOURNAL_PATH, readJournal, type JournalRead } from '../../core/journal/index.ts';
import { ERROR_PATH, readErrors, readOtaState, readVersion, STATE_PATH, VERSION_PATH, type ErrorRecord, type ReadOtaState, type VersionRead } from '../../core/state/index.ts';
import { DumpError, type DumpTree } from './dump-tree.ts';

export interface BoardConfig {
  /** The config file's name in the dump. */
  file: (typeof CONFIG_FILE_NAMES)[number];
  text: string;
  /** As parsed (not validated): what the scenario's `device.config` carries. */
  raw: Record<string, unknown>;
  /** Why core would refuse it (the board then records CONFIG_INVALID), or null. */
  invalid: string | null;
}

export interface BoardRecords {
  config: BoardConfig;
  version: VersionRead | null;
  journal: JournalRead;
  errors: ErrorRecord[];
  state: ReadOtaState | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readBoardRecords(dir: string, tree: DumpTree): Promise<BoardRecords> {
  for (const path of [VERSION_PATH, JOURNAL_PATH, ERROR_PATH, STATE_PATH]) {
    const bytes = tree.files.get(path);
    if (bytes === undefined) continue;
    const read = parseJsonBytes(bytes);
    if (read.kind === 'invalid') throw new DumpError(`${dir}/${path}: ${read.reason}; the updater writes it atomically, so copy it off the board again (otalab hil dump) or delete it from the dump to replay without it`);
  }
  const flash = nodeFlash(dir);
  return {
    config: readConfig(dir, tree),
    version: tree.files.has(VERSION_PATH) ? await readVersion(flash) : null,
    journal: await readJournal(flash),
    errors: tree.files.has(ERROR_PATH) ? await readErrors(flash) : [],
    state: tree.files.has(STATE_PATH) ? await readOtaState(flash) : null,
  };
}

function readConfig(dir: string, tree: DumpTree): BoardConfig {
  const file = CONFIG_FILE_NAMES.find((name) => tree.files.has(name));
  if (file === undefined) throw new DumpError(`${dir}: no ${CONFIG_FILE_NAMES.join(', ')} in the dump; copy the board's config into it (repro needs it to know which repository the board follows)`);
  let text: string;
  let raw: unknown;
  try {
    text = utf8.decode(tree.files.get(file)!);
    raw = parseConfigText(text, file);
  } catch (err) {
    throw new DumpError(`${dir}/${file}: cannot be read (${(err as Error).message.split('\n')[0]}); repro needs its "owner" and "repo" to know which repository the board follows`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DumpError(`${dir}/${file}: not an object; repro needs its "owner" and "repo"`);
  const obj = raw as Record<string, unknown>;
  if (typeof obj.owner !== 'string' || typeof obj.repo !== 'string') throw new DumpError(`${dir}/${file}: "owner" and "repo" must be strings; repro needs them to know which repository the board follows`);
  let invalid: string | null = null;
  try {
    parseConfig(text, file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    invalid = err.message.split('\n')[0] ?? err.message;
  }
  return { file, text, raw: obj, invalid };
}
