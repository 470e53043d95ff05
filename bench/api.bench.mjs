#!/usr/bin/env node
// HTTP API benchmark (SQLite): filtered GET /api/events latencies (p50/p95) through the whole app
// (middleware, validation, store, JSON), and a streamed GeoJSON export of 100,000 events over a real socket.
//
//   npx tsc -p . && node bench/api.bench.mjs [--events 1000000] [--base 200000] [--db /tmp/api-bench.db] [--keep] [--runs 30] [--geojson-only] [--cold]
//
// A listing is timed until its whole body is read as bytes (the server's work; the client's JSON.parse of it
// is not counted). The GeoJSON export over HTTP is fetched by curl, a separate process, so the time is the
// server's and the socket's, not a client's decoding; the CPU shown is this (server) process's.
// --cold: the first GeoJSON request is made on a database file dropped from the OS page cache
// (posix_fadvise DONTNEED through python3, the store closed and opened again so nothing stays mapped). The
// file stays mostly uncached after: read it once (cat FILE > /dev/null) before measuring listings again.
//
// The GeoJSON export is timed twice over: through store.listFeatures (Features built by the database, what
// the API uses) and, for comparison, through full rows (the API's path for stores without listFeatures).
//
// With --db naming a file that already holds events, the load step is skipped (so a kept database can be
// measured again). --db postgres://… measures the same on PostgreSQL (a database of its own: the bench
// fills it; --cold and the file size are SQLite's only), e.g. --db postgres://postgres@127.0.0.1/sitrep_bench. Targets: filtered queries p95 ≤ 50 ms with 1,000,000 events; GeoJSON of 100,000 ≤ 1 s.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/api/app.js'))) {
  console.error('api.bench: build first (npx tsc -p .)');
  process.exit(2);
}
const { openStore } = await import(join(root, 'dist/store/index.js'));
const { createApp } = await import(join(root, 'dist/api/app.js'));
const { serve } = await import('@hono/node-server');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('events', '1000000'));
const RUNS = Number(arg('runs', '30'));
const dir = arg('db') === undefined ? mkdtempSync(join(tmpdir(), 'sitrep-api-bench-')) : null;
const file = arg('db', dir ? join(dir, 'bench.db') : '');
const keep = process.argv.includes('--keep') || dir === null;

let seed = 7;
const rnd = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const ADMIN1 = ['Aleppo', 'Al-Hasakeh', 'Ar-Raqqa', 'As-Sweida', 'Damascus', "Dar'a", 'Deir-ez-Zor', 'Hama', 'Homs', 'Idleb', 'Lattakia', 'Quneitra', 'Rural Damascus', 'Tartous'];
const TYPES = [
  ['Battles', 'Armed clash'],
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  ['Explosions/Remote violence', 'Air/drone strike'],
  ['Violence against civilians', 'Attack'],
  ['Protests', 'Peaceful protest'],
  ['Strategic developments', 'Arrests'],
];
const ACTORS = [
  'HTS: Hayat Tahrir al-Sham', 'Military Forces of Syria (2000-2024)', 'Military Forces of Russia (2000-)',
  'SDF: Syrian Democratic Forces', 'SNA: Syrian National Army', 'Islamic State (Syria)', 'Military Forces of Turkey (2016-)',
  'Unidentified Armed Group (Syria)', 'Civilians (Syria)', 'Protesters (Syria)', 'NLF: National Liberation Front', 'Hurras al-Din',
];
const ALIASES = ['HTS', 'Syrian army', 'SDF', 'Islamic State', 'Hurras al-Din', 'SNA'];
const WORDS = ['clash', 'shelling', 'drone', 'checkpoint', 'village', 'outskirts', 'convoy', 'market', 'bakery', 'mortar', 'sniper', 'raid', 'patrol', 'tunnel', 'bridge', 'hospital', 'school', 'olive', 'grove', 'frontline'];
const OUTLETS = ['SOHR', 'SANA', 'Enab Baladi', 'North Press', 'The Cradle', 'SouthFront'];
const DAY0 = Date.UTC(2015, 0, 1);
const day = (i) => new Date(DAY0 + i * 86_400_000).toISOString().slice(0, 10);

