#!/usr/bin/env node
// Store benchmark (SQLite): bulk load of synthetic events, ingest with merging, filtered listEvents
// latencies (p50/p95), and a GeoJSON export of 100,000 events.
//
//   npx tsc -p . && node bench/store.bench.mjs [--events 1000000] [--import 100000] [--reports 1000] [--db /tmp/x.db] [--keep]
//
// Targets: filtered queries p95 ≤ 50 ms with 1,000,000 events stored; GeoJSON of 100,000 events ≤ 1 s.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/store/index.js'))) {
  console.error('store.bench: build first (npx tsc -p .)');
  process.exit(2);
}
const { openStore } = await import(join(root, 'dist/store/index.js'));
const { sql } = await import(join(root, 'node_modules/kysely/dist/esm/index.js'));

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('events', '100000'));
const REPORTS = Number(arg('reports', '1000'));
const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
const file = arg('db', join(dir, 'bench.db'));
const keep = process.argv.includes('--keep');

// deterministic pseudo-random numbers
let seed = 42;
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
/** CPU time of this process (ms): on a busy shared machine it says what the work costs, apart from waiting for a core */
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const store = await openStore(file);
console.log(`store.bench: SQLite ${file}, node ${process.version}`);

// 1. bulk load: up to 100,000 events through store.importEvents (the real path, measured); beyond
// that, the rest is generated inside SQLite (same distributions) to reach 1,000,000 in reasonable time
const LOADED = Math.min(N, Number(arg('import', '100000')));
let t = performance.now();
let c = cpu();
const BATCH = 10_000;
for (let i = 0; i < LOADED; i += BATCH) {
  const events = [];
  for (let k = i; k < Math.min(LOADED, i + BATCH); k++) events.push(synthetic(k));
  await store.importEvents(events);
  if ((i / BATCH) % 10 === 9) process.stderr.write(`  loaded ${i + BATCH}\r`);
}
let dt = (performance.now() - t) / 1000;
console.log(`bulk load (importEvents): ${LOADED.toLocaleString('en')} events in ${dt.toFixed(1)} s wall, ${((cpu() - c) / 1000).toFixed(1)} s cpu (${Math.round(LOADED / dt).toLocaleString('en')} events/s wall)`);
if (N > LOADED) {
  t = performance.now();
  await fillInSql(N - LOADED);
  dt = (performance.now() - t) / 1000;
  console.log(`generated in SQLite: ${(N - LOADED).toLocaleString('en')} more events in ${dt.toFixed(1)} s (${N.toLocaleString('en')} stored)`);
}

