/**
 * The HTTP API: a small core that puts middleware in front of the route groups and the dashboard
 * behind them. Nothing here knows SQL or HTML; it asks the store and hands over to src/dashboard.
 *
 *     const app = createApp({ store, token: 's3cret' });
 *     serve({ fetch: app.fetch, port: 8080, hostname: '127.0.0.1' });
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Store } from '../store/types.js';
import type { IngestOptions } from '../ingest/index.js';
import { mountDashboard } from '../dashboard/index.js';
import { ApiError, errorResponse, toApiError } from './errors.js';
import { auth } from './middleware/auth.js';
import { securityHeaders } from './middleware/security-headers.js';
import { rateLimit } from './middleware/rate-limit.js';
import { maintenance } from './middleware/maintenance.js';
import { hostCheck, LOOPBACK_HOSTS } from './middleware/host-check.js';
import { eventRoutes } from './routes/events.js';
import { reviewRoutes } from './routes/review.js';
import { knowledgeRoutes } from './routes/knowledge.js';
import { ingestRoutes } from './routes/ingest.js';
import { metaRoutes } from './routes/meta.js';
import type { Deps } from './deps.js';

export interface AppOptions {
  store: Store;
  /** the write token (required) */
  token: string;
  /** reads need the token too (on when the server listens beyond loopback without --public-read) */
  readsNeedToken?: boolean;
  /** host names requests may address; default loopback names, unless reads need the token; [] allows any */
  allowedHosts?: string[];
  /** maintenance mode: a flag, or a function read on each request */
  maintenance?: boolean | (() => boolean);
  /** requests per client per minute (0 turns the quota off); default 1200 */
  rateLimit?: number;
  /** largest JSON body in bytes; default 1 MiB */
  bodyLimit?: number;
  /** largest upload to /api/ingest in bytes; default 50 MiB */
  uploadLimit?: number;
  ingest?: IngestOptions;
  /** serve the dashboard on everything outside /api/; default true */
  dashboard?: boolean;
}

export function createApp(options: AppOptions): Hono {
  const deps: Deps = { store: options.store, ingest: options.ingest ?? {}, uploadLimit: options.uploadLimit ?? 50 * 1024 * 1024 };
  const m = options.maintenance;
  const inMaintenance = typeof m === 'function' ? m : () => m === true;
  const allowedHosts = options.allowedHosts ?? (options.readsNeedToken ? [] : LOOPBACK_HOSTS);
  const jsonLimit = options.bodyLimit ?? 1024 * 1024;

  const app = new Hono();
  app.onError((err, c) => {
    const e = toApiError(err);
    if (e.kind === 'internal') console.error(`sitrep serve: ${c.req.method} ${c.req.path}: ${(err as Error)?.stack ?? err}`);
    return errorResponse(c, e);
  });
  app.notFound((c) => errorResponse(c, new ApiError('not_found', `nothing at ${c.req.path}`)));

  app.use('*', securityHeaders());
  app.use('*', hostCheck({ allowed: allowedHosts }));
  app.use('/api/*', rateLimit({ max: options.rateLimit ?? 1200 }));
  app.use('/api/*', maintenance({ active: inMaintenance, except: ['/api/health'] }));
  app.use('/api/*', auth({ token: options.token, readsNeedToken: options.readsNeedToken ?? false }));
  app.use('/api/*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const max = c.req.path === '/api/ingest' ? deps.uploadLimit : jsonLimit;
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw new ApiError('too_large', `the body is larger than ${Math.round(max / 1024)} KiB`);
      },
    })(c, next);
  });
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  app.route('/api', metaRoutes(deps, inMaintenance));
  app.route('/api', eventRoutes(deps));
  app.route('/api', reviewRoutes(deps));
  app.route('/api', knowledgeRoutes(deps));
  app.route('/api', ingestRoutes(deps));
  app.all('/api/*', (c) => {
    const allowed = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && matches(r.path, c.req.path)).map((r) => r.method))];
    if (allowed.length) {
      if (allowed.includes('GET')) allowed.push('HEAD');
      throw new ApiError('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(', ')}`, undefined, {
        Allow: allowed.join(', '),
      });
    }
    throw new ApiError('not_found', `no API route ${c.req.path}; see /api/openapi.json`);
  });

  if (options.dashboard !== false) mountDashboard(app);
  return app;
}

/** Whether a route pattern ("/api/events/:id") matches a path. */
function matches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+').replace(/\*/g, '.*')}$`);
  return re.test(path);
}