function synthetic(i) {
  const [event_type, sub_event_type] = pick(TYPES);
  const admin1 = pick(ADMIN1);
  const town = `Town${Math.floor(rnd() * 5000)}`;
  const notes = `${pick(WORDS)} ${pick(WORDS)} near ${town}; ${pick(WORDS)} reported.`;
  return {
    doc: `syn${i}`, event_date: day(Math.floor(rnd() * 3650)), time_precision: 1, event_type, sub_event_type,
    actor1: pick(ACTORS), assoc_actor_1: '', inter1: 1, actor2: pick(ACTORS), assoc_actor_2: '', inter2: 2, interaction: 12,
    civilian_targeting: '', country: 'Syria', admin1, admin2: `${admin1} district`, admin3: '', location: town,
    latitude: 32.3 + rnd() * 4.9, longitude: 35.7 + rnd() * 6.5, geo_precision: 1, source: pick(OUTLETS), notes,
    fatalities: rnd() < 0.6 ? 0 : Math.floor(rnd() * rnd() * 60), injured: null, arrested: null, fatalities_low: null, fatalities_high: null,
    evidence: [{ start: 0, end: notes.length, text: notes }], confidence: 0.7, sources_count: 1,
  };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;
// CPU time of this process: on a shared, busy machine wall time mostly measures the queue for a core
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Events beyond --base (default 200,000) are copies made in SQL (dates shifted, positions moved a little):
// loading a million through the store takes most of an hour on a busy 2-core machine.
const BASE = Math.min(N, Number(arg('base', '200000')));
const PG = /^postgres(ql)?:\/\//.test(file);
let store = await openStore(file);
console.log(`api.bench: ${PG ? 'PostgreSQL' : 'SQLite'} ${file}, node ${process.version}`);
const countAll = async () => (await store.countEvents({}, 'event_type')).reduce((s, r) => s + r.count, 0);
let have = await countAll();
if (have >= N) {
  console.log(`using the ${have.toLocaleString('en')} events already stored`);
} else {
  if (have < BASE) {
    const t = performance.now();
    const BATCH = 10_000;
    for (let i = have; i < BASE; i += BATCH) {
      const events = [];
      for (let k = i; k < Math.min(BASE, i + BATCH); k++) events.push(synthetic(k));
      await store.importEvents(events);
      if ((i / BATCH) % 10 === 9) process.stderr.write(`  loaded ${i + BATCH}\r`);
    }
    console.log(`bulk load through store.importEvents: ${(BASE - have).toLocaleString('en')} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    have = BASE;
  }
  if (have < N) {
    await store.close();
    const t = performance.now();
    const run = Date.now().toString(36);
    // copies of the first BASE events (those loaded through the store), under new ids, each round's dates
    // moved back 17 days more, positions moved a little; their actors (the actor filter's table) and text index too
    const copy = PG ? await pgCopier(file) : await sqliteCopier(file);
    for (let k = Math.max(1, Math.floor(have / BASE)); have < N; k++) {
      const take = Math.min(BASE, N - have);
      await copy.round(k, `_${run}${k}`, take);
      have += take;
      process.stderr.write(`  copied up to ${have}\r`);
    }
    await copy.close();
    console.log(`copied in SQL up to ${N.toLocaleString('en')} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    store = await openStore(file);
  }
}

/** A column's value in round k's copies: dates moved back 17 days a round (in the engine's SQL), positions moved a little. */
function copyExpr(dateBack) {
  return (c, k) =>
    c === 'event_date' ? dateBack(k)
      : c === 'latitude' ? `latitude + ${(k % 7) * 0.003}`
        : c === 'longitude' ? `longitude - ${(k % 5) * 0.003}`
          : c === 'doc' ? `doc || '_c${k}'`
            : c;
}

async function sqliteCopier(path) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path);
  const cols = db.prepare('PRAGMA table_info(events)').all().map((c) => c.name).filter((c) => c !== 'seq' && c !== 'id');
  const expr = copyExpr((k) => `date(event_date, '-${k * 17} days')`);
  return {
    async round(k, suffix, take) {
      db.transaction(() => {
        const from = db.prepare('SELECT max(seq) AS m FROM events').get().m + 1;
        db.prepare(`INSERT INTO events (id, ${cols.join(', ')}) SELECT id || '${suffix}', ${cols.map((c) => expr(c, k)).join(', ')} FROM events ORDER BY seq LIMIT ?`).run(take);
        db.prepare('INSERT INTO events_fts(rowid, search_text) SELECT seq, search_text FROM events WHERE seq >= ?').run(from);
        db.prepare(`INSERT INTO event_actors (actor, event_date, event_seq) SELECT a.actor, c.event_date, c.seq FROM events AS c
          JOIN events AS o ON o.id = substr(c.id, 1, length(c.id) - ${suffix.length}) JOIN event_actors AS a ON a.event_seq = o.seq
          WHERE c.seq >= ?`).run(from);
      })();
    },
    async close() { db.close(); },
  };
}

