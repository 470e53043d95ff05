// A local HTTP server for the ingest tests: serves test/fixtures/feeds with ETag/Last-Modified,
// plus routes a test adds. Listens on 127.0.0.1 (reachable only with allowPrivate).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const FIXTURES = new URL('../fixtures/feeds/', import.meta.url);

export interface TestServer {
  base: string;
  host: string;
  /** path -> number of requests */
  hits: Map<string, number>;
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  /** serves a body with an ETag, answering 304 to a matching If-None-Match */
  serve(path: string, body: string | Buffer, contentType: string): void;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const h = routes.get(path);
    if (h) return h(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t: TestServer = {
    base: `http://${host}`,
    host,
    hits,
    route: (path, handler) => routes.set(path, handler),
    serve(path, body, contentType) {
      routes.set(path, (req, res) => {
        const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': contentType, etag, 'last-modified': 'Fri, 06 Jul 2018 10:00:00 GMT' }).end(body);
      });
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
  return t;
}

export function fixture(name: string, host?: string): string {
  const text = readFileSync(new URL(name, FIXTURES), 'utf8');
  return host ? text.replaceAll('{{HOST}}', host) : text;
}
