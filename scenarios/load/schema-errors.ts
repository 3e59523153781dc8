/**
 * Turns ajv's errors into problems a person can act on: one line per real mistake, the offending
 * value shown, and a did-you-mean for unknown keys, fault kinds and enum values. Union branches
 * (file content, tags) are collapsed into one message unless one branch clearly fits the value.
 */
import type { ErrorObject } from 'ajv';
import { suggestion } from './did-you-mean.ts';
import { shown, type KeyPath, type Problem } from './scenario-error.ts';

type AjvError = ErrorObject<string, Record<string, unknown>, unknown> & { propertyName?: string };

/** JSON pointer → key path, with array indices as numbers (decided by walking the data). */
export function pointerToPath(pointer: string, data: unknown): KeyPath {
  if (pointer === '') return [];
  const out: KeyPath = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

const isUnion = (e: AjvError) => e.keyword === 'anyOf' || e.keyword === 'oneOf';

function within(e: AjvError, outer: AjvError): boolean {
  return e !== outer && e.instancePath.startsWith(outer.instancePath) && e.schemaPath.startsWith(outer.schemaPath + '/');
}

/** Branch index of `e` inside union `u` (schemaPath `<u>/<i>/…`). */
function branchOf(e: AjvError, u: AjvError): number {
  return Number(e.schemaPath.slice(u.schemaPath.length + 1).split('/')[0]);
}

/** A branch "fits" an object value when its complaints are all about nested values, not its shape. */
function fittingBranch(u: AjvError, inner: AjvError[]): number | null {
  if (u.data === null || typeof u.data !== 'object' || Array.isArray(u.data)) return null;
  const branches = (u.schema as unknown[]).length;
  const fits: number[] = [];
  for (let i = 0; i < branches; i++) {
    const mine = inner.filter((e) => branchOf(e, u) === i);
    const shapeError = mine.some((e) => e.instancePath === u.instancePath && ['type', 'required', 'additionalProperties'].includes(e.keyword));
    if (!shapeError) fits.push(i);
  }
  return fits.length === 1 ? fits[0]! : null;
}

/** The errors worth reporting: union wrappers replaced by their one fitting branch, or kept alone. */
function selectErrors(errors: AjvError[]): AjvError[] {
  let kept = errors.filter((e) => !(e.keyword === 'propertyNames' && e.propertyName === undefined));
  // A missing or non-string `kind` is already reported by `required` / `properties.kind.type`.
  kept = kept.filter((e) => !(e.keyword === 'discriminator' && e.params.error === 'tag'));
  for (const u of kept.filter(isUnion)) {
    const inner = kept.filter((e) => within(e, u));
    const branch = fittingBranch(u, inner);
    const keep = branch === null ? [] : inner.filter((e) => branchOf(e, u) === branch);
    kept = kept.filter((e) => !within(e, u) || keep.includes(e));
    if (branch !== null) kept = kept.filter((e) => e !== u);
  }
  return kept;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'null',
};

function title(schema: unknown): string | undefined {
  return isObject(schema) && typeof schema.title === 'string' ? schema.title : undefined;
}

function describe(e: AjvError, data: unknown): Problem {
  const path = pointerToPath(e.instancePath, data);
  // Lazily: e.data of an object's error is the whole object, and stringifying it for each of
  // thousands of errors made a 250 KB file take minutes.
  const got = { toString: () => ` (got ${shown(e.data)})` };
  const p = e.params;
  if (e.propertyName !== undefined) {
    return { path: [...path, e.propertyName], atKey: true, message: `key ${shown(e.propertyName)} is not ${title(e.parentSchema) ?? 'valid'}` };
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = isObject(e.parentSchema) && isObject(e.parentSchema.properties) ? Object.keys(e.parentSchema.properties) : [];
      return { path: [...path, key], atKey: true, message: `unknown key "${key}"${suggestion(key, known)}` };
    }
    case 'required':
      return { path, message: `missing required key "${String(p.missingProperty)}"` };
    case 'discriminator': {
      const kinds = (isObject(e.parentSchema) && Array.isArray(e.parentSchema.oneOf) ? e.parentSchema.oneOf : [])
        .map((b) => (isObject(b) && isObject(b.properties) && isObject(b.properties.kind) ? String(b.properties.kind.const) : ''))
        .filter((k) => k !== '');
      const what = title(e.parentSchema) ?? 'kind';
      const value = String(p.tagValue);
      return { path: [...path, 'kind'], message: `unknown ${what} "${value}"${suggestion(value, kinds)} (one of: ${kinds.join(', ')})` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const what = title(e.parentSchema);
      const value = String(e.data);
      const hint = suggestion(value, allowed);
      return what !== undefined && allowed.length > 6
        ? { path, message: `unknown ${what} ${shown(e.data)}${hint}` }
        : { path, message: `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}${got}${hint}` };
    }
    case 'const':
      return { path, message: `must be ${shown(p.allowedValue)}${got}` };
    case 'type':
      return { path, message: `must be ${TYPE_NAMES[String(p.type)] ?? String(p.type)}${got}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `must be ${String(p.comparison)} ${String(p.limit)}${got}` };
    case 'minLength':
      return { path, message: `must not be empty` };
    case 'minItems':
    case 'minProperties':
      return { path, message: `must have at least ${String(p.limit)} ${e.keyword === 'minItems' ? 'item' : 'entry'}${Number(p.limit) === 1 ? '' : 's'}` };
    case 'anyOf':
    case 'oneOf':
      return { path, message: `must be ${title(e.parentSchema) ?? 'one of the allowed forms'}${got}` };
    case 'pattern':
      return { path, message: `must be ${title(e.parentSchema) ?? `text matching ${String(p.pattern)}`}${got}` };
    default:
      return { path, message: `${e.message ?? 'is invalid'}${got}` };
  }
}

/** Problems from ajv's errors (validated with allErrors and verbose), in source order of paths. */
export function schemaProblems(errors: readonly ErrorObject[], data: unknown): Problem[] {
  const problems = selectErrors(errors as AjvError[]).map((e) => describe(e, data));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${JSON.stringify(p.path)} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