async function pgCopier(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'events' AND table_schema = current_schema()`);
  const cols = rows.map((r) => r.column_name).filter((c) => c !== 'seq' && c !== 'id');
  const expr = copyExpr((k) => `CASE WHEN event_date = '' THEN '' ELSE to_char(event_date::date - ${k * 17}, 'YYYY-MM-DD') END`);
  return {
    async round(k, suffix, take) {
      await client.query('BEGIN');
      const from = Number((await client.query('SELECT max(seq) AS m FROM events')).rows[0].m) + 1;
      await client.query(`INSERT INTO events (id, ${cols.join(', ')}) SELECT id || '${suffix}', ${cols.map((c) => expr(c, k)).join(', ')} FROM events ORDER BY seq LIMIT $1`, [take]);
      await client.query(`INSERT INTO event_actors (actor, event_date, event_seq) SELECT a.actor, c.event_date, c.seq FROM events AS c
        JOIN events AS o ON o.id = left(c.id, length(c.id) - ${suffix.length}) JOIN event_actors AS a ON a.event_seq = o.seq
        WHERE c.seq >= $1`, [from]);
      await client.query('COMMIT');
    },
    async close() {
      await client.query('ANALYZE');
      await client.end();
    },
  };
}
const stored = await countAll();

const app = createApp({ store, token: 'bench-token-123456', dashboard: false, rateLimit: 0 });
const qs = (o) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();
const kinds = {
  'no filter': () => ({}),
  'date range (1 month)': () => { const d = Math.floor(rnd() * 3600); return { from: day(d), to: day(d + 30) }; },
  'admin1 + year': () => { const d = Math.floor(rnd() * 3300); return { admin1: pick(ADMIN1), from: day(d), to: day(d + 365) }; },
  'event_type + admin1': () => ({ event_type: pick(TYPES)[0], admin1: pick(ADMIN1) }),
  'actor (by alias)': () => ({ actor: pick(ALIASES) }),
  'bbox (≈50 km)': () => { const lat = 33 + rnd() * 3.5, lon = 36 + rnd() * 5; return { bbox: [lon, lat, lon + 0.5, lat + 0.5].map((x) => x.toFixed(3)).join(',') }; },
  'text q': () => ({ q: `${pick(WORDS)} ${pick(WORDS)}` }),
  'min_fatalities ≥ 40': () => ({ min_fatalities: 40 }),
  'admin1+type+fatalities+2 months': () => { const d = Math.floor(rnd() * 3600); return { admin1: pick(ADMIN1), event_type: pick(TYPES)[0], min_fatalities: 1, from: day(d), to: day(d + 60) }; },
  'next page (cursor)': null,
  // a town's name: a few hundred matches, read from the text index and sorted (the two words above: read in date order)
  'text q, one town (≈200 matches)': () => ({ q: `Town${Math.floor(rnd() * 5000)}` }),
};
const all = [];
const allCpu = [];
const geojsonOnly = process.argv.includes('--geojson-only');
for (const limit of geojsonOnly ? [] : [100, 1000]) {
  console.log(`GET /api/events?…&limit=${limit} (in-process app.request, JSON), ${stored.toLocaleString('en')} events stored:`);
  for (const [name, make] of Object.entries(kinds)) {
    const times = [];
    const cpus = [];
    for (let i = 0; i < RUNS; i++) {
      const filter = make ? make() : { admin1: pick(ADMIN1) };
      if (!make) {
        const first = await (await app.request(`/api/events?${qs({ ...filter, limit })}`)).json();
        if (first.next_cursor) filter.cursor = first.next_cursor;
      }
      const c0 = cpuMs();
      const t0 = performance.now();
      const res = await app.request(`/api/events?${qs({ ...filter, limit })}`);
      const bytes = await res.arrayBuffer();
      times.push(performance.now() - t0);
      cpus.push(cpuMs() - c0);
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${new TextDecoder().decode(bytes)}`);
    }
    if (limit === 100) all.push(...times);
    if (limit === 100) allCpu.push(...cpus);
    console.log(`  ${name.padEnd(34)} p50 ${ms(pct(times, 50)).padStart(9)}  p95 ${ms(pct(times, 95)).padStart(9)}   cpu p50 ${ms(pct(cpus, 50)).padStart(9)}  p95 ${ms(pct(cpus, 95)).padStart(9)}`);
  }
}
if (!geojsonOnly) console.log(`  ${'ALL FILTERED (limit 100)'.padEnd(34)} p50 ${ms(pct(all, 50)).padStart(9)}  p95 ${ms(pct(all, 95)).padStart(9)}   cpu p50 ${ms(pct(allCpu, 50)).padStart(9)}  p95 ${ms(pct(allCpu, 95)).padStart(9)}  (target p95 ≤ 50 ms)`);
console.log(`  (load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores)`);

