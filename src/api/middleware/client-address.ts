import type { Context } from 'hono';

/** The peer's address as @hono/node-server gives it; "local" for in-process requests (tests, app.request). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
