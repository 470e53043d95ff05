import type { MiddlewareHandler } from 'hono';

/** The policy for the API and the dashboard: everything from this origin, nothing inline but styles. */
export const DEFAULT_CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export interface SecurityHeadersOptions {
  /** Content-Security-Policy; defaults to DEFAULT_CSP */
  contentSecurityPolicy?: string;
}

/**
 * Sets security headers on every response (API and dashboard alike).
 *
 * @example
 * app.use('*', securityHeaders());
 * app.use('*', securityHeaders({ contentSecurityPolicy: "default-src 'none'" }));
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const headers: [string, string][] = [
    ['Content-Security-Policy', options.contentSecurityPolicy ?? DEFAULT_CSP],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ];
  return async function securityHeaders(c, next) {
    await next();
    for (const [name, value] of headers) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  };
}
