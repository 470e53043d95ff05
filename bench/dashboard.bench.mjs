#!/usr/bin/env node
// Dashboard benchmark in chromium: N synthetic events (default 100,000) served through the dashboard's own
// mount and a minimal stand-in for the read API (the same routes and JSON shapes as src/api), then measured
// in the browser: first view ready, all events loaded, filtering (pure and with the map, timeline and list
// redrawn), and map redraws while zooming and panning.
//
//   node --import tsx bench/dashboard.bench.mjs [--events 100000] [--runs 5] [--real]
// (--real: the real API, createApp over a temporary SQLite store, instead of the stand-in)
//
// Needs /usr/bin/chromium (or SITREP_CHROMIUM). Prints one line per figure.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { mountDashboard } from '../src/dashboard/index.ts';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('--events', 100_000);
const RUNS = arg('--runs', 5);
const CHROMIUM = process.env.SITREP_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`dashboard bench: chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  process.exit(2);
}

// ---- synthetic events, deterministic ----
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const TYPES = [['Battles', 'Armed clash'], ['Explosions/Remote violence', 'Shelling/artillery/missile attack'], ['Explosions/Remote violence', 'Air/drone strike'],
  ['Violence against civilians', 'Attack'], ['Protests', 'Peaceful protest'], ['Riots', 'Violent demonstration'], ['Strategic developments', 'Arrests'], ['Strategic developments', 'Agreement']];
const ACTORS = ['HTS: Hayat Tahrir al-Sham', 'Military Forces of Syria (2000-2024)', 'Military Forces of Russia (2000-)', 'SDF: Syrian Democratic Forces', 'Islamic State (Syria)',
  'SNA: Syrian National Army', 'Military Forces of Turkey (2016-)', 'Military Forces of Israel (1948-)', 'Civilians (Syria)', 'Protesters (Syria)', 'Hezbollah', 'Unidentified Armed Group (Syria)'];
const PLACES = [['Aleppo', 'Aleppo', 36.2, 37.16], ['Idleb', 'Idlib', 35.93, 36.63], ['Lattakia', 'Latakia', 35.53, 35.79], ['Hama', 'Hamah', 35.13, 36.75], ['Homs', 'Homs', 34.73, 36.72],
  ['Damascus', 'Damascus', 33.51, 36.29], ['Rural Damascus', 'Douma', 33.57, 36.4], ['Dar\'a', 'Dar\'a', 32.62, 36.1], ['Deir ez-Zor', 'Deir ez-Zor', 35.33, 40.14],
  ['Raqqa', 'Ar Raqqah', 35.95, 39.01], ['Al-Hasakeh', 'Al Hasakah', 36.5, 40.75], ['As-Sweida', 'As-Suwayda', 32.7, 36.57], ['Quneitra', 'Quneitra', 33.12, 35.82], ['Tartous', 'Tartus', 34.89, 35.89]];
const OUTLETS = ['SOHR', 'SANA', 'Enab Baladi', 'North Press', 'SouthFront', 'Syria Direct', 'The Cradle', 'Reuters'];
const day0 = Date.UTC(2022, 0, 1);
const events = [];
for (let i = 0; i < N; i++) {
  const [t, sub] = pick(TYPES);
  const [admin1, town, la, lo] = pick(PLACES);
  const a1 = pick(ACTORS), a2 = rnd() < 0.7 ? pick(ACTORS) : '';
  const date = new Date(day0 + Math.floor(rnd() * 730) * 86400000).toISOString().slice(0, 10);
  const fat = rnd() < 0.5 ? 0 : Math.floor(rnd() * rnd() * 40);
  const notes = `On ${date}, ${a1} and ${a2 || 'unknown forces'} clashed near ${town} (${admin1}); ${fat} killed.`;
  events.push({
    id: `ev_bench_${i}`, doc: `bench-${i % 5000}`, event_date: date, time_precision: 1, event_type: t, sub_event_type: sub,
    actor1: a1, assoc_actor_1: '', inter1: null, actor2: a2, assoc_actor_2: '', inter2: null, interaction: null, civilian_targeting: '',
    country: 'Syria', admin1, admin2: town, admin3: '', location: `${town} ${i % 97}`,
    latitude: +(la + (rnd() - 0.5) * 0.8).toFixed(4), longitude: +(lo + (rnd() - 0.5) * 0.8).toFixed(4), geo_precision: rnd() < 0.8 ? 1 : rnd() < 0.5 ? 2 : 3,
    source: rnd() < 0.3 ? `${pick(OUTLETS)}; ${pick(OUTLETS)}` : pick(OUTLETS), notes, fatalities: fat, injured: null, arrested: null,
    fatalities_low: fat, fatalities_high: fat, evidence: [{ start: 0, end: 40, text: notes.slice(0, 40) }], confidence: 0.8, sources_count: 1,
    docs: [`bench-${i % 5000}`], verified: rnd() < 0.1, deleted: false, corrections: {}, credibility: 3, merge_reason: '', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z',
  });
}

// ---- the API: --real serves the real createApp over a temporary SQLite store holding the events
// (loaded with the store's bulk importEvents); otherwise a stand-in for the read routes, in src/api's shapes ----
const REAL = process.argv.includes('--real');
let app = new Hono();
let cleanup = async () => {};
if (REAL) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openStore } = await import('../src/store/index.ts');
  const { createApp } = await import('../src/api/app.ts');
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-dashboard-bench-'));
  const store = await openStore(join(dir, 'bench.db'));
  const t0 = performance.now();
  const plain = events.map(({ id, docs, verified, deleted, corrections, credibility, merge_reason, created_at, updated_at, ...e }) => e);
  for (let i = 0; i < plain.length; i += 10_000) await store.importEvents(plain.slice(i, i + 10_000));
  console.log(`real API: ${N.toLocaleString('en')} events imported into SQLite in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  app = createApp({ store, token: 'dashboard-bench-token', rateLimit: 0 });
  cleanup = async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); };
}

