import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

export interface MaintenanceOptions {
  /** whether the server is in maintenance now; read on every request so it can be switched at run time */
  active: () => boolean;
  /** seconds a client should wait; default 300 */
  retryAfter?: number;
  /** paths still answered during maintenance (exact match) */
  except?: string[];
}

/**
 * Answers 503 `maintenance` with Retry-After while maintenance is on.
 *
 * @example
 * let down = false;
 * app.use('/api/*', maintenance({ active: () => down, except: ['/api/health'] }));
 */
export function maintenance(options: MaintenanceOptions): MiddlewareHandler {
  const except = new Set(options.except ?? []);
  const retry = String(options.retryAfter ?? 300);
  return async function maintenance(c, next) {
    if (options.active() && !except.has(c.req.path)) {
      throw new ApiError('maintenance', 'the server is down for maintenance; try again later', undefined, { 'Retry-After': retry });
    }
    return next();
  };
}
