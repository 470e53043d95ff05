// The dashboard without a browser: what the mount serves (offline: app, Leaflet, basemap), and the
// browser modules' pure parts (filtering, exports, naming) run in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { mountDashboard } from '../../src/dashboard/index.js';
import { ROOT } from './fixture.js';

const appJs = (name: string) => join(ROOT, 'src', 'dashboard', 'app', name);

test('the mount serves the app, Leaflet and the basemap from this machine, with a strict content policy', async () => {
  const app = new Hono();
  mountDashboard(app);
  const index = await app.request('/');
  assert.equal(index.status, 200);
  const html = await index.text();
  assert.match(index.headers.get('Content-Security-Policy') ?? '', /script-src 'self'/);
  // every script, style and fetch is local: nothing from a CDN or tile server
  for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) assert.ok(m[1].startsWith('/') || m[1] === '#', `local: ${m[1]}`);
  for (const path of ['/ui/app/main.js', '/ui/app/map.js', '/ui/app/style.css', '/ui/vendor/leaflet/leaflet.js', '/ui/vendor/leaflet/leaflet.css', '/ui/vendor/leaflet/images/layers.png']) {
    const r = await app.request(path);
    assert.equal(r.status, 200, path);
  }
  assert.match((await app.request('/ui/app/main.js')).headers.get('Content-Type') ?? '', /javascript/);
  const bm = await app.request('/ui/assets/basemap.json');
  const basemap = (await bm.json()) as { attribution: string; boundaries: { features: { properties: { level: number } }[] }; places: unknown[] };
  assert.match(basemap.attribution, /Who's On First \(CC0\/CC-BY\), GeoNames \(CC-BY 4\.0\)/);
  assert.equal(basemap.boundaries.features.filter((f) => f.properties.level === 1).length, 14, 'the 14 governorates');
  assert.ok(basemap.boundaries.features.filter((f) => f.properties.level === 2).length >= 60, 'the districts');
  assert.ok(basemap.places.length > 100);
  assert.ok(statSync(join(ROOT, 'src', 'dashboard', 'assets', 'basemap.json')).size < 1024 * 1024, 'basemap under 1 MB');
  for (const bad of ['/ui/app/../index.ts', '/ui/app/%2e%2e/index.ts', '/ui/vendor/leaflet/../../package.json', '/ui/app/nope.js']) {
    assert.equal((await app.request(bad)).status, 404, bad);
  }
});

test('filters: type, actor by any alias, area, outlet, verified, full text, dates and the time brush', async () => {
  const { Dataset } = await import(appJs('data.js'));
  const ds = new Dataset();
  const ev = (id: string, o: Record<string, unknown>) => ({ id, event_type: 'Battles', actor1: '', actor2: '', assoc_actor_1: '', assoc_actor_2: '', source: '', notes: '', admin1: '', admin2: '', latitude: 35, longitude: 36, fatalities: 0, verified: false, docs: [id], evidence: [], ...o });
  ds.catalog = [{ name: 'HTS: Hayat Tahrir al-Sham', aliases: ['HTS', 'Hayyaat Tahrir al-Sham', 'Jabhat al-Nusra'] }];
  ds.setAll([
    ev('a', { event_date: '2023-07-01', actor1: 'HTS: Hayat Tahrir al-Sham', admin1: 'Idleb', source: 'SOHR', notes: 'Clashes in Kabani', fatalities: 3 }),
    ev('b', { event_date: '2023-07-05', event_type: 'Protests', actor1: 'Protesters (Syria)', assoc_actor_2: 'HTS: Hayat Tahrir al-Sham', admin1: 'Idleb', source: 'SANA; SOHR', verified: true }),
    ev('c', { event_date: '2023-08-01', actor1: 'Military Forces of Syria (2000-2024)', admin1: 'Lattakia', source: 'SANA', evidence: [{ start: 0, end: 5, text: 'regime forces shelled' }] }),
    ev('d', { event_date: null, actor1: 'Islamic State (Syria)', admin1: 'Raqqa' }),
  ]);
  const ids = (s: Record<string, string>, brush = true) => Array.from(ds.filter(s, brush) as Uint32Array, (i) => ds.events[i].id).sort().join(',');
  assert.equal(ids({}), 'a,b,c,d');
  assert.equal(ids({ type: 'Battles' }), 'a,c,d');
  assert.equal(ids({ actor: 'Jabhat al-Nusra' }), 'a,b', 'a former name finds the actor, as associate too');
  assert.equal(ids({ actor: 'hts' }), 'a,b');
  assert.equal(ids({ admin1: 'Idleb' }), 'a,b');
  assert.equal(ids({ outlet: 'SANA' }), 'b,c');
  assert.equal(ids({ verified: 'yes' }), 'b');
  assert.equal(ids({ verified: 'no' }), 'a,c,d');
  assert.equal(ids({ q: 'kabani' }), 'a');
  assert.equal(ids({ q: 'regime shelled' }), 'c', 'every word, evidence included');
  assert.equal(ids({ from: '2023-07-02' }), 'b,c', 'undated events drop out of a date range');
  assert.equal(ids({ b0: '2023-07-01', b1: '2023-07-31' }), 'a,b');
  assert.equal(ids({ b0: '2023-07-01', b1: '2023-07-31' }, false), 'a,b,c,d', 'the timeline itself ignores the brush');
  assert.equal(ids({ bbox: '37,34,38,35' }), '', 'outside the box');
  assert.equal(ids({ bbox: '35.5,34.5,36.5,35.5' }), 'a,b,c,d', 'inside the box');
  ds.events[1].latitude = 36.1; // (the columns are rebuilt by setAll)
  ds.setAll(ds.events.slice());
  assert.equal(ids({ bbox: '35.5,35.9,36.5,36.5' }), 'b');
  ds.remove(['a']);
  assert.equal(ids({ outlet: 'SOHR' }), 'b');
});