if (!REAL) app.get('/api/events', (c) => {
  const limit = Math.min(Number(c.req.query('limit') ?? 100), 10_000);
  const from = Number(c.req.query('cursor') ?? 0);
  const page = events.slice(from, from + limit);
  const next = from + limit < events.length ? String(from + limit) : null;
  return c.json({ events: c.req.query('updated_since') ? [] : page, next_cursor: c.req.query('updated_since') ? null : next, count: page.length });
});
if (!REAL) app.get('/api/actors', (c) => c.json(ACTORS.map((name) => ({ name, aliases: name.includes(':') ? [name.split(':')[0]] : [] }))));
if (!REAL) app.get('/api/outlets', (c) => c.json(OUTLETS.map((name) => ({ name, grade: 'B', reports: 0, events: 0 }))));
if (!REAL) mountDashboard(app);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => (server.listening ? r() : server.once('listening', r)));
const url = `http://127.0.0.1:${server.address().port}`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => `${x.toFixed(1)} ms`;

console.log(`dashboard bench: ${N.toLocaleString('en')} synthetic events, ${REAL ? 'real API over SQLite' : 'stand-in API'}, chromium ${browser.version()}, ${(await import('node:os')).cpus().length} CPUs, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
try {
  // first view, measured on fresh pages (the median of RUNS loads)
  const firsts = [];
  for (let k = 0; k < RUNS; k++) {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await p.goto(url + '/');
    await p.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
    firsts.push(await p.evaluate(() => window.__sitrep.timings));
    await p.close();
  }
  firsts.sort((a, b) => a.firstViewSincePageStart - b.firstViewSincePageStart);
  const f = firsts[Math.floor(firsts.length / 2)];
  console.log(`first view ready (first page of 1,000 events drawn), from navigation, median of ${RUNS} loads: ${fmt(f.firstViewSincePageStart)} ` +
    `(scripts running at ${fmt(f.bootAt)}, first page in at ${fmt(f.firstPageAt)}; fastest ${fmt(firsts[0].firstViewSincePageStart)}, slowest ${fmt(firsts[firsts.length - 1].firstViewSincePageStart)})`);
  await page.goto(url + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
  await page.waitForSelector('body[data-loaded="1"]', { timeout: 120_000 });
  await page.waitForFunction(() => window.__sitrep.timings.textIndexMs !== undefined, null, { timeout: 60_000 });
  const t = await page.evaluate(() => window.__sitrep.timings);
  const held = await page.evaluate(() => window.__sitrep.ds.events.length);
  console.log(`held in the page: ${held.toLocaleString('en')} events; figures below are medians of ${RUNS} runs`);
  console.log(`all ${held.toLocaleString('en')} events loaded and drawn, from navigation: ${fmt(t.allLoadedSincePageStart)}`);
  console.log(`full-text index built once after loading (in the background): ${fmt(t.textIndexMs)}`);

  const cases = [
    ['type = Battles', { type: 'Battles' }],
    ['actor alias "HTS"', { actor: 'HTS' }],
    ['full text "Douma"', { q: 'douma' }],
    ['date range (3 months)', { from: '2023-01-01', to: '2023-03-31' }],
    ['governorate + verified', { admin1: 'Idleb', verified: 'yes' }],
    ['time brush (1 month)', { b0: '2023-05-01', b1: '2023-05-31' }],
    ['outlet + type + text', { outlet: 'SOHR', type: 'Explosions/Remote violence', q: 'killed' }],
  ];
  for (const [label, patch] of cases) {
    const r = await page.evaluate(({ patch, runs }) => {
      const a = window.__sitrep;
      const clearState = { from: '', to: '', type: '', actor: '', admin1: '', admin2: '', outlet: '', verified: '', q: '', b0: '', b1: '' };
      const pure = [], full = [], parts = [];
      let n = 0;
      for (let k = 0; k < runs; k++) {
        a.setState(clearState, { refilter: false });
        const s = { ...a.state, ...patch };
        let t0 = performance.now();
        n = a.ds.filter(s, true).length;
        pure.push(performance.now() - t0);
        a.setState(patch, { refilter: false });
        t0 = performance.now();
        a.apply();
        full.push(performance.now() - t0);
        parts.push({ ...a.timings });
      }
      parts.sort((x, y) => x.applyMs - y.applyMs);
      const mid = parts[Math.floor(parts.length / 2)];
      a.setState(clearState);
      return { pure, full, n, mid: { map: mid.mapMs, timeline: mid.timelineMs, list: mid.viewMs } };
    }, { patch, runs: RUNS });
    console.log(`filter ${label}: ${r.n.toLocaleString('en')} events; filter ${fmt(median(r.pure))}; filter + map + timeline + list ${fmt(median(r.full))} (map ${fmt(r.mid.map)}, timeline ${fmt(r.mid.timeline)}, list ${fmt(r.mid.list)})`);
  }

  const draws = await page.evaluate(async () => {
    const m = window.__sitrep.map;
    const out = [];
    for (const z of [6, 7, 8, 9, 10, 11, 12]) {
      m.map.setView([35.5, 37.0], z, { animate: false });
      await new Promise((r) => setTimeout(r, 50));
      const t0 = performance.now();
      m.redraw();
      out.push([z, performance.now() - t0, m.items.length]);
    }
    const pans = [];
    for (let k = 0; k < 10; k++) {
      m.map.panBy([80, 40], { animate: false });
      const t0 = performance.now();
      m.redraw();
      pans.push(performance.now() - t0);
    }
    return { out, pan: pans.sort((a, b) => a - b)[5] };
  });
  for (const [z, ms, items] of draws.out) console.log(`map redraw at zoom ${z}: ${fmt(ms)} (${items} clusters/points drawn)`);
  console.log(`map redraw after a pan (median of 10): ${fmt(draws.pan)}`);
  if (errors.length) console.log(`page errors: ${errors.join(' | ')}`);
} finally {
  await browser.close();
  server.close();
  await cleanup();
}
