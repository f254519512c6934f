/**
 * Reads kernel-db/*.json synchronously and validates them against kernel-db/schema.json with
 * ajv. A broken db is a BlcrError (BLCR_E_KERNEL_DB) naming the file and the JSON pointer of
 * the first bad value. In development (BLCR_DEV=1) the named semantic rules run too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { BlcrError } from '../model/errors.js';
import { KERNEL_DB_DIR } from '../util/paths.js';
import { DB_FILES, flattenDb } from './types.js';
import type { DbTable, KernelDb, KernelDbFiles } from './types.js';
import { checkRules, formatViolation } from './rules.js';

export const SCHEMA_FILE = 'schema.json';

/** One schema violation, located in its file. */
export interface DbSchemaError {
  /** File name inside the db dir (`quirks.json`), or `schema.json` for the root. */
  file: string;
  /** JSON pointer inside that file (`/quirks/3/range`). */
  pointer: string;
  /** ajv keyword that failed (`pattern`, `required`, `enum`, `additionalProperties`…). */
  keyword: string;
  message: string;
}

export interface LoadOptions {
  /** Run the semantic rules (rules.ts) after the schema; default: BLCR_DEV=1. */
  rules?: boolean;
}

const validators = new Map<string, ValidateFunction>();

function readJson(dir: string, file: string): unknown {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (cause) {
    throw new BlcrError('BLCR_E_KERNEL_DB', `cannot read the kernel-db file ${full}`, {
      hint: 'the kernel-db ships with blcr: restore it with `git checkout -- kernel-db` or reinstall',
      cause,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new BlcrError('BLCR_E_KERNEL_DB', `${full}#: not valid JSON (${why})`, {
      hint: `fix the JSON syntax of ${full}`,
      cause,
    });
  }
}

function validatorFor(dir: string): ValidateFunction {
  const schemaPath = path.join(dir, SCHEMA_FILE);
  const cached = validators.get(schemaPath);
  if (cached !== undefined) return cached;
  const schema = readJson(dir, SCHEMA_FILE);
  if (typeof schema !== 'object' || schema === null) {
    throw new BlcrError('BLCR_E_KERNEL_DB', `${schemaPath}#: the schema is not a JSON object`, {
      hint: `restore ${schemaPath}`,
    });
  }
  // strictRequired off: `if/then` and `oneOf` branches name properties declared beside them.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new BlcrError('BLCR_E_KERNEL_DB', `${schemaPath}#: the schema does not compile (${why})`, { hint: `fix ${schemaPath}`, cause });
  }
  validators.set(schemaPath, validate);
  return validate;
}

/** `/quirks/quirks/3/range` → quirks.json + `/quirks/3/range`. */
function locate(err: ErrorObject): DbSchemaError {
  const parts = err.instancePath.split('/').slice(1);
  const table = parts[0] as DbTable | undefined;
  const known = table !== undefined && Object.prototype.hasOwnProperty.call(DB_FILES, table);
  const extra =
    err.keyword === 'additionalProperties' ? ` (${String((err.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return {
    file: known ? DB_FILES[table].file : SCHEMA_FILE,
    pointer: known ? `/${parts.slice(1).join('/')}`.replace(/\/$/, '') || '' : err.instancePath,
    keyword: err.keyword,
    message: `${err.message ?? err.keyword}${extra}`,
  };
}

/** Validate the five files (as one object keyed by table) against the schema in `dir`. */
export function validateKernelDbFiles(files: unknown, dir: string = KERNEL_DB_DIR): DbSchemaError[] {
  const validate = validatorFor(dir);
  if (validate(files)) return [];
  return (validate.errors ?? []).map(locate);
}

/** Read the five files of the db as stored, without validating them. */
export function readKernelDbFiles(dir: string = KERNEL_DB_DIR): Record<DbTable, unknown> {
  const out: Partial<Record<DbTable, unknown>> = {};
  for (const table of Object.keys(DB_FILES) as DbTable[]) out[table] = readJson(dir, DB_FILES[table].file);
  return out as Record<DbTable, unknown>;
}

function devMode(): boolean {
  return process.env['BLCR_DEV'] === '1';
}

/** Load, validate and (in dev) rule-check the kernel-db. Throws BLCR_E_KERNEL_DB when broken. */
export function loadKernelDb(dir: string = KERNEL_DB_DIR, options: LoadOptions = {}): KernelDb {
  const raw = readKernelDbFiles(dir);
  const errors = validateKernelDbFiles(raw, dir);
  const first = errors[0];
  if (first !== undefined) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new BlcrError(
      'BLCR_E_KERNEL_DB',
      `${path.join(dir, first.file)}#${first.pointer}: ${first.message} [${first.keyword}]${more}`,
      { hint: `fix that entry; the structure is defined by ${path.join(dir, SCHEMA_FILE)}` },
    );
  }
  const db = flattenDb(raw as unknown as KernelDbFiles, dir);
  if (options.rules ?? devMode()) {
    const violations = checkRules(db);
    const v = violations[0];
    if (v !== undefined) {
      const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
      throw new BlcrError('BLCR_E_KERNEL_DB', `${formatViolation(db, v)}${more}`, {
        hint: 'fix the entry the rule names; the rules are in src/kernel-db/rules.ts',
      });
    }
  }
  return db;
}