// stats and the network view over everything
for (const url of geojsonOnly ? [] : ['/api/stats?by=week', '/api/stats?by=actor', '/api/stats?by=day&admin1=Idleb', '/api/network?admin1=Idleb']) {
  const c0 = cpuMs();
  const t0 = performance.now();
  await (await app.request(url)).json();
  console.log(`${url.padEnd(36)} ${ms(performance.now() - t0)}  (cpu ${ms(cpuMs() - c0)})`);
}

// GeoJSON of 100,000 events over a real HTTP socket, streamed, fetched by curl (a separate process)
const { execFile } = await import('node:child_process');
const { promisify } = await import('node:util');
const curl = async (url) => {
  const { stdout } = await promisify(execFile)('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_starttransfer}', url]);
  const [status, size, first] = stdout.trim().split(' ');
  if (status !== '200') throw new Error(`${url}: HTTP ${status}`);
  return { bytes: Number(size), firstByteMs: Number(first) * 1000 };
};
const G = Math.min(100_000, stored);
if (process.argv.includes('--cold') && !PG) {
  // the store closed (nothing left mapped), the file and its WAL dropped from the OS page cache, opened again
  await store.close();
  const { execFileSync } = await import('node:child_process');
  for (const f of [file, `${file}-wal`].filter((f) => existsSync(f)))
    execFileSync('python3', ['-c', 'import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)', f]);
  store = await openStore(file);
  const coldServer = serve({ fetch: createApp({ store, token: 'bench-token-123456', dashboard: false, rateLimit: 0 }).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => coldServer.once('listening', r));
  const c0 = cpuMs();
  const t0 = performance.now();
  const r = await curl(`http://127.0.0.1:${coldServer.address().port}/api/events?format=geojson&limit=${G}`);
  console.log(`GeoJSON of ${G.toLocaleString('en')} events over HTTP (curl), first request on a database not in the OS cache: ${ms(performance.now() - t0)} (server cpu ${ms(cpuMs() - c0)}; first byte ${ms(r.firstByteMs)}) (${(r.bytes / 1e6).toFixed(1)} MB)`);
  coldServer.close();
}
const app2 = createApp({ store, token: 'bench-token-123456', dashboard: false, rateLimit: 0 });
const server = serve({ fetch: app2.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const port = server.address().port;
// the same app over a store without listFeatures: the export from full rows, for comparison
const rowsOnly = new Proxy(store, { get: (t, k) => (k === 'listFeatures' || k === 'listFeatureText' ? undefined : typeof t[k] === 'function' ? t[k].bind(t) : t[k]) });
const rowsServer = serve({ fetch: createApp({ store: rowsOnly, token: 'bench-token-123456', dashboard: false, rateLimit: 0 }).fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => rowsServer.once('listening', r));
for (const [how, p, runs] of [['store.listFeatures', port, 3], ['full rows, for comparison', rowsServer.address().port, 1]]) {
  for (let run = 0; run < runs; run++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    const r = await curl(`http://127.0.0.1:${p}/api/events?format=geojson&limit=${G}`);
    console.log(`GeoJSON of ${G.toLocaleString('en')} events over HTTP (curl; ${how}): ${ms(performance.now() - t0)} (server cpu ${ms(cpuMs() - c0)}; first byte ${ms(r.firstByteMs)}) (${(r.bytes / 1e6).toFixed(1)} MB) (target ≤ 1 s)`);
  }
}
// the same, parsed by a client in this process (fetch, then JSON.parse): client decoding counted too
{
  const c0 = cpuMs();
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/events?format=geojson&limit=${G}`);
  const fc = JSON.parse(await res.text());
  console.log(`GeoJSON of ${fc.features.length.toLocaleString('en')} events over HTTP, fetched and parsed in this process: ${ms(performance.now() - t0)} (cpu, server and client: ${ms(cpuMs() - c0)})`);
}
rowsServer.close();
// the server's part alone: the same request in-process, the body read as bytes (no socket, no client decoding)
for (let run = 0; run < 2; run++) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const res = await app2.request(`/api/events?format=geojson&limit=${G}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += chunk.length;
  console.log(`GeoJSON of ${G.toLocaleString('en')} events, server side only (in-process app.request, body as bytes): ${ms(performance.now() - t0)} (cpu ${ms(cpuMs() - c0)}) (${(bytes / 1e6).toFixed(1)} MB)`);
}
for (const format of ['csv', 'jsonl']) {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/events?format=${format}&limit=10000`);
  const text = await res.text();
  console.log(`${format.toUpperCase()} of 10,000 events over HTTP: ${ms(performance.now() - t0)} (${(text.length / 1e6).toFixed(1)} MB)`);
}
server.close();
await store.close();
if (!PG) console.log(`database size: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
if (!keep && dir) rmSync(dir, { recursive: true, force: true });
