// Builds data/places/gazetteer.tsv from the shared gazetteer sources (Who's On First + GeoNames).
//
//   node --import tsx scripts/build-gazetteer.ts [--source ../shared/data/gazetteer]
//   node --import tsx scripts/build-gazetteer.ts --index-only    (only data/places/index.txt; needs no sources)
//
// Last, it writes data/places/index.txt: what the recogniser loads at start-up, precomputed from all the files
// of data/places (gazetteer, keys, features, admin1, ambiguous names, name fixes, stoplist, English words).
// Rerun with --index-only after editing one of the hand-curated files (until then the slower path is used).
//
// The output is committed, so users of Sitrep never need the sources. Columns of the output:
//   id  name  kind  country  admin1  admin2  lat  lon  population  names  names_ar
// id is "wof:<id>" or "gn:<id>"; names and names_ar are |-separated alternate names (Latin script / Arabic).
// Syrian admin1/admin2 come from point-in-polygon against WOF's meso (OCHA-style) boundaries, with
// WOF's own hierarchy as fallback, and are written in OCHA spelling.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nameKeys as keysOf, KEY_VERSION } from '../src/knowledge/placeKeys.js';
import { buildPlacesIndex } from '../src/knowledge/places.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argi = process.argv.indexOf('--source');
const src = argi > 0 ? resolve(process.argv[argi + 1]!) : resolve(root, '..', 'shared', 'data', 'gazetteer');
const outDir = join(root, 'data', 'places');

function writeIndex(): void {
  const text = buildPlacesIndex();
  writeFileSync(join(outDir, 'index.txt'), text);
  console.log(`index.txt: ${(text.length / 1e6).toFixed(1)} MB`);
}
if (process.argv.includes('--index-only')) {
  writeIndex();
  process.exit(0);
}

/** WOF region names → admin1 as written in our output (OCHA spelling for Syria). */
const ADMIN1: Record<string, string> = {
  Lattakia: 'Lattakia', Tartus: 'Tartous', 'Ar Raqqah': 'Ar-Raqqa', Aleppo: 'Aleppo', Hamah: 'Hama',
  'Homs (Hims)': 'Homs', Idlib: 'Idleb', 'Hasaka (Al Haksa)': 'Al-Hasakeh', 'Days Az Zawr': 'Deir-ez-Zor',
  "As Suwayda'": 'As-Sweida', 'Rif Dimashq': 'Rural Damascus', Quneitra: 'Quneitra', 'Dar`a': "Dar'a",
  Damascus: 'Damascus', 'United Nations Disengagement Observer Force': 'Quneitra',
  // neighbours
  Sanliurfa: 'Sanliurfa', Hatay: 'Hatay', Mardin: 'Mardin', Gaziantep: 'Gaziantep', Sirnak: 'Sirnak', Kilis: 'Kilis',
  'Baalbek Hermel': 'Baalbek-Hermel', 'At-Ta\'mim': 'Kirkuk',
};
const COUNTRY: Record<string, string> = { SY: 'Syria', TR: 'Turkey', LB: 'Lebanon', IQ: 'Iraq' };
/** Iraqi governorates kept whole (border areas); elsewhere in Iraq only GeoNames cities500 towns. */
const IQ_BORDER = new Set(['Ninawa', 'Dihok', 'Al-Anbar']);
/** WOF counties that are not Syrian districts (mis-parented records). */
const SKIP_COUNTY = new Set(['421188347', '421189633', '421202299', '421177699']);

type Row = Record<string, string>;

function readTsv(file: string): Row[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => {
    const cols = l.split('\t');
    const r: Row = {};
    head.forEach((h, i) => (r[h] = cols[i] ?? ''));
    return r;
  });
}

// ---------- GeoNames cities500 (population, feature code, alternate names) ----------
interface Gn { id: string; name: string; ascii: string; alt: string[]; lat: number; lon: number; fcode: string; cc: string; a1: string; pop: number }
const gn = new Map<string, Gn>();
for (const l of readFileSync(join(src, 'geonames_cities500_SY_LB_IQ_TRborder.txt'), 'utf8').split('\n')) {
  const c = l.split('\t');
  if (c.length < 15) continue;
  gn.set(c[0]!, {
    id: c[0]!, name: c[1]!, ascii: c[2]!, alt: c[3] ? c[3].split(',') : [], lat: Number(c[4]), lon: Number(c[5]),
    fcode: c[7]!, cc: c[8]!, a1: c[10]!, pop: Number(c[14]) || 0,
  });
}
const gnAdmin1 = new Map<string, string>();
for (const l of readFileSync(join(src, 'geonames_admin1CodesASCII.txt'), 'utf8').split('\n')) {
  const c = l.split('\t');
  if (c.length >= 2) gnAdmin1.set(c[0]!, c[1]!);
}
const GN_SY_ADMIN1: Record<string, string> = {
  '01': 'Al-Hasakeh', '02': 'Lattakia', '03': 'Quneitra', '04': 'Ar-Raqqa', '05': 'As-Sweida', '06': "Dar'a",
  '07': 'Deir-ez-Zor', '08': 'Rural Damascus', '09': 'Aleppo', '10': 'Hama', '11': 'Homs', '12': 'Idleb',
  '13': 'Damascus', '14': 'Tartous',
};

