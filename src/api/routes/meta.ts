/** The API describing itself, and whether it is well. */
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { OPENAPI } from '../openapi.js';
import { toApiError } from '../errors.js';

export const VERSION = '0.1.0';

export function metaRoutes(deps: Deps, inMaintenance: () => boolean): Hono {
  const app = new Hono();
  app.get('/openapi.json', (c) => c.json(OPENAPI));
  app.get('/health', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (inMaintenance()) return c.json({ status: 'maintenance', version: VERSION }, 503);
    try {
      await deps.store.listEvents({}, { limit: 1 });
    } catch (err) {
      const e = toApiError(err);
      console.error(`sitrep serve: health check: ${(err as Error).message?.split('\n')[0]}`);
      return c.json({ status: e.kind === 'maintenance' ? 'store unavailable' : 'store failing', version: VERSION }, 503);
    }
    return c.json({ status: 'ok', dialect: deps.store.dialect, version: VERSION });
  });
  return app;
}
