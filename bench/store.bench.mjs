#!/usr/bin/env node
// Store benchmark (SQLite): bulk load of synthetic events, ingest with merging, filtered listEvents
// latencies (p50/p95), and a GeoJSON export of 100,000 events.
//
//   npx tsc -p . && node bench/store.bench.mjs [--events 1000000] [--reports 2000] [--db /tmp/x.db] [--keep]
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

// 1. bulk load
let t = performance.now();
let c = cpu();
const BATCH = 10_000;
for (let i = 0; i < N; i += BATCH) {
  const events = [];
  for (let k = i; k < Math.min(N, i + BATCH); k++) events.push(synthetic(k));
  await store.importEvents(events);
  if ((i / BATCH) % 10 === 9) process.stderr.write(`  loaded ${i + BATCH}\r`);
}
let dt = (performance.now() - t) / 1000;
console.log(`bulk load: ${N.toLocaleString('en')} events in ${dt.toFixed(1)} s wall, ${((cpu() - c) / 1000).toFixed(1)} s cpu (${Math.round(N / dt).toLocaleString('en')} events/s wall)`);

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
  'text q': () => ({ q: `${pick(WORDS)} ${pick(WORDS)}` }),
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
  console.log(`  ${name.padEnd(36)} wall p50 ${ms(pct(times, 50)).padStart(9)} p95 ${ms(pct(times, 95)).padStart(9)} | cpu p50 ${ms(pct(cpus, 50)).padStart(9)} p95 ${ms(pct(cpus, 95)).padStart(9)}`);
}
console.log(`  ${'ALL FILTERED QUERIES'.padEnd(36)} wall p50 ${ms(pct(all, 50)).padStart(9)} p95 ${ms(pct(all, 95)).padStart(9)} | cpu p50 ${ms(pct(allCpu, 50)).padStart(9)} p95 ${ms(pct(allCpu, 95)).padStart(9)}  (target p95 ≤ 50 ms)`);

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
