import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFeed, looksLikeFeed } from '../../src/ingest/feeds.js';
import { classifySources, readSources } from '../../src/ingest/sources.js';
import { memoryFeedState, openFeedState } from '../../src/ingest/feed-state.js';
import { closeFetchAgents } from '../../src/ingest/fetch.js';
import type { ReadItem } from '../../src/read/index.js';
import { startServer, fixture, type TestServer } from './server.js';

let srv: TestServer;
before(async () => {
  srv = await startServer();
  srv.serve('/feed.rss', fixture('rss.xml', srv.host), 'application/rss+xml');
  srv.serve('/atom', fixture('atom.xml', srv.host), 'text/xml');
  srv.serve('/articles/kafr-nabl.html', fixture('kafr-nabl.html'), 'text/html; charset=utf-8');
  srv.serve('/articles/saraqib.html', fixture('saraqib.html'), 'text/html');
  srv.serve('/articles/jisr.html', fixture('jisr.html'), 'text/html');
});
after(async () => { await srv.close(); await closeFetchAgents(); });

async function collect(items: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const i of items) out.push(i);
  return out;
}
const fetchOpts = { allowPrivate: true, timeoutMs: 5000 };

test('RSS and Atom feeds are read into items with links, dates and their own text', () => {
  const rss = parseFeed(fixture('rss.xml', 'news.example'));
  assert.equal(rss.title, 'Northern Monitor');
  assert.deepEqual(rss.items.map((i) => [i.id, i.link, i.published]), [
    ['nm-1001', 'http://news.example/articles/kafr-nabl.html', '2018-07-03'],
    ['nm-1002', 'http://news.example/articles/saraqib.html', '2018-07-04'],
    ['nm-1003', 'http://news.example/articles/missing.html', '2018-07-05'],
  ]);
  assert.equal(rss.items[1].title, 'Protest in Saraqib & Binnish');
  assert.match(rss.items[2].html ?? '', /^<p>Clashes erupted/);
  const atom = parseFeed(fixture('atom.xml'), 'https://coast.example/feed');
  assert.deepEqual(atom.items.map((i) => [i.id, i.link, i.published]), [
    ['urn:coast-watch:77', 'https://coast.example/articles/jisr.html', '2018-07-06'],
    ['urn:coast-watch:78', null, '2018-07-06'],
  ]);
  assert.equal(atom.items[1].html, '<p>Security forces arrested 12 young men in Latakia city on 5 July, local sources said.</p>');
  assert.ok(looksLikeFeed(null, fixture('atom.xml')));
  assert.ok(looksLikeFeed('application/rss+xml', ''));
  assert.ok(!looksLikeFeed('text/html', '<!DOCTYPE html><html><body>x</body></html>'));
  assert.throws(() => parseFeed('<html><body>no</body></html>'), /not an RSS or Atom feed/);
});

test('a feed is polled with ETag: the second poll is a 304 and nothing is read again', async () => {
  const state = memoryFeedState();
  const sources = [{ kind: 'url' as const, url: `${srv.base}/feed.rss`, origin: 'feed' }];
  const first = await collect(readSources(sources, { fetch: fetchOpts, feedState: state }));
  const docs = first.filter((i) => i.kind === 'document');
  assert.equal(docs.length, 3);
  const byId = new Map(docs.map((d) => [d.input.id, d.input]));
  const kafr = byId.get(`${srv.base}/articles/kafr-nabl.html`)!;
  assert.match(kafr.html ?? '', /Regime artillery shelled the town of Kafr Nabl/);
  assert.equal(kafr.title, 'Shelling hits Kafr Nabl');
  assert.equal(kafr.published, '2018-07-03');
  // the third item's page is missing: its content:encoded is used instead
  const missing = byId.get(`${srv.base}/articles/missing.html`)!;
  assert.match(missing.html ?? '', /Clashes erupted between HTS fighters/);
  const saved = await state.get(`${srv.base}/feed.rss`);
  assert.ok(saved?.etag);
  assert.equal(saved?.seen.length, 3);

  const pagesBefore = srv.hits.get('/articles/kafr-nabl.html');
  const notes: string[] = [];
  const second = await collect(readSources(sources, { fetch: fetchOpts, feedState: state, onNote: (m) => notes.push(m) }));
  assert.equal(second.length, 0);
  assert.deepEqual(notes, [`${srv.base}/feed.rss: feed not modified`]);
  assert.equal(srv.hits.get('/articles/kafr-nabl.html'), pagesBefore, 'pages are not fetched again');
});

