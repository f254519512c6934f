/** schemas/doctor.schema.json compiled with ajv (strict): the truth `blcr doctor --json` is drift-tested against. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { ROOT } from '../../../src/util/paths.js';

export function doctorValidator(): ReturnType<Ajv['compile']> {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'doctor.schema.json'), 'utf8')) as object;
  return new Ajv({ allErrors: true, strict: true }).compile(schema);
}