async function fillInSql(n) {
  const q = (text) => sql.raw(text).execute(store.db);
  await q('PRAGMA cache_size = -1048576'); // 1 GiB while generating
  const list = async (name, values) => (await q(`CREATE TEMP TABLE ${name}(i INTEGER PRIMARY KEY, v TEXT, w TEXT)`)) && q(`INSERT INTO ${name} VALUES ${values.map((v, i) => `(${i}, '${(Array.isArray(v) ? v[0] : v).replace(/'/g, "''")}', '${(Array.isArray(v) ? v[1] : '').replace(/'/g, "''")}')`).join(',')}`);
  await list('b_admin', ADMIN1);
  await list('b_type', TYPES);
  await list('b_actor', ACTORS);
  await list('b_word', WORDS);
  await list('b_outlet', OUTLETS);
  const now = new Date().toISOString();
  await q('BEGIN IMMEDIATE');
  const before = Number((await sql`SELECT max(seq) m FROM events`.execute(store.db)).rows[0].m);
  await q(`CREATE TEMP TABLE b_r AS WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n})
    SELECT i, abs(random()) % 3650 d, abs(random()) % ${TYPES.length} t, abs(random()) % ${ADMIN1.length} a,
      abs(random()) % ${ACTORS.length} a1, abs(random()) % ${ACTORS.length} a2, abs(random()) % ${WORDS.length} w1,
      abs(random()) % ${WORDS.length} w2, abs(random()) % ${WORDS.length} w3, abs(random()) % 5000 town, abs(random()) % ${OUTLETS.length} o,
      32.3 + (abs(random()) % 1000000) / 1000000.0 * 4.9 lat, 35.7 + (abs(random()) % 1000000) / 1000000.0 * 6.5 lon,
      CASE WHEN abs(random()) % 10 < 6 THEN 0 ELSE (abs(random()) % 60) * (abs(random()) % 60) / 60 END f FROM s`);
  await q(`INSERT INTO events (id, doc, event_date, time_precision, event_type, sub_event_type, actor1, actor2, inter1, inter2, interaction,
      country, admin1, admin2, location, latitude, longitude, geo_precision, source, notes, fatalities, evidence, confidence, sources_count,
      docs, corrections, search_text, created_at, updated_at, cell)
    SELECT 'ev_gen' || r.i, 'gen' || r.i, date('2015-01-01', '+' || r.d || ' days'), 1, ty.v, ty.w, x1.v, x2.v, 1, 2, 12,
      'Syria', ad.v, ad.v || ' district', 'Town' || r.town, r.lat, r.lon, 1, ou.v,
      w1.v || ' ' || w2.v || ' near Town' || r.town || '; ' || w3.v || ' reported.', r.f,
      json_array(json_object('start', 0, 'end', 40, 'text', w1.v || ' ' || w2.v || ' near Town' || r.town)), 0.7, 1,
      json_array('gen' || r.i), '{}',
      lower(w1.v || ' ' || w2.v || ' near town' || r.town || '; ' || w3.v || ' reported. town' || r.town || ' ' || ad.v || ' ' || x1.v || ' ' || x2.v || ' ' || ou.v),
      '${now}', '${now}', CAST((r.lat + 90) * 10 AS INTEGER) * 10000 + CAST((r.lon + 180) * 10 AS INTEGER)
    FROM b_r r JOIN b_type ty ON ty.i = r.t JOIN b_admin ad ON ad.i = r.a JOIN b_actor x1 ON x1.i = r.a1
      JOIN b_actor x2 ON x2.i = r.a2 JOIN b_word w1 ON w1.i = r.w1 JOIN b_word w2 ON w2.i = r.w2 JOIN b_word w3 ON w3.i = r.w3
      JOIN b_outlet ou ON ou.i = r.o ORDER BY r.i`);
  await q(`INSERT OR IGNORE INTO event_actors (actor, event_date, event_seq) SELECT actor1, event_date, seq FROM events WHERE seq > ${before}
    UNION ALL SELECT actor2, event_date, seq FROM events WHERE seq > ${before}`);
  await q(`INSERT INTO events_fts (rowid, search_text) SELECT seq, search_text FROM events WHERE seq > ${before}`);
  await q('COMMIT');
  await q('PRAGMA cache_size = -65536');
  await q('ANALYZE');
}

// 2. ingest with merging (putReport): each report one or two events, some of them the same incident as another report's
t = performance.now();
c = cpu();
let merged = 0;
let base;
for (let r = 0; r < REPORTS; r++) {
  if (r % 2 === 0) base = synthetic(N + r); // two reports (two outlets) of each incident
  const ev = { ...base, doc: `rep${r}`, fatalities: base.fatalities + (r & 1) };
  const outlet = OUTLETS[r % OUTLETS.length];
  const res = await store.putReport(
    { id: `rep${r}`, url: `https://example.org/${r}`, text: base.notes, title: `Report ${r}`, outlets: [outlet], published: base.event_date, language: 'en' },
    base.notes, [ev], 'bench',
  );
  if (res.status !== 'new') throw new Error(`unexpected ${res.status}`);
}
dt = (performance.now() - t) / 1000;
const putCpu = (cpu() - c) / 1000;
const reps = await store.listEvents({ outlet: 'SOHR' }, { limit: 10_000 });
merged = reps.events.filter((e) => e.sources_count > 1).length;
console.log(`putReport with merging: ${REPORTS.toLocaleString('en')} reports in ${dt.toFixed(1)} s wall, ${putCpu.toFixed(1)} s cpu (${(dt * 1000 / REPORTS).toFixed(2)} ms/report wall; ${merged} SOHR events carried by 2+ reports)`);

