import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { doc, ev } from './engines.js';

const dir = mkdtempSync(join(tmpdir(), 'sitrep-store-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('two processes ingesting into one SQLite file at once: nothing lost, nothing corrupted', async () => {
  const file = join(dir, 'shared.db');
  const [a, b] = await Promise.all([runNode([fixture('writer.ts'), file, 'SOHR', '25']), runNode([fixture('writer.ts'), file, 'SANA', '25'])]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const raw = new BetterSqlite3(file, { readonly: true });
  assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal((raw.prepare('select count(*) n from reports').get() as { n: number }).n, 50);
  assert.equal((raw.prepare('select count(*) n from accounts').get() as { n: number }).n, 50);
  raw.close();
  const store = await openStore(file);
  try {
    const { events } = await store.listEvents({}, { limit: 1000 });
    const docs = events.flatMap((e) => e.docs).sort();
    assert.equal(docs.length, 50, 'every report is in exactly one event');
    assert.equal(new Set(docs).size, 50);
    assert.ok(events.every((e) => e.sources_count === e.docs.length));
  } finally {
    await store.close();
  }
});

test('sitrep events prints filtered events as JSON Lines with id, docs and sources_count, and as CSV and GeoJSON', async () => {
  const file = join(dir, 'cli.db');
  const store = await openStore(file);
  await store.putReport(doc('a1', 'Clash in Kafr Nabl.'), 'a1', [ev({ doc: 'a1' })], 'e1');
  await store.putReport(doc('a2', 'Protest in Daraa.', 'Enab Baladi'), 'a2', [
    ev({ doc: 'a2', event_date: '2023-05-02', event_type: 'Protests', sub_event_type: 'Peaceful protest', admin1: "Dar'a", location: 'Daraa', latitude: 32.62, longitude: 36.1, actor1: 'Protesters (Syria)', actor2: '', fatalities: 0, notes: 'Residents protested, "against" prices, in Daraa.' }),
  ], 'e1');
  await store.close();

  const all = await runNode([fixture('events-cli.ts'), 'events', '--db', file]);
  assert.equal(all.code, 0, all.stderr);
  const rows = all.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.match(r.id, /^ev_/);
    assert.equal(r.sources_count, 1);
    assert.equal(r.docs.length, 1);
  }

  const one = await runNode([fixture('events-cli.ts'), 'events', '--db', file, '--type', 'Protests', '--admin1', "Dar'a", '--format', 'csv']);
  assert.equal(one.code, 0, one.stderr);
  const lines = one.stdout.trim().split(/\r?\n/);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^event_date,time_precision,event_type,/);
  assert.match(lines[0], /,id,docs$/);
  assert.match(lines[1], /^2023-05-02,1,Protests,Peaceful protest,/);
  assert.match(lines[1], /"Residents protested, ""against"" prices, in Daraa\."/);
  assert.match(lines[1], /,ev_[0-9a-z]+,a2$/);

  const geo = await runNode([fixture('events-cli.ts'), 'events', '--db', file, '--format', 'geojson', '--q', 'daraa']);
  assert.equal(geo.code, 0, geo.stderr);
  const fc = JSON.parse(geo.stdout);
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.features.length, 1);
  assert.deepEqual(fc.features[0].geometry.coordinates, [36.1, 32.62]);

  const bad = await runNode([fixture('events-cli.ts'), 'events', '--db', file, '--from', '2023/01/01']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), 'sitrep events: filter from: expected YYYY-MM-DD, got "2023/01/01"');
  const missing = await runNode([fixture('events-cli.ts'), 'events', join(dir, 'nope.db')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^sitrep events: no store at .*nope\.db \(ingest reports first/);
  const badUrl = await runNode([fixture('events-cli.ts'), 'events', '--db', 'mongodb://x/y']);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /^sitrep events: unsupported database URL 'mongodb:\/\/x\/y'/);
});

test('a database locked by another process gives a one-line message naming the file', async () => {
  const file = join(dir, 'locked.db');
  await (await openStore(file)).close();
  const holder = new BetterSqlite3(file);
  holder.exec('BEGIN IMMEDIATE'); // another process in the middle of a long write
  try {
    const env = { ...process.env, SITREP_SQLITE_BUSY_MS: '200' };
    // readers are not held up by a writer (WAL)
    const read = spawnSync(process.execPath, ['--import', 'tsx', fixture('events-cli.ts'), 'events', '--db', file], { encoding: 'utf8', env });
    assert.equal(read.status, 0, read.stderr);
    // a second writer waits its busy timeout, then says so in one line
    const write = spawnSync(process.execPath, ['--import', 'tsx', fixture('writer.ts'), file, 'X', '1'], { encoding: 'utf8', env });
    assert.equal(write.status, 1);
    assert.equal(write.stderr.trim(), `database is locked by another process (${file}); try again`);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
});
