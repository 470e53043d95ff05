/** `sitrep serve`: the HTTP API and the dashboard over one store. */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { openStore } from '../../store/index.js';
import { createApp } from '../../api/app.js';

interface ServeOptions {
  db?: string;
  port: string;
  host: string;
  token?: string;
  open?: boolean;
  publicRead?: boolean;
  maintenance?: boolean;
  rateLimit: string;
  allowPrivateUrls?: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (/api/...) and the analyst dashboard')
    .option('--db <url>', 'database: a SQLite file or postgres://... (default: DATABASE_URL or ./sitrep.db)')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--host <addr>', 'address to listen on; beyond loopback, reads need the token unless --public-read', '127.0.0.1')
    .option('--token <t>', 'write token (default: SITREP_TOKEN, else a new random one printed at start)')
    .option('--open', 'open the dashboard in a browser')
    .option('--public-read', 'let anyone read without the token when listening beyond loopback')
    .option('--maintenance', 'answer 503 maintenance to API requests (toggle at run time with SIGUSR2)')
    .option('--rate-limit <n>', 'requests per client per minute (0: no limit)', '1200')
    .option('--allow-private-urls', 'let POST /api/ingest fetch private and loopback addresses')
    .action(async (opts: ServeOptions) => {
      process.exitCode = await runServe(opts);
    });
}

function fail(message: string): number {
  console.error(`sitrep serve: ${message}`);
  return 2;
}

async function runServe(opts: ServeOptions): Promise<number> {
  if (!/^\d+$/.test(opts.port) || Number(opts.port) > 65535) return fail(`--port must be a number from 0 to 65535, got "${opts.port}"`);
  if (!/^\d+$/.test(opts.rateLimit)) return fail(`--rate-limit must be a whole number, got "${opts.rateLimit}"`);
  const port = Number(opts.port);
  const host = opts.host.trim();
  if (!host) return fail('--host is empty');
  const envToken = process.env.SITREP_TOKEN?.trim();
  const token = opts.token?.trim() || envToken || randomBytes(24).toString('base64url');
  if (token.length < 8) return fail('the token must be at least 8 characters');
  const loopback = LOOPBACK.test(host);
  const readsNeedToken = !loopback && !opts.publicRead;

  let store;
  try {
    store = await openStore(opts.db);
  } catch (err) {
    return fail(`cannot open the store: ${(err as Error).message?.split('\n')[0]}`);
  }
  let down = opts.maintenance === true;
  const app = createApp({
    store,
    token,
    readsNeedToken,
    allowedHosts: loopback ? undefined : [],
    maintenance: () => down,
    rateLimit: Number(opts.rateLimit),
    ingest: { allowPrivate: opts.allowPrivateUrls === true },
  });

  const server = serve({ fetch: app.fetch, port, hostname: host });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('listening', () => resolve(true));
    server.once('error', (err: NodeJS.ErrnoException) => {
      console.error(
        `sitrep serve: cannot listen on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (try --port)' : err.code === 'EACCES' ? 'permission denied (try a port above 1023)' : err.message}`,
      );
      resolve(false);
    });
  });
  if (!listening) {
    await store.close().catch(() => undefined);
    return 1;
  }
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${shownHost}:${boundPort}/`;
  console.log(`sitrep serve: dashboard ${url}  API ${url}api/  (OpenAPI: ${url}api/openapi.json)`);
  if (opts.token?.trim()) console.log('write token: as given with --token');
  else if (envToken) console.log('write token: as given in SITREP_TOKEN');
  else console.log(`write token: ${token}`);
  console.log(readsNeedToken ? 'reads need the token too (listening beyond loopback)' : loopback ? 'reads are open on this machine' : 'reads are open to anyone who can reach this address (--public-read)');
  if (down) console.log('maintenance mode: the API answers 503 (SIGUSR2 toggles it)');

  if (opts.open) openBrowser(`${url}#token=${encodeURIComponent(token)}`);

  process.on('SIGUSR2', () => {
    down = !down;
    console.log(`sitrep serve: maintenance ${down ? 'on' : 'off'}`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
      setTimeout(() => resolve(), 3000).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await store.close().catch(() => undefined);
  return 0;
}

/** Opens a URL with the desktop's opener, when there is one; failure is not an error. */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => console.log(`open ${url.replace(/#.*/, '')} in a browser (with the token after #token=)`));
    child.unref();
  } catch {
    // no opener: the URL is printed above
  }
}
