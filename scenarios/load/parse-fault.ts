/**
 * One fault given on the command line (`--fault '{"kind":"power-cut","op":12}'`), checked by the
 * same JSON schema as a scenario's `faults:` entries, so a typo'd kind or key gets the same
 * message and did-you-mean as in a scenario file.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../schema.json' with { type: 'json' };
import type { Fault } from '../types.ts';
import { formatKeyPath } from './scenario-error.ts';
import { schemaProblems } from './schema-errors.ts';

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, discriminator: true, strict: true });
    ajv.addSchema(schema);
    validator = ajv.getSchema(`${schema.$id}#/definitions/Fault`);
    if (!validator) throw new Error('Failed to find definitions/Fault in scenarios/schema.json');
  }
  return validator;
}

/** The fault, or an Error listing every problem (`--fault: kind: unknown fault "power-cutt"; did you mean …`). */
export function parseFault(text: string, flag = '--fault'): Fault {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${flag} must be a JSON fault object such as {"kind":"power-cut","op":12,"mode":"torn"} (${(err as Error).message}; got ${JSON.stringify(text)})`);
  }
  const check = validate();
  if (check(data)) return data as Fault;
  const problems = schemaProblems(check.errors ?? [], data).map((p) => (p.path.length > 0 ? `${formatKeyPath(p.path)}: ${p.message}` : p.message));
  throw new Error(`${flag} ${text}: ${problems.join('; ')}`);
}
