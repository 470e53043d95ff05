import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { clientAddress } from './client-address.js';

export interface RateLimitOptions {
  /** requests allowed per client in one window (0 turns the limit off) */
  max: number;
  /** window length in milliseconds; default one minute */
  windowMs?: number;
  /** the client's key; by default its address */
  key?: (c: Parameters<MiddlewareHandler>[0]) => string;
  /** the clock, for tests */
  now?: () => number;
}

/**
 * A fixed-window per-client request quota: 429 with Retry-After once a client has used its window.
 *
 * @example
 * app.use('/api/*', rateLimit({ max: 600, windowMs: 60_000 }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const key = options.key ?? clientAddress;
  const windows = new Map<string, { start: number; used: number }>();
  return async function rateLimit(c, next) {
    if (options.max <= 0) return next();
    const t = now();
    const k = key(c);
    let w = windows.get(k);
    if (!w || t - w.start >= windowMs) {
      if (windows.size > 10_000) for (const [kk, ww] of windows) if (t - ww.start >= windowMs) windows.delete(kk);
      w = { start: t, used: 0 };
      windows.set(k, w);
    }
    w.used++;
    const reset = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
    if (w.used > options.max) {
      throw new ApiError('quota', `quota of ${options.max} requests per ${windowMs / 1000} s used; try again in ${reset} s`, undefined, {
        'Retry-After': String(reset),
        'RateLimit-Limit': String(options.max),
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(reset),
      });
    }
    await next();
    c.res.headers.set('RateLimit-Limit', String(options.max));
    c.res.headers.set('RateLimit-Remaining', String(options.max - w.used));
    c.res.headers.set('RateLimit-Reset', String(reset));
  };
}
