import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

export interface HostCheckOptions {
  /** host names (without port) a request may address; an empty list allows any */
  allowed: string[];
}

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

/**
 * Refuses requests whose Host header names another site. A server bound to loopback serves reads
 * without a token, so a web page that rebinds its own DNS name to 127.0.0.1 must not be able to read them.
 *
 * @example
 * app.use('*', hostCheck({ allowed: LOOPBACK_HOSTS }));
 */
export function hostCheck(options: HostCheckOptions): MiddlewareHandler {
  const allowed = new Set(options.allowed.map((h) => h.toLowerCase()));
  return async function hostCheck(c, next) {
    if (allowed.size === 0) return next();
    const host = (c.req.header('Host') ?? new URL(c.req.url).host).toLowerCase();
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
    if (!allowed.has(name)) throw new ApiError('forbidden', `this server does not answer for host ${name}; use http://localhost`);
    return next();
  };
}
