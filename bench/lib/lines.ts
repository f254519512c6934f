/** Line-by-line reading of a child's stdout with awaitable matches and timeouts. */
import type { Readable } from 'node:stream';

interface Waiter {
  readonly match: (line: string) => boolean;
  readonly resolve: (line: string) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class LineStream {
  private buf = '';
  private readonly pending: string[] = [];
  private readonly waiters: Waiter[] = [];
  private ended = false;

  constructor(stream: Readable, private readonly what: string) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.push(chunk));
    stream.on('end', () => this.end());
  }

  /** The first unread line for which `match` holds (earlier non-matching lines are dropped). */
  next(match: (line: string) => boolean, timeoutMs: number): Promise<string> {
    while (this.pending.length > 0) {
      const line = this.pending.shift() as string;
      if (match(line)) return Promise.resolve(line);
    }
    if (this.ended) return Promise.reject(new Error(`${this.what} closed its output before answering`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.drop(waiter);
        reject(new Error(`${this.what} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = { match, resolve, reject, timer };
      this.waiters.push(waiter);
    });
  }

  private push(chunk: string): void {
    this.buf += chunk;
    let nl = this.buf.indexOf('\n');
    while (nl >= 0) {
      this.deliver(this.buf.slice(0, nl));
      this.buf = this.buf.slice(nl + 1);
      nl = this.buf.indexOf('\n');
    }
  }

  private deliver(line: string): void {
    const w = this.waiters[0];
    if (w === undefined) {
      this.pending.push(line);
      return;
    }
    if (!w.match(line)) return;
    this.drop(w);
    w.resolve(line);
  }

  private drop(w: Waiter): void {
    clearTimeout(w.timer);
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  private end(): void {
    this.ended = true;
    for (const w of [...this.waiters]) {
      this.drop(w);
      w.reject(new Error(`${this.what} closed its output before answering`));
    }
  }
}
