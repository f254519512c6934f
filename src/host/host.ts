/**
 * Every side effect a probe or command needs goes through this object, so probes are
 * unit-tested against captured fixtures without touching the machine.
 */
export interface ExecResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  failed: boolean;
}

export interface ExecOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
}

export interface Uname {
  sysname: string;
  release: string;
  version: string;
  machine: string;
}

export interface Host {
  uname(): Uname;
  env(name: string): string | undefined;
  /** Bytes of a file, or undefined if it does not exist or cannot be read. */
  readFile(path: string): Promise<Buffer | undefined>;
  readText(path: string): Promise<string | undefined>;
  exists(path: string): Promise<boolean>;
  isDirectory(path: string): Promise<boolean>;
  readdir(path: string): Promise<string[]>;
  /** Expands a glob-free directory listing filter; returns absolute paths. */
  glob(dir: string, pattern: RegExp): Promise<string[]>;
  exec(file: string, args: string[], opts?: ExecOptions): Promise<ExecResult>;
  writeFile(path: string, data: string | Buffer): Promise<void>;
  mkdirp(path: string): Promise<void>;
  /** Atomic replace (rename(2)); optional so fixture hosts need not provide it. */
  rename?(from: string, to: string): Promise<void>;
  /** Real uid (0 = root). */
  uid(): number;
  now(): number;
  /** Append one line to config.log (every command run and its output goes there). */
  log(line: string): void;
}
