/** Progress lines for long runs ("1,234 reports, 5,678 events, 210/s") and the small parsers the CLI needs. */

const fmt = new Intl.NumberFormat('en-US');
export const n = (x: number): string => fmt.format(x);

export interface Counts {
  reports: number;
  events: number;
  errors: number;
}

/**
 * Writes progress to a stream: on a terminal one line rewritten in place (at most 5 times a second);
 * otherwise a line every `everyMs` (10 s), so logs of short runs stay clean.
 */
export function progressLine(stream: NodeJS.WriteStream, opts: { everyMs?: number; label?: string } = {}) {
  const tty = Boolean(stream.isTTY);
  const every = tty ? 200 : (opts.everyMs ?? 10_000);
  const started = Date.now();
  let last = started;
  let shown = false;
  const line = (c: Counts) => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(c.reports / secs) : 0;
    return `${opts.label ?? ''}${n(c.reports)} reports, ${n(c.events)} events${c.errors ? `, ${n(c.errors)} errors` : ''}, ${n(rate)}/s`;
  };
  return {
    update(c: Counts): void {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      if (tty) stream.write(`\r\x1b[K${line(c)}`);
      else stream.write(`${line(c)}\n`);
      shown = true;
    },
    /** clears the in-place line before other output */
    clear(): void {
      if (tty && shown) stream.write('\r\x1b[K');
    },
    done(): void {
      if (tty && shown) stream.write('\r\x1b[K');
    },
  };
}

/** "15m", "30s", "1h", "500ms", "2" (seconds) → milliseconds. */
export function parseDuration(text: string): number {
  const m = String(text).trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i);
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)} (use e.g. 30s, 15m, 1h)`);
  const unit = (m[2] ?? 's').toLowerCase();
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms'];
  return Math.round(Number(m[1]) * mult);
}

/** "10MB", "512KB", "1048576" → bytes. */
export function parseSize(text: string): number {
  const m = String(text).trim().match(/^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i);
  if (!m) throw new Error(`not a size: ${JSON.stringify(text)} (use e.g. 10MB, 512KB)`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * mult);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}
