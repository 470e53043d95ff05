/** Small helpers shared by the CLI commands: usage errors (exit 2), option parsing, buffered output. */
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** A mistake in how the command was called: printed as one line, exit status 2. */
export class UsageError extends Error {}

/** Exit statuses: 0 ok, 1 some inputs failed, 2 usage error. */
export const EXIT = { ok: 0, inputs: 1, usage: 2 } as const;

export function parseWorkers(v: string | undefined): number | 'auto' {
  if (v == null || v === 'auto') return 'auto';
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new UsageError(`--workers must be a whole number from 1 to 256, or "auto" (got "${v}")`);
  return Number(v);
}

export function parseDateOption(name: string, v: string | undefined): string | undefined {
  if (v == null) return undefined;
  const m = v.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1) throw new UsageError(`${name} must be a date written YYYY-MM-DD (got "${v}")`);
  return v;
}

export function parsePositive(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number (got "${v}")`);
  return n;
}

/**
 * Text output with backpressure and few system calls: small writes are gathered into 64 KB pieces.
 * A closed pipe (`sitrep extract ... | head`) ends the output quietly.
 */
export class Output {
  private buf = '';
  private closed = false;
  /** a write failed for a reason other than a closed pipe (disk full, ...) */
  failed = false;
  private constructor(private readonly stream: Writable, private readonly own: boolean) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      // a closed pipe ends the output quietly; anything else is said once
      if (err.code !== 'EPIPE' && !this.closed) {
        say(`sitrep: cannot write the output (${err.code ?? err.message})`);
        this.failed = true;
      }
      this.closed = true;
    });
  }
  static stdout(): Output {
    return new Output(process.stdout, false);
  }
  /** Opens (creates or truncates) the file at once, so that a bad path is told before any work is done. */
  static file(path: string): Output {
    return new Output(createWriteStream(path, { fd: openSync(path, 'w') }), true);
  }
  get isClosed(): boolean {
    return this.closed;
  }
  write(s: string): void {
    this.buf += s;
  }
  /** Hands gathered text to the stream once there is enough, waiting when the stream is full. */
  async flush(force = false): Promise<void> {
    if (this.closed || (!force && this.buf.length < 65536) || !this.buf) return;
    const s = this.buf;
    this.buf = '';
    if (!this.stream.write(s)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done);
          this.stream.off('close', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('close', done);
      });
    }
  }
  async end(): Promise<void> {
    await this.flush(true);
    if (this.own && !this.closed) await new Promise<void>((resolve) => this.stream.end(resolve));
  }
}

/** Prints one message line to stderr. */
export const say = (line: string): void => {
  process.stderr.write(line + '\n');
};

/**
 * Messages about inputs, one line each. A file that fails the same way on many lines gets the first
 * few lines' messages and then one line counting the rest.
 */
export class Messages {
  private perKey = new Map<string, number>();
  failed = 0;
  constructor(private readonly keep = 3) {}
  /** origin is "FILE" or "FILE:LINE" */
  report(origin: string, message: string, failure = true): void {
    if (failure) this.failed++;
    const file = origin.replace(/:\d+$/, '');
    const key = `${file}\u0000${message}`;
    const n = (this.perKey.get(key) ?? 0) + 1;
    this.perKey.set(key, n);
    if (n <= this.keep) say(`${origin}: ${message}`);
  }
  /** the counts of messages left out */
  finish(): void {
    for (const [key, n] of this.perKey) {
      if (n <= this.keep) continue;
      const [file, message] = key.split('\u0000');
      say(`${file}: ${n - this.keep} more line${n - this.keep === 1 ? '' : 's'}: ${message}`);
    }
  }
}
