/**
 * The error for a configuration that cannot be used. One error carries every problem found, so a
 * user fixes the file in one pass instead of one reboot per typo.
 */
import { OtaError } from '../errors.ts';

export interface ConfigProblem {
  /** The offending key, or null for a problem with the file as a whole (missing, unparsable). */
  key: string | null;
  /** What is wrong and what to do, without the file name (the error adds it). */
  message: string;
}

export class ConfigError extends OtaError {
  readonly file: string;
  /** The first problem's key. */
  readonly key: string | null;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[]) {
    const first = problems[0];
    if (first === undefined) throw new Error('Failed to create a ConfigError: no problems given');
    super('CONFIG_INVALID', problems.map((p) => `${file}: ${p.message}`).join('\n'), {
      file,
      key: first.key,
      problems: problems.map((p) => ({ ...p })),
    });
    this.name = 'ConfigError';
    this.file = file;
    this.key = first.key;
    this.problems = problems;
  }
}
