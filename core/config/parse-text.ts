/**
 * Text → plain object, by file extension (the predecessor's rule: .yaml/.yml, .toml, anything
 * else is JSON). Syntax errors become ConfigErrors with a line and column and no quoted source,
 * because the source may hold the token.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from './config-error.ts';
import { findJsonSyntaxError, lineColumnOf } from './json-syntax.ts';

export type ConfigFormat = 'json' | 'yaml' | 'toml';

export function formatOf(fileName: string): ConfigFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.toml')) return 'toml';
  return 'json';
}

/** Parses `text`; the result is whatever the document holds (validation comes next). */
export function parseConfigText(text: string, fileName: string): unknown {
  // Editors on Windows like to start files with a byte-order mark; no parser here wants it.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const format = formatOf(fileName);
  try {
    // logLevel 'error': yaml prints warnings (which quote the source) through process.emitWarning.
    if (format === 'yaml') return parseYaml(body, { logLevel: 'error' }) ?? {}; // an empty document is {}, as before
    if (format === 'toml') return parseToml(body);
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw syntaxError(err, body, fileName, format);
  }
}

function syntaxError(err: unknown, text: string, fileName: string, format: ConfigFormat): ConfigError {
  const fix = 'fix the file and try again';
  if (format === 'json') {
    let issue: ReturnType<typeof findJsonSyntaxError> = null;
    try {
      issue = findJsonSyntaxError(text);
    } catch {
      // Nesting deep enough to overflow the scanner: report without a position.
    }
    if (issue === null) return problem(fileName, `is not valid JSON; ${fix}`);
    const { line, column } = lineColumnOf(text, issue.offset);
    return problem(fileName, `invalid JSON at line ${line}, column ${column}: ${issue.reason}; ${fix}`);
  }
  if (format === 'yaml' && err instanceof YAMLParseError) {
    const where = err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    return problem(fileName, `invalid YAML${where}: ${YAML_REASONS[err.code] ?? err.code.toLowerCase().replace(/_/g, ' ')}; ${fix}`);
  }
  if (format === 'toml' && err instanceof TomlError) {
    const reason = firstClause(err.message, text).replace(/^Invalid TOML document:\s*/, '');
    return problem(fileName, `invalid TOML at line ${err.line}, column ${err.column}: ${reason}; ${fix}`);
  }
  return problem(fileName, `could not be parsed as ${format.toUpperCase()}; ${fix}`);
}

function problem(fileName: string, message: string): ConfigError {
  return new ConfigError(fileName, [{ key: null, message }]);
}

// YAML messages sometimes quote a scalar from the source, so they are replaced by their code.
const YAML_REASONS: Partial<Record<YAMLParseError['code'], string>> = {
  DUPLICATE_KEY: 'a key appears twice',
  MULTIPLE_DOCS: 'more than one document ("---")',
  TAB_AS_INDENT: 'a tab used for indentation (use spaces)',
  BAD_INDENT: 'bad indentation',
  MISSING_CHAR: 'a missing ":", "," or closing bracket',
  UNEXPECTED_TOKEN: 'unexpected text',
  BAD_SCALAR_START: 'a value that cannot start with this character (quote it)',
  BAD_DQ_ESCAPE: 'an invalid escape in a double-quoted string',
  MULTILINE_IMPLICIT_KEY: 'a key spanning lines (a missing ":" or quote?)',
};

/**
 * The parser's own reason, without its code excerpt. A reason that seems to quote the source is
 * dropped rather than risk echoing a secret.
 */
function firstClause(message: string, text: string): string {
  const line = (message.split('\n')[0] ?? '').trim();
  const quotesSource = line.split(/[\s"'`:,]+/).some((word) => word.length >= 6 && text.includes(word) && !/^[a-z]+$/i.test(word));
  return line === '' || quotesSource ? 'syntax error' : line;
}
