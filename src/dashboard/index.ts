// STUB (owned by the dashboard helper): mounts the dashboard's static files on the API's Hono app.
import type { Hono } from 'hono';

export function mountDashboard(app: Hono): void {
  app.get('/', (c) => c.text('Sitrep dashboard: not built yet'));
}
