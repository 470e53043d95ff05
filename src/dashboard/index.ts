// Mounts the analyst dashboard's static files on the API's Hono app. Everything the browser needs is served
// from here (app modules, Leaflet from node_modules, the bundled basemap): nothing is fetched from the internet.
import type { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** The package root: the nearest folder above this file with a package.json (works from src/ and dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'dashboard'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('dashboard: cannot find the package root (package.json with src/dashboard)');
    dir = up;
  }
}

function leafletDist(root: string): string {
  try {
    const require = createRequire(join(root, 'package.json'));
    return join(dirname(require.resolve('leaflet/package.json')), 'dist');
  } catch {
    return join(root, 'node_modules', 'leaflet', 'dist');
  }
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
};

/** Defence in depth: even if report text reached the DOM as markup, no inline script or foreign request runs. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export interface DashboardPaths {
  app: string;
  assets: string;
  leaflet: string;
}

export function dashboardPaths(): DashboardPaths {
  const root = packageRoot();
  return {
    app: join(root, 'src', 'dashboard', 'app'),
    assets: join(root, 'src', 'dashboard', 'assets'),
    leaflet: leafletDist(root),
  };
}

export function mountDashboard(app: Hono): void {
  const paths = dashboardPaths();
  const cache = new Map<string, Buffer>();

  const serve = (base: string, rel: string): Response => {
    // only plain relative names: letters, digits, dot, dash, underscore and one level of sub-folder
    if (!/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)?\.[a-z]+$/.test(rel)) return new Response('Not found', { status: 404 });
    const file = resolve(base, rel);
    if (!file.startsWith(base)) return new Response('Not found', { status: 404 });
    let body = cache.get(file);
    if (!body) {
      if (!existsSync(file)) return new Response('Not found', { status: 404 });
      body = readFileSync(file);
      if (process.env.NODE_ENV === 'production') cache.set(file, body);
    }
    const ext = rel.slice(rel.lastIndexOf('.') + 1);
    return new Response(new Uint8Array(body), {
      headers: { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', ...SECURITY_HEADERS },
    });
  };

  const index = (): Response => serve(paths.app, 'index.html');
  app.get('/', () => index());
  app.get('/dashboard', () => index());
  app.get('/ui/app/*', (c) => serve(paths.app, c.req.path.slice('/ui/app/'.length)));
  app.get('/ui/assets/*', (c) => serve(paths.assets, c.req.path.slice('/ui/assets/'.length)));
  app.get('/ui/vendor/leaflet/*', (c) => serve(paths.leaflet, c.req.path.slice('/ui/vendor/leaflet/'.length)));
  app.get('/favicon.ico', () => new Response(null, { status: 204 }));
}
