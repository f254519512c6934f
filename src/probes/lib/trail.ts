/**
 * The evidence trail of one probe (node-gyp finder style): every place looked at and what
 * was found there, in order. Probes build one and hand back `trail.list`.
 */
import type { Evidence } from '../../model/probe.js';

export class Trail {
  readonly list: Evidence[] = [];

  add(source: string, found: string): this {
    this.list.push({ source, found });
    return this;
  }
}

/** First line of a text, trimmed, for evidence strings. */
export function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n', 1)[0]?.trim() ?? '';
}
