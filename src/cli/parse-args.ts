/**
 * One small option parser for configure and every blcr command: GNU long options
 * (`--name=value` or `--name value`), autoconf `--enable-x[=no]`/`--disable-x`, and
 * `VAR=value` assignments where a command allows them. Errors are BlcrError codes.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { BlcrError, usageError } from '../model/errors.js';

/** flag: no value; string: any value; dir/file: a path that must exist (checked here, exit 2). */
export type OptionType = 'flag' | 'string' | 'dir' | 'file';

export interface OptionSpec {
  type: OptionType;
  /** For --enable-X: also accept --disable-X (value false) and --enable-X=yes|no. */
  negatable?: boolean;
  /** Must the value be an absolute path (autoconf's --prefix rule)? */
  absolute?: boolean;
}

export interface ParsedArgs {
  /** Option name without dashes → value (true/false for flags, string otherwise). */
  options: Record<string, string | boolean>;
  /** VAR=value assignments (only names in `variables`). */
  variables: Record<string, string>;
  positionals: string[];
}

export interface ParseSpec {
  options: Record<string, OptionSpec>;
  /** Accepted VAR=value names (configure's CC=...). */
  variables?: readonly string[];
  /** How many positionals are allowed (default 0). */
  maxPositionals?: number;
  /** Base for relative paths (default process.cwd()). */
  cwd?: string;
}

const YES = new Set(['yes', 'y', 'true', '1', 'on']);
const NO = new Set(['no', 'n', 'false', '0', 'off']);

export function parseArgs(argv: readonly string[], spec: ParseSpec): ParsedArgs {
  const out: ParsedArgs = { options: {}, variables: {}, positionals: [] };
  const cwd = spec.cwd ?? process.cwd();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    const assign = /^([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(arg);
    if (assign && !arg.startsWith('-')) {
      const name = assign[1] as string;
      if (!spec.variables?.includes(name)) throw usageError(`unknown variable ${name}= (accepted: ${(spec.variables ?? []).join(', ') || 'none'})`);
      out.variables[name] = assign[2] as string;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw usageError(`unknown option ${arg}`);
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    let negated = false;
    if (name.startsWith('disable-') && spec.options[`enable-${name.slice(8)}`]?.negatable) {
      if (value !== undefined) throw usageError(`--${name} takes no value`);
      name = `enable-${name.slice(8)}`;
      negated = true;
    }
    const opt = spec.options[name];
    if (!opt) throw usageError(`unknown option --${name}`);
    if (opt.type === 'flag') {
      if (negated) out.options[name] = false;
      else if (value === undefined) out.options[name] = true;
      else if (opt.negatable && YES.has(value)) out.options[name] = true;
      else if (opt.negatable && NO.has(value)) out.options[name] = false;
      else throw usageError(`--${name} takes no value (got "${value}")`);
      continue;
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw usageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw usageError(`--${name} needs a non-empty value`);
    out.options[name] = checkPath(name, value, opt, cwd);
  }
  if (out.positionals.length > (spec.maxPositionals ?? 0)) {
    throw usageError(`unexpected argument "${out.positionals[spec.maxPositionals ?? 0]}"`);
  }
  return out;
}

/** Checks a positional path argument (e.g. blcr image show FILE) like a --name=PATH option: exit 2 when missing. */
export function checkPathArgument(what: string, value: string, type: 'dir' | 'file', cwd: string): string {
  const abs = path.resolve(cwd, value);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw new BlcrError('BLCR_E_BAD_PATH', `${what} ${value}: no such ${type === 'dir' ? 'directory' : 'file'}`, { hint: `name an existing ${what}` });
  }
  if (isDir !== (type === 'dir')) throw new BlcrError('BLCR_E_BAD_PATH', `${what} ${value}: ${isDir ? 'is a directory' : 'not a directory'}`, { hint: `name an existing ${what}` });
  try {
    accessSync(abs, constants.R_OK);
  } catch {
    throw new BlcrError('BLCR_E_BAD_PATH', `${what} ${value}: not readable by uid ${process.getuid?.() ?? '?'}`, { hint: `run as the file's owner, or make it readable` });
  }
  return abs;
}

function checkPath(name: string, value: string, opt: OptionSpec, cwd: string): string {
  if (opt.type === 'string') {
    if (opt.absolute && !path.isAbsolute(value)) {
      throw usageError(`expected an absolute directory name for --${name}: ${value}`, `use --${name}=${path.resolve(cwd, value)}`);
    }
    return value;
  }
  const abs = path.resolve(cwd, value);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    throw badPath(`--${name}=${value}: no such ${opt.type === 'dir' ? 'directory' : 'file'}`, name, opt.type);
  }
  if (opt.type === 'dir' && !isDir) throw badPath(`--${name}=${value}: not a directory`, name, 'dir');
  if (opt.type === 'file' && isDir) throw badPath(`--${name}=${value}: is a directory, expected a file`, name, 'file');
  try {
    accessSync(abs, constants.R_OK);
  } catch {
    throw badPath(`--${name}=${value}: not readable by uid ${process.getuid?.() ?? '?'}`, name, opt.type);
  }
  return abs;
}

function badPath(message: string, name: string, type: OptionType): BlcrError {
  const what = type === 'dir' ? 'DIR' : 'PATH';
  return new BlcrError('BLCR_E_BAD_PATH', message, { hint: `pass --${name}=${what} naming an existing, readable ${type === 'dir' ? 'directory' : 'file'}` });
}