// ---------- Syrian boundaries for point-in-polygon ----------
interface Poly { id: string; name: string; placetype: string; parent: string; rings: number[][][]; bbox: [number, number, number, number] }
const polys: Poly[] = [];
{
  const gj = JSON.parse(readFileSync(join(src, 'wof_SY_admin1_admin2_boundaries.geojson'), 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[];
  };
  for (const f of gj.features) {
    const p = f.properties;
    const polysCoords = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
    for (const poly of polysCoords) {
      let minX = 999, minY = 999, maxX = -999, maxY = -999;
      for (const [x, y] of poly[0]!) {
        minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
      }
      polys.push({
        id: String(p['wof:id']), name: String(p['wof:name']), placetype: String(p['wof:placetype']),
        parent: String(p['wof:parent_id']), rings: poly, bbox: [minX, minY, maxX, maxY],
      });
    }
  }
}
function inRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function pip(lon: number, lat: number, placetype: string): Poly | undefined {
  for (const p of polys) {
    if (p.placetype !== placetype) continue;
    if (lon < p.bbox[0] || lon > p.bbox[2] || lat < p.bbox[1] || lat > p.bbox[3]) continue;
    if (!inRing(lon, lat, p.rings[0]!)) continue;
    if (p.rings.slice(1).some((h) => inRing(lon, lat, h))) continue;
    return p;
  }
  return undefined;
}
const regionById = new Map<string, string>();
for (const p of polys) if (p.placetype === 'region') regionById.set(p.id, p.name);

// ---------- names ----------
const LATIN = /^[\p{Script=Latin}\p{M}\s'’‘`ʿʾ\-.,0-9]+$/u;
const ARABIC = /^[\p{Script=Arabic}\s]+$/u;
function splitNames(s: string | undefined): string[] {
  return s ? s.split('|').map((x) => x.trim()).filter((x) => x.length > 1 && x.length <= 60) : [];
}
const ADMIN_WORDS = /\b(district|governorate|province|muhafaz|mintaqat|nahiyah|subdistrict|sub-district|ilçesi|kaza|nahiye|destrict)\b/i;
/** Latin-script display form: no diacritics, no ayn/hamza marks. */
function plain(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[`‘’ʿʾ]/g, '').replace(/ı/g, 'i').replace(/\s+/g, ' ').trim();
}
function addUnique(list: string[], seen: Set<string>, names: string[]): void {
  for (const n of names) {
    if (!/\p{Lu}/u.test(n) && !ARABIC.test(n)) continue; // all-lower-case machine transliterations ("adlb")
    const k = n.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    list.push(n.replace(/[\t|]/g, ' '));
  }
}

function kindOf(placetype: string, fcode: string, pop: number): string {
  if (placetype === 'region') return 'admin1';
  if (placetype === 'county') return 'admin2';
  if (placetype === 'neighbourhood') return 'neighbourhood';
  if (placetype === 'campus') return 'site';
  if (placetype === 'country') return 'country';
  if (fcode === 'PPLC' || fcode === 'PPLA' || pop >= 100000) return 'city';
  if (fcode === 'PPLA2' || fcode === 'PPLA3' || pop >= 5000) return 'town';
  return 'village';
}

interface Out { id: string; name: string; kind: string; country: string; admin1: string; admin2: string; lat: number; lon: number; population: number; names: string[]; ar: string[] }
const out: Out[] = [];
const usedGn = new Set<string>();

for (const file of ['wof_SY_places.tsv', 'wof_TR_border_places.tsv', 'wof_LB_places.tsv', 'wof_IQ_places.tsv']) {
  for (const r of readTsv(join(src, file))) {
    const cc = r['country']!;
    const pt = r['placetype']!;
    if (pt === 'country' || SKIP_COUNTY.has(r['wof_id']!)) continue;
    const g = r['gn_id'] ? gn.get(r['gn_id']) : undefined;
    if (cc === 'IQ' && !IQ_BORDER.has(r['region_name']!) && !g && pt !== 'region') continue;
    if (cc !== 'SY' && cc !== 'TR' && cc !== 'LB' && cc !== 'IQ') continue;
    const lat = Number(r['lat']), lon = Number(r['lon']);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const pop = Math.max(Number(r['population']) || 0, g?.pop ?? 0);
    let admin1 = ADMIN1[r['region_name']!] ?? r['region_name']!;
    let admin2 = r['county_name'] ?? '';
    if (cc === 'SY') {
      if (pt === 'region') admin1 = ADMIN1[r['name']!] ?? r['name']!;
      else {
        const a1 = pip(lon, lat, 'region');
        const a2 = pt === 'county' ? undefined : pip(lon, lat, 'county');
        if (a1) admin1 = ADMIN1[a1.name] ?? a1.name;
        else if (g && GN_SY_ADMIN1[g.a1]) admin1 = GN_SY_ADMIN1[g.a1]!;
        if (pt === 'county') admin2 = r['name']!;
        else if (a2) { admin2 = a2.name; const par = regionById.get(a2.parent); if (!a1 && par) admin1 = ADMIN1[par] ?? par; }
      }
    } else if (!admin1 && g) {
      admin1 = gnAdmin1.get(`${g.cc}.${g.a1}`) ?? '';
    }
    if (pt === 'region') admin2 = '';
    const names: string[] = [];
    const seen = new Set<string>([r['name']!.toLowerCase()]);
    addUnique(names, seen, splitNames(r['names_eng']));
    if (g) addUnique(names, seen, [g.name, g.ascii, ...g.alt.filter((a) => LATIN.test(a))]);
    addUnique(names, seen, splitNames(r['names_tur']).filter((a) => LATIN.test(a)));
    addUnique(names, seen, splitNames(r['names_kur']).filter((a) => LATIN.test(a)));
    addUnique(names, seen, splitNames(r['names_other']).filter((a) => LATIN.test(a)));
    if (pt === 'locality') for (let i = names.length - 1; i >= 0; i--) if (ADMIN_WORDS.test(names[i]!)) names.splice(i, 1);
    const eng = splitNames(r['names_eng']).find((a) => LATIN.test(a) && !ADMIN_WORDS.test(a));
    const display = plain(LATIN.test(r['name']!) && !eng ? r['name']! : eng ?? (g && LATIN.test(g.ascii) ? g.ascii : r['name']!));
    if (display !== r['name']) { names.unshift(r['name']!); }
    const ar: string[] = [];
    const seenAr = new Set<string>();
    addUnique(ar, seenAr, splitNames(r['names_ara']).filter((a) => ARABIC.test(a)));
    if (g) addUnique(ar, seenAr, g.alt.filter((a) => ARABIC.test(a)));
    if (g) usedGn.add(g.id);
    out.push({
      id: `wof:${r['wof_id']}`, name: display, kind: kindOf(pt, g?.fcode || r['gn_fcode'] || '', pop), country: COUNTRY[cc]!,
      admin1, admin2, lat, lon, population: pop, names, ar,
    });
  }
}
// cities500 rows that WOF lacks
for (const g of gn.values()) {
  if (usedGn.has(g.id)) continue;
  let admin1 = gnAdmin1.get(`${g.cc}.${g.a1}`) ?? '';
  let admin2 = '';
  if (g.cc === 'SY') {
    const a1 = pip(g.lon, g.lat, 'region');
    const a2 = pip(g.lon, g.lat, 'county');
    admin1 = a1 ? ADMIN1[a1.name] ?? a1.name : GN_SY_ADMIN1[g.a1] ?? admin1;
    admin2 = a2?.name ?? '';
  }
  const seen = new Set<string>([g.name.toLowerCase()]);
  const names: string[] = [];
  addUnique(names, seen, [g.ascii, ...g.alt.filter((a) => LATIN.test(a))]);
  const ar: string[] = [];
  addUnique(ar, new Set(), g.alt.filter((a) => ARABIC.test(a)));
  out.push({
    id: `gn:${g.id}`, name: plain(g.ascii || g.name), kind: kindOf('locality', g.fcode, g.pop), country: COUNTRY[g.cc]!, admin1, admin2,
    lat: g.lat, lon: g.lon, population: g.pop, names, ar,
  });
}

// rows the sources leave without a province: the nearest row of the same country that has one (within 30 km)
{
  const km = (a: Out, b: Out): number => {
    const r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
    return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
  };
  const known = out.filter((o) => o.admin1 && o.kind !== 'admin1');
  for (const o of out) {
    if (o.admin1) continue;
    let best: Out | undefined, bestKm = 30;
    for (const k of known) {
      if (k.country !== o.country || Math.abs(k.lat - o.lat) > 0.3 || Math.abs(k.lon - o.lon) > 0.4) continue;
      const d = km(o, k);
      if (d < bestKm) { bestKm = d; best = k; }
    }
    if (best) { o.admin1 = best.admin1; if (!o.admin2) o.admin2 = best.admin2; }
  }
}

// one alternate name per matching key (the recogniser matches on these keys anyway): "Jisr ash Shughūr"
// and "Jisr ash Shughur" are one entry
for (const o of out) {
  const seen = new Set<string>([keysOf(o.name)?.light ?? '']);
  o.names = o.names.filter((n) => {
    const k = keysOf(n)?.light;
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
mkdirSync(outDir, { recursive: true });
const header = 'id\tname\tkind\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tnames\tnames_ar';
const lines = out.map((o) =>
  [o.id, o.name, o.kind, o.country, o.admin1, o.admin2, o.lat.toFixed(5), o.lon.toFixed(5), String(o.population), o.names.join('|'), o.ar.join('|')].join('\t'),
);
writeFileSync(join(outDir, 'gazetteer.tsv'), header + '\n' + lines.join('\n') + '\n');
// the names' matching keys, so that loading needs no key computation (same order as name, names, names_ar)
writeFileSync(
  join(outDir, 'keys.tsv'),
  `# key-version ${KEY_VERSION}\n` +
    out.map((o) => [o.name, ...o.names, ...o.ar].map((n) => { const k = keysOf(n); return k ? `${k.light}/${k.fuzzy}` : ''; }).join('|')).join('\n') + '\n',
);
copyFileSync(join(src, 'WOF_LICENSE.md'), join(outDir, 'WOF_LICENSE.md'));

// simplified admin boundaries (Syria) for point-in-polygon lookups at run time
function simplify(ring: number[][], tol: number): number[][] {
  // Douglas–Peucker
  if (ring.length < 5) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1; keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = ring[a] as [number, number];
    const [bx, by] = ring[b] as [number, number];
    let best = -1, bi = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = ring[i] as [number, number];
      const dx = bx - ax, dy = by - ay;
      const len = Math.hypot(dx, dy);
      const d = len < 1e-12 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / len;
      if (d > best) { best = d; bi = i; }
    }
    if (best > tol) { keep[bi] = 1; stack.push([a, bi], [bi, b]); }
  }
  return ring.filter((_, i) => keep[i]).map(([x, y]) => [Math.round(x! * 1e4) / 1e4, Math.round(y! * 1e4) / 1e4]);
}
const boundaries = polys.map((p) => ({
  kind: p.placetype === 'region' ? 'admin1' : 'admin2',
  name: p.placetype === 'region' ? ADMIN1[p.name] ?? p.name : p.name,
  admin1: p.placetype === 'region' ? ADMIN1[p.name] ?? p.name : ADMIN1[regionById.get(p.parent) ?? ''] ?? '',
  rings: p.rings.map((r) => simplify(r, 0.003)),
}));
writeFileSync(join(outDir, 'boundaries-sy.json'), JSON.stringify(boundaries));
const counts: Record<string, number> = {};
for (const o of out) counts[o.country] = (counts[o.country] ?? 0) + 1;
console.log(`gazetteer.tsv: ${out.length} places`, counts, `; boundaries-sy.json: ${boundaries.length} polygons`);

// English words that collide with a one-word place name (by transliteration key): a capitalised one at the
// start of a sentence ("Home", "Regime") is no place. Needs a word list (Debian package wamerican).
{
  const { nameKeys, skeletonKey } = await import('../src/knowledge/placeKeys.js');
  const dict = '/usr/share/dict/words';
  let words: string[] = [];
  try { words = readFileSync(dict, 'utf8').split('\n'); } catch { console.warn(`${dict} not found (apt-get install wamerican): english-words.txt left as it is`); }
  if (words.length) {
    const single = new Set<string>();
    const addName = (n: string): void => {
      const k = nameKeys(n);
      if (!k) return;
      if (k.tokens === 1) { single.add(k.fuzzy); single.add(k.light); }
      if (k.tokens <= 3) single.add('#' + skeletonKey(k.fuzzy));
    };
    for (const o of out) { addName(o.name); o.names.forEach(addName); }
    for (const l of readFileSync(join(outDir, 'features.tsv'), 'utf8').split('\n')) {
      if (l.startsWith('#') || !l.includes('\t')) continue;
      const c = l.split('\t'); addName(c[1]!); (c[9] ?? '').split('|').forEach(addName);
    }
    const keep = new Set<string>();
    for (const w of words) {
      if (!/^[a-z]{2,}$/.test(w)) continue;
      const k = nameKeys(w);
      if (k && (single.has(k.fuzzy) || single.has(k.light) || single.has('#' + skeletonKey(k.fuzzy)))) keep.add(w);
    }
    writeFileSync(join(outDir, 'english-words.txt'),
      '# Common English words (from the wamerican word list) that collide with a one-word place name; made by scripts/build-gazetteer.ts\n' +
      [...keep].sort().join('\n') + '\n');
    console.log(`english-words.txt: ${keep.size} words`);
  }
}

writeIndex();