// 3. filtered queries
const kinds = {
  'date range (1 month)': () => { const d = Math.floor(rnd() * 3600); return { from: day(d), to: day(d + 30) }; },
  'admin1 + year': () => { const d = Math.floor(rnd() * 3300); return { admin1: pick(ADMIN1), from: day(d), to: day(d + 365) }; },
  'event_type + admin1': () => ({ event_type: pick(TYPES)[0], admin1: pick(ADMIN1) }),
  'actor': () => ({ actor: pick(ACTORS) }),
  'bbox (≈50 km)': () => { const lat = 33 + rnd() * 3.5, lon = 36 + rnd() * 5; return { bbox: [lon, lat, lon + 0.5, lat + 0.5] }; },
  'text q (2 common words, ~2% of events)': () => ({ q: `${pick(WORDS)} ${pick(WORDS)}` }),
  'text q (a town name)': () => ({ q: `Town${Math.floor(rnd() * 5000)}` }),
  'min_fatalities ≥ 40': () => ({ min_fatalities: 40 }),
  'admin1 + type + fatalities + month': () => { const d = Math.floor(rnd() * 3600); return { admin1: pick(ADMIN1), event_type: pick(TYPES)[0], min_fatalities: 1, from: day(d), to: day(d + 60) }; },
  'outlet': () => ({ outlet: pick(OUTLETS) }),
  'next page (cursor)': null,
};
const all = [];
const allCpu = [];
console.log(`listEvents (limit 100), ${N.toLocaleString('en')} events stored:`);
for (const [name, make] of Object.entries(kinds)) {
  const times = [];
  const cpus = [];
  for (let i = 0; i < 30; i++) {
    let filter = make ? make() : { admin1: pick(ADMIN1) };
    let cursor;
    if (!make) cursor = (await store.listEvents(filter, { limit: 100 })).next_cursor ?? undefined;
    const c0 = cpu();
    const t0 = performance.now();
    await store.listEvents(filter, { limit: 100, cursor });
    times.push(performance.now() - t0);
    cpus.push(cpu() - c0);
  }
  all.push(...times);
  allCpu.push(...cpus);
  console.log(`  ${name.padEnd(40)} wall p50 ${ms(pct(times, 50)).padStart(9)} p95 ${ms(pct(times, 95)).padStart(9)} | cpu p50 ${ms(pct(cpus, 50)).padStart(9)} p95 ${ms(pct(cpus, 95)).padStart(9)}`);
}
console.log(`  ${'ALL FILTERED QUERIES'.padEnd(40)} wall p50 ${ms(pct(all, 50)).padStart(9)} p95 ${ms(pct(all, 95)).padStart(9)} | cpu p50 ${ms(pct(allCpu, 50)).padStart(9)} p95 ${ms(pct(allCpu, 95)).padStart(9)}  (target p95 ≤ 50 ms)`);

// 4. GeoJSON of 100,000 events (pages of 10,000 through the cursor, Features built by the database)
const G = Math.min(100_000, N);
t = performance.now();
const g0 = cpu();
let bytes = 0;
let cursor;
let got = 0;
bytes += '{"type":"FeatureCollection","features":[\n'.length;
do {
  const page = await store.listFeatures({}, { limit: Math.min(10_000, G - got), cursor });
  bytes += page.features.join(',\n').length + 2;
  got += page.features.length;
  cursor = page.next_cursor ?? undefined;
} while (cursor && got < G);
dt = performance.now() - t;
console.log(`GeoJSON of ${got.toLocaleString('en')} events: wall ${ms(dt)}, cpu ${ms(cpu() - g0)} (${(bytes / 1e6).toFixed(1)} MB) (target ≤ 1 s)`);

await store.close();
console.log(`database size: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
if (!keep && !arg('db')) rmSync(dir, { recursive: true, force: true });
