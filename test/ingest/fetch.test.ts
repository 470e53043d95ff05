import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { safeFetch, FetchError, guardedLookup, closeFetchAgents } from '../../src/ingest/fetch.js';
import { restrictedKind } from '../../src/ingest/address.js';
import { startServer, type TestServer } from './server.js';

let srv: TestServer;
before(async () => {
  srv = await startServer();
  srv.route('/hello', (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>hello</p>'));
  srv.route('/loop', (_q, r) => r.writeHead(302, { location: '/loop' }).end());
  for (let i = 1; i <= 3; i++) srv.route(`/hop${i}`, (_q, r) => r.writeHead(301, { location: i < 3 ? `/hop${i + 1}` : '/hello' }).end());
  srv.route('/to-file', (_q, r) => r.writeHead(302, { location: 'file:///etc/passwd' }).end());
  srv.route('/big', (_q, r) => r.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(3 * 1024 * 1024) }).end(Buffer.alloc(3 * 1024 * 1024, 97)));
  srv.route('/big-chunked', (_q, r) => {
    r.writeHead(200, { 'content-type': 'text/plain' });
    let n = 0;
    const push = () => { if (n++ < 40) { r.write(Buffer.alloc(64 * 1024, 98)); setImmediate(push); } else r.end(); };
    push();
  });
  srv.route('/bomb', (_q, r) => r.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0))));
  srv.route('/slow', (_q, r) => { const t = setTimeout(() => r.writeHead(200).end('late'), 3000); r.on('close', () => clearTimeout(t)); });
  srv.route('/gz', (_q, r) => r.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync('<p>Zipped report</p>')));
  srv.route('/cp1256', (_q, r) => r.writeHead(200, { 'content-type': 'text/html; charset=windows-1256' }).end(iconv.encode('<p>حلب</p>', 'windows-1256')));
  srv.route('/meta-1252', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>Caf'), Buffer.from([0xe9]), Buffer.from('</p>')])));
  srv.route('/500', (_q, r) => r.writeHead(500).end('oops'));
});
after(async () => { await srv.close(); await closeFetchAgents(); });

const allow = { allowPrivate: true };

test('private, loopback, link-local and other reserved addresses are recognised, IPv4 and IPv6', () => {
  const cases: [string, string | null][] = [
    ['127.0.0.1', 'loopback'], ['10.0.0.5', 'private'], ['172.20.1.1', 'private'], ['192.168.1.10', 'private'],
    ['169.254.169.254', 'link-local'], ['0.0.0.0', 'unspecified'], ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['224.0.0.1', 'multicast'], ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'], ['::', 'unspecified'], ['fd12:3456::1', 'unique-local'], ['fe80::1', 'link-local'], ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['[::ffff:10.1.2.3]', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'], ['2002:c0a8:0101::1', 'private'],
    ['8.8.8.8', null], ['93.184.216.34', null], ['2606:4700:4700::1111', null], ['::ffff:8.8.8.8', null],
  ];
  for (const [ip, kind] of cases) assert.equal(restrictedKind(ip), kind, ip);
});

test('a loopback URL is refused by default with a one-line message naming the fix', async () => {
  await assert.rejects(safeFetch(`${srv.base}/hello`), (e: Error) => {
    assert.ok(e instanceof FetchError);
    assert.equal(e.message, `${srv.base}/hello: refused: loopback address 127.0.0.1 (use --allow-private)`);
    return true;
  });
  await assert.rejects(safeFetch('http://169.254.169.254/latest/meta-data/'), /refused: link-local address 169.254.169.254/);
  await assert.rejects(safeFetch('http://[::1]/'), /refused: loopback address ::1/);
  await assert.rejects(safeFetch('http://0x7f.1/'), /refused: loopback address 127.0.0.1/);
  await assert.rejects(safeFetch(`http://localhost:${srv.host.split(':')[1]}/hello`), /refused: resolves to loopback address/);
  assert.equal(srv.hits.get('/hello') ?? 0, 0, 'nothing reached the server');
});

test('the connection-time DNS lookup refuses private answers too (no DNS re-binding)', async () => {
  const err = await new Promise<Error | null>((resolve) => guardedLookup('localhost', {}, (e) => resolve(e)));
  assert.match(String(err?.message), /refused: resolves to loopback address/);
});

test('only http and https are fetched', async () => {
  await assert.rejects(safeFetch('file:///etc/passwd', allow), /only http and https URLs are fetched, not file/);
  await assert.rejects(safeFetch('ftp://example.org/x', allow), /not ftp/);
  await assert.rejects(safeFetch(`${srv.base}/to-file`, allow), new RegExp(`^FetchError: ${srv.base}/to-file: redirected to file:///etc/passwd: refused: only http and https URLs are fetched, not file$`));
});

test('with allowPrivate a local page is fetched and decoded', async () => {
  const r = await safeFetch(`${srv.base}/hello`, allow);
  assert.equal(r.status, 200);
  assert.equal(r.text, '<p>hello</p>');
  assert.equal((await safeFetch(`${srv.base}/gz`, allow)).text, '<p>Zipped report</p>');
  assert.equal((await safeFetch(`${srv.base}/cp1256`, allow)).text, '<p>حلب</p>');
  assert.equal((await safeFetch(`${srv.base}/meta-1252`, allow)).text, '<meta charset="windows-1252"><p>Café</p>');
});

test('redirects are followed up to the limit, and loops stop with a clear error', async () => {
  const r = await safeFetch(`${srv.base}/hop1`, allow);
  assert.equal(r.url, `${srv.base}/hello`);
  assert.equal(r.text, '<p>hello</p>');
  await assert.rejects(safeFetch(`${srv.base}/loop`, allow), new RegExp(`^FetchError: ${srv.base}/loop: too many redirects \\(more than 5\\)$`));
  await assert.rejects(safeFetch(`${srv.base}/hop1`, { ...allow, maxRedirects: 2 }), /too many redirects \(more than 2\)/);
  assert.equal(srv.hits.get('/loop'), 6);
});

test('bodies over the size limit are cut off, declared, streamed or decompressed', async () => {
  const small = { ...allow, maxBytes: 1024 * 1024 };
  await assert.rejects(safeFetch(`${srv.base}/big`, small), /too large: 3 MB \(limit 1 MB\)/);
  await assert.rejects(safeFetch(`${srv.base}/big-chunked`, small), /too large: more than 1 MB/);
  await assert.rejects(safeFetch(`${srv.base}/bomb`, small), /too large: more than 1 MB once decompressed/);
});

test('a slow server times out; an HTTP error is named', async () => {
  const t0 = Date.now();
  await assert.rejects(safeFetch(`${srv.base}/slow`, { ...allow, timeoutMs: 400 }), /slow: timed out after 0.4 s/);
  assert.ok(Date.now() - t0 < 2500);
  await assert.rejects(safeFetch(`${srv.base}/500`, allow), /500: HTTP 500$/);
  await assert.rejects(safeFetch(`${srv.base}/nothing`, allow), /HTTP 404$/);
});
