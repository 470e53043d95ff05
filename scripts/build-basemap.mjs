#!/usr/bin/env node
// Builds the dashboard's offline basemap (src/dashboard/assets/basemap.json) from the shared gazetteer:
//   governorate (admin1) and district (admin2) boundaries from Who's On First, simplified with Douglas–Peucker,
//   and the main place labels (GeoNames cities500, with a rank for the zoom at which each label shows).
// Usage: node scripts/build-basemap.mjs [gazetteer folder, default ../shared/data/gazetteer]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const gaz = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data', 'gazetteer'));
const out = join(root, 'src', 'dashboard', 'assets', 'basemap.json');

const round = (x) => Math.round(x * 1e4) / 1e4;

/** Douglas–Peucker on a ring of [lon, lat] points (iterative, keeps the ends). */
function simplify(points, tolerance) {
  if (points.length < 5) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  const t2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a];
    const [bx, by] = points[b];
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1, worstD = t2;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      let d;
      if (len2 === 0) d = (px - ax) ** 2 + (py - ay) ** 2;
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
      }
      if (d > worstD) { worstD = d; worst = i; }
    }
    if (worst >= 0) { keep[worst] = 1; stack.push([a, worst], [worst, b]); }
  }
  const res = [];
  for (let i = 0; i < points.length; i++) if (keep[i]) res.push([round(points[i][0]), round(points[i][1])]);
  return res;
}

const latin = (s) => /^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff‘’`']+$/.test(s);
const ascii = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[‘’`]/g, "'");

const boundaries = JSON.parse(readFileSync(join(gaz, 'wof_SY_admin1_admin2_boundaries.geojson'), 'utf8'));
const features = [];
const idToName = new Map();
for (const f of boundaries.features) {
  const p = f.properties;
  idToName.set(p['wof:id'], p['wof:name']);
}
for (const f of boundaries.features) {
  const p = f.properties;
  if (p['wof:name'] === 'United Nations Disengagement Observer Force') continue;
  const level = p['wof:placetype'] === 'region' ? 1 : 2;
  const tol = level === 1 ? 0.012 : 0.008;
  const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const polys = rings
    .map((poly) => poly.map((ring) => simplify(ring, tol)).filter((r) => r.length >= 4))
    .filter((poly) => poly.length > 0);
  if (!polys.length) continue;
  const eng = (p['name:eng_x_preferred'] ?? [])[0];
  features.push({
    type: 'Feature',
    properties: {
      level,
      name: p['wof:name'],
      alt: eng && eng !== p['wof:name'] ? eng : undefined,
      parent: level === 2 ? idToName.get(p['wof:parent_id']) ?? null : undefined,
    },
    geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys },
  });
}

// Place labels: GeoNames cities500 rows (Syria, and the large towns across the borders).
const places = [];
for (const line of readFileSync(join(gaz, 'geonames_cities500_SY_LB_IQ_TRborder.txt'), 'utf8').split('\n')) {
  const c = line.split('\t');
  if (c.length < 15) continue;
  const [, name, asciiname, , lat, lon, , fcode, country] = c;
  const pop = Number(c[14]) || 0;
  if (country !== 'SY' && pop < 150000) continue;
  if (country === 'SY' && pop < 8000 && !/^PPLA/.test(fcode)) continue;
  const label = latin(name) ? ascii(name) : asciiname;
  const rank = fcode === 'PPLC' || pop >= 300000 ? 1 : /^PPLA$/.test(fcode) || pop >= 60000 ? 2 : pop >= 25000 ? 3 : 4;
  places.push({ n: label, lat: round(Number(lat)), lon: round(Number(lon)), r: rank, c: country });
}
places.sort((a, b) => a.r - b.r || a.n.localeCompare(b.n));

const basemap = {
  attribution: "Boundaries and places: Who's On First (CC0/CC-BY), GeoNames (CC-BY 4.0)",
  boundaries: { type: 'FeatureCollection', features },
  places,
};
mkdirSync(dirname(out), { recursive: true });
const json = JSON.stringify(basemap);
writeFileSync(out, json);
console.log(`basemap: ${features.length} boundaries, ${places.length} places, ${(json.length / 1024).toFixed(0)} KiB -> ${out}`);