test('exports: CSV in ACLED column order with formulas defused, GeoJSON points', async () => {
  const { toCSV, toGeoJSON } = await import(appJs('exports.js'));
  const e = { id: 'x', event_date: '2023-07-01', event_type: 'Battles', notes: 'He said "no", then left,\nquickly', actor1: '=HYPERLINK("http://evil")', latitude: 35.1, longitude: 36.2, fatalities: 2 };
  const csv = toCSV([e]) as string;
  const [head, row] = csv.split('\r\n');
  assert.ok(head.startsWith('event_date,time_precision,event_type,sub_event_type,actor1,'));
  assert.ok(row.includes(`"He said ""no"", then left,\nquickly"`) || csv.includes(`"He said ""no"", then left,\nquickly"`));
  assert.ok(csv.includes(`"'=HYPERLINK(""http://evil"")"`), 'a formula is kept as text');
  const geo = toGeoJSON([e, { ...e, id: 'y', latitude: null }]);
  assert.equal(geo.features.length, 1);
  assert.deepEqual(geo.features[0].geometry.coordinates, [36.2, 35.1]);
});

test('naming: the API answer becomes one column per outlet', async () => {
  const { normaliseNaming } = await import(appJs('sources.js'));
  const api = [{ outlet: 'SANA', actors: [{ actor: 'HTS', forms: [{ form: 'terrorists', count: 4 }, { form: 'Jabhat al-Nusra', count: 1 }] }] }, { outlet: 'SOHR', actors: [{ actor: 'HTS', forms: [{ form: 'HTS', count: 3 }] }] }];
  assert.deepEqual(normaliseNaming(api), [
    { outlet: 'SANA', forms: [{ form: 'terrorists', count: 4 }, { form: 'Jabhat al-Nusra', count: 1 }] },
    { outlet: 'SOHR', forms: [{ form: 'HTS', count: 3 }] },
  ]);
  assert.deepEqual(normaliseNaming({ SANA: { terrorists: 2 } }), [{ outlet: 'SANA', forms: [{ form: 'terrorists', count: 2 }] }]);
  const { namingMatrix } = await import(appJs('sources.js'));
  const m = namingMatrix([...api, { outlet: 'SOHR2', actors: [{ actor: 'Syrian army', forms: [{ form: 'regime forces', count: 5 }] }] }]);
  assert.deepEqual(m.outlets, ['SANA', 'SOHR', 'SOHR2']);
  assert.deepEqual(m.rows.map((r: { actor: string }) => r.actor), ['HTS', 'Syrian army'], 'actors by how often they are named');
  assert.deepEqual(m.rows[0].by.get('SANA').map((f: { form: string }) => f.form), ['terrorists', 'Jabhat al-Nusra']);
});