test('a changed feed yields only its new items', async () => {
  const state = memoryFeedState();
  const url = `${srv.base}/growing.rss`;
  const rss = fixture('rss.xml', srv.host);
  srv.serve('/growing.rss', rss, 'application/rss+xml');
  const sources = [{ kind: 'url' as const, url, origin: 'feed' }];
  assert.equal((await collect(readSources(sources, { fetch: fetchOpts, feedState: state }))).length, 3);
  const extra = `<item><title>New</title><link>http://${srv.host}/articles/jisr.html</link><guid>nm-2000</guid></item>`;
  srv.serve('/growing.rss', rss.replace('</channel>', `${extra}</channel>`), 'application/rss+xml');
  const again = await collect(readSources(sources, { fetch: fetchOpts, feedState: state }));
  assert.deepEqual(again.map((i) => i.kind === 'document' && i.input.id), [`http://${srv.host}/articles/jisr.html`]);
});

test('an Atom feed without links uses the entry content; a page URL is one document', async () => {
  const state = memoryFeedState();
  const items = await collect(readSources([
    { kind: 'url', url: `${srv.base}/atom`, origin: 'atom' },
    { kind: 'url', url: `${srv.base}/articles/saraqib.html`, origin: 'page' },
    { kind: 'url', url: `${srv.base}/articles/gone.html`, origin: 'gone' },
  ], { fetch: fetchOpts, feedState: state }));
  assert.deepEqual(items.map((i) => (i.kind === 'document' ? i.input.id : `error: ${i.message}`)), [
    `${srv.base}/articles/jisr.html`,
    'urn:coast-watch:78',
    `${srv.base}/articles/saraqib.html`,
    `error: ${srv.base}/articles/gone.html: HTTP 404`,
  ]);
});

test('private feeds are refused by default', async () => {
  const items = await collect(readSources([{ kind: 'url', url: `${srv.base}/feed.rss`, origin: 'feeds.txt' }], { feedState: memoryFeedState() }));
  assert.equal(items.length, 1);
  assert.equal(items[0].kind, 'error');
  assert.match((items[0] as { message: string }).message, /refused: loopback address 127\.0\.0\.1 \(use --allow-private\)/);
});

test('feed lists and URL arguments are sorted from paths; feed state persists in the SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-feeds-'));
  try {
    writeFileSync(join(dir, 'feeds.txt'), `# my feeds\nhttps://a.example/rss\n\nhttps://b.example/atom\n`);
    writeFileSync(join(dir, 'report.txt'), 'Clashes in Idleb.');
    writeFileSync(join(dir, 'links.txt'), 'https://c.example/page.html\n');
    const { sources, errors } = await classifySources([join(dir, 'feeds.txt'), join(dir, 'report.txt'), 'https://d.example/x', join(dir, 'links.txt')]);
    assert.deepEqual(errors, []);
    assert.deepEqual(sources.map((s) => (s.kind === 'url' ? s.url : s.paths.map((p) => p.slice(dir.length + 1)).join(','))), [
      'https://a.example/rss', 'https://b.example/atom', 'report.txt', 'https://d.example/x', 'https://c.example/page.html',
    ]);
    const db = join(dir, 'sitrep.db');
    const s1 = openFeedState(db);
    await s1.set('https://a.example/rss', { etag: '"x"', lastModified: null, seen: ['a'], lastPolledAt: null, lastStatus: null });
    await s1.close();
    const s2 = openFeedState(db);
    assert.equal((await s2.get('https://a.example/rss'))?.etag, '"x"');
    await s2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sitrep ingest --watch polls again after the interval and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
  const { spawn } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-watch-'));
  try {
    const bin = new URL('../../bin/sitrep.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'ingest', '--watch', '--interval', '1s', '--allow-private', `${srv.base}/feed.rss`, '--db', join(dir, 'w.db')], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 1000 && out.split('\n').filter(Boolean).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, err);
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^\[[\d-]+T[\d:]+Z\] Ingested 3 reports into .*w\.db: 3 new, 0 updated, 0 unchanged;/);
    assert.match(lines[1], /^\[[\d-]+T[\d:]+Z\] Ingested 0 reports into .*: 0 new, 0 updated, 0 unchanged;/);
    assert.match(err, /feed\.rss: feed not modified/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a poll stopped half-way saves nothing: the next poll reads the whole feed again', async () => {
  const state = memoryFeedState();
  const sources = [{ kind: 'url' as const, url: `${srv.base}/feed.rss`, origin: 'feed' }];
  for await (const item of readSources(sources, { fetch: fetchOpts, feedState: state })) {
    assert.equal(item.kind, 'document');
    break; // the run dies after the first item
  }
  assert.equal(await state.get(`${srv.base}/feed.rss`), undefined, 'no validators, no seen items');
  const again = await collect(readSources(sources, { fetch: fetchOpts, feedState: state }));
  assert.equal(again.filter((i) => i.kind === 'document').length, 3);
});
