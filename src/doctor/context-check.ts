/**
 * `blcr doctor --context FILE`: can this node restart that context file? The image is read
 * by the engine's own decoder (`build/bin/blcr-image check --json FILE`); this side only
 * interprets its answer. Expected answer (blcr-image's contract):
 *   { "restartable": bool, "obstacles": [ { "kind": "pid-in-use", "message": "...", "hint": "..." } ], ... }
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import type { FactValue } from '../model/probe.js';
import { BlcrError } from '../model/errors.js';

export interface ContextObstacle {
  kind: string;
  message: string;
  hint?: string;
}

export interface ContextCheck {
  file: string;
  restartable: boolean;
  obstacles: ContextObstacle[];
  /** Everything else blcr-image said (image header, pids, files), kept for --json. */
  details: { [k: string]: FactValue };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Interprets blcr-image's JSON; tolerant of `problems`/`errors` for `obstacles` and `ok` for `restartable`. */
export function parseContextCheck(file: string, json: unknown): ContextCheck {
  if (!isRecord(json)) throw new BlcrError('BLCR_E_INTERNAL', `blcr-image check printed JSON that is not an object for ${file}`);
  const list = json.obstacles ?? json.problems ?? json.errors ?? [];
  const obstacles: ContextObstacle[] = (Array.isArray(list) ? list : []).map((o): ContextObstacle => {
    if (typeof o === 'string') return { kind: 'other', message: o };
    const rec = isRecord(o) ? o : {};
    const ob: ContextObstacle = {
      kind: str(rec.kind) ?? str(rec.code) ?? 'other',
      message: str(rec.message) ?? str(rec.reason) ?? JSON.stringify(o),
    };
    const hint = str(rec.hint) ?? str(rec.fix);
    if (hint !== undefined) ob.hint = hint;
    return ob;
  });
  const flag = json.restartable ?? json.ok;
  const restartable = typeof flag === 'boolean' ? flag && obstacles.length === 0 : obstacles.length === 0;
  const details: { [k: string]: FactValue } = {};
  for (const [k, v] of Object.entries(json)) {
    if (!['obstacles', 'problems', 'errors', 'restartable', 'ok'].includes(k)) details[k] = v as FactValue;
  }
  return { file, restartable, obstacles, details };
}

export async function checkContext(host: Host, binDir: string, file: string): Promise<ContextCheck> {
  const tool = path.join(binDir, 'blcr-image');
  if (!(await host.exists(tool))) {
    throw new BlcrError('BLCR_E_NOT_CONFIGURED', `cannot inspect ${file}: ${tool} is not built`, {
      hint: 'run ./configure (it builds the engine and blcr-image into build/bin)',
    });
  }
  const r = await host.exec(tool, ['check', '--json', file]);
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    const why = (r.stderr || r.stdout).trim().split('\n')[0] ?? `exit ${r.exitCode}`;
    throw new BlcrError('BLCR_E_BAD_IMAGE', `${file} cannot be read as a context file: ${why}`, {
      hint: `check the file with \`blcr image show ${file}\``,
    });
  }
  return parseContextCheck(file, json);
}
