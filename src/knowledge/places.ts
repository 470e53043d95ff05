// The gazetteer: loads data/places/* once and offers lookups by name (transliteration-tolerant),
// by id, and by point (admin1/admin2 of a coordinate in Syria).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Place } from '../recognise/types.js';
import { nameKeys, lightToken, fuzzyToken, skeletonKey, editDistance, KEY_VERSION } from './placeKeys.js';
import { existsSync } from 'node:fs';

export { nameKeys, lightToken, fuzzyToken, nameTokens, skeletonKey, editDistance, ARTICLES } from './placeKeys.js';

/** A gazetteer entry: the Place contract plus what the recogniser needs. */
export interface GazetteerPlace extends Place {
  /** "wof:123", "gn:123", "feature:jabal-al-turkman", "admin1:Idleb" */
  id: string;
  /** geo_precision a bare mention of this entry gets (1 towns, 2 small areas/roads, 3 regions) */
  precision: 1 | 2 | 3;
  /** for admin1 capitals: the admin1 they head */
  capitalOf?: string;
  /** alternate names (Latin and Arabic) */
  names: string[];
}

export interface Admin1Info {
  name: string;
  country: string;
  /** id of the main town, where region-only mentions are coded */
  capitalId: string;
  /** the admin1 meant by "<name> countryside" when it is another one (Damascus → Rural Damascus) */
  countryside: string;
  aliases: string[];
}

export interface PlacesKnowledge {
  places: GazetteerPlace[];
  byId: Map<string, GazetteerPlace>;
  /** fuzzy key → indices into places */
  fuzzy: KeyIndex;
  /** light key → indices into places (exact spellings) */
  light: KeyIndex;
  /** consonant skeleton → indices into places (a last resort, taken only where the context agrees) */
  skeleton: KeyIndex;
  /** light keys of each place's names (same order as places) */
  nameLights: string[][];
  /** longest name in tokens */
  maxTokens: number;
  admin1: Map<string, Admin1Info>;
  /** light key of an admin1 alias → OCHA admin1 name */
  admin1Alias: Map<string, string>;
  /** light keys never taken as a place on their own (English words, actor names, months…) */
  stop: Set<string>;
  /** fuzzy key → light forms of stoplist words that also block their variants ("Suqor" is "Suqour") */
  stopFuzzy: Map<string, string[]>;
  /** personal names: never a place on their own, even with an article ("al-Walid"); fine inside a longer name */
  nameStop: Set<string>;
  /** light keys not taken as a place when written bare, without an article ("Bab", but "al-Bab" is fine) */
  weakStop: Set<string>;
  /** light keys of common English words (a capitalised one at a sentence start is no place) */
  english: Set<string>;
  /** light key → preferred place id when context does not settle an ambiguous name */
  preferred: Map<string, string>;
  boundaries: Boundary[];
}

interface Boundary {
  kind: 'admin1' | 'admin2';
  name: string;
  admin1: string;
  rings: number[][][];
  bbox: [number, number, number, number];
}

/** data/places, found from this module's location (works from src/ via tsx and from dist/). */
export const PLACES_DIR = fileURLToPath(new URL('../../data/places/', import.meta.url));

interface NameKey { light: string; fuzzy: string; tokens: number }

/** data/places/keys.tsv: one line per gazetteer row, "light/fuzzy" per name, "|"-separated; null if stale or absent */
function precomputedKeys(rows: number): (NameKey | null)[][] | null {
  const file = PLACES_DIR + 'keys.tsv';
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[0] !== `# key-version ${KEY_VERSION}`) return null;
  const out: (NameKey | null)[][] = [];
  for (let i = 1; i <= rows; i++) {
    const line = lines[i];
    if (line === undefined) return null;
    out.push(
      line === ''
        ? []
        : line.split('|').map((pair) => {
            if (pair === '') return null;
            const slash = pair.indexOf('/');
            const light = pair.slice(0, slash);
            let tokens = 1;
            for (let c = 0; c < light.length; c++) if (light.charCodeAt(c) === 32) tokens++;
            return { light, fuzzy: pair.slice(slash + 1), tokens };
          }),
    );
  }
  return out;
}

function readLines(file: string): string[] {
  return readFileSync(PLACES_DIR + file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

function readTable(file: string): Record<string, string>[] {
  const lines = readLines(file);
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => {
    const cols = l.split('\t');
    const r: Record<string, string> = {};
    head.forEach((h, i) => (r[h] = (cols[i] ?? '').trim()));
    return r;
  });
}

const splitBar = (s: string | undefined): string[] => (s ? s.split('|').map((x) => x.trim()).filter(Boolean) : []);

/** key → place indices; one place is stored as a bare number (most keys), to spare memory and load time */
export class KeyIndex {
  private readonly map = new Map<string, number | number[]>();
  add(key: string, i: number): void {
    const v = this.map.get(key);
    if (v === undefined) this.map.set(key, i);
    else if (typeof v === 'number') { if (v !== i) this.map.set(key, [v, i]); }
    else if (v[v.length - 1] !== i) v.push(i);
  }
  get(key: string): number[] | undefined {
    const v = this.map.get(key);
    return v === undefined ? undefined : typeof v === 'number' ? [v] : v;
  }
  /** the stored value without copying: a bare number for one place */
  peek(key: string): number | number[] | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  get size(): number {
    return this.map.size;
  }
}

let cached: PlacesKnowledge | undefined;

/** The loaded gazetteer (loaded on first use, then cached). */
export function placesKnowledge(): PlacesKnowledge {
  if (!cached) cached = load();
  return cached;
}

function load(): PlacesKnowledge {
  const places: GazetteerPlace[] = [];
  const removed = new Map<string, Set<string>>(); // place id → light keys of names to drop
  for (const r of readTable('name-fixes.tsv')) {
    if (r['action'] === 'remove') {
      const set = removed.get(r['id']!) ?? new Set<string>();
      set.add(nameKeys(r['name']!)?.light ?? '');
      removed.set(r['id']!, set);
    }
  }
  const extraNames = new Map<string, string[]>();
  for (const r of readTable('name-fixes.tsv')) {
    if (r['action'] === 'add') extraNames.set(r['id']!, [...(extraNames.get(r['id']!) ?? []), r['name']!]);
  }

  for (const r of readTable('gazetteer.tsv')) {
    const kind = r['kind']!;
    places.push({
      id: r['id']!,
      name: r['name']!,
      country: r['country']!,
      admin1: r['admin1']!,
      admin2: r['admin2']!,
      admin3: '',
      lat: Number(r['lat']),
      lon: Number(r['lon']),
      kind,
      population: Number(r['population']) || 0,
      precision: kind === 'admin1' ? 3 : kind === 'admin2' ? 3 : 1,
      names: [...splitBar(r['names']), ...splitBar(r['names_ar']), ...(extraNames.get(r['id']!) ?? [])],
    });
  }
  const gazetteerRows = places.length;
  for (const r of readTable('features.tsv')) {
    places.push({
      id: `feature:${r['id']}`,
      name: r['name']!,
      country: r['country'] || 'Syria',
      admin1: r['admin1']!,
      admin2: r['admin2'] ?? '',
      admin3: '',
      lat: Number(r['lat']),
      lon: Number(r['lon']),
      kind: r['kind']!,
      population: 0,
      precision: (Number(r['precision']) || 2) as 1 | 2 | 3,
      names: splitBar(r['aliases']),
    });
  }
  const byId = new Map(places.map((p) => [p.id, p]));

  const admin1 = new Map<string, Admin1Info>();
  const admin1Alias = new Map<string, string>();
  for (const r of readTable('admin1.tsv')) {
    const info: Admin1Info = {
      name: r['admin1']!, country: r['country']!, capitalId: r['capital_id']!, countryside: r['countryside'] || r['admin1']!,
      aliases: splitBar(r['aliases']),
    };
    admin1.set(info.name, info);
    for (const a of [info.name, ...info.aliases]) {
      const k = nameKeys(a);
      if (k) admin1Alias.set(k.light, info.name);
    }
    const cap = byId.get(info.capitalId);
    if (cap) cap.capitalOf = info.name;
  }

  const fuzzy = new KeyIndex();
  const light = new KeyIndex();
  const skeleton = new KeyIndex();
  const nameLights: string[][] = [];
  let maxTokens = 1;
  const add = (map: KeyIndex, key: string, i: number): void => map.add(key, i);
  // keys of the gazetteer's names, precomputed by scripts/build-gazetteer.ts (same order as the names)
  const pre = precomputedKeys(gazetteerRows);
  places.forEach((p, i) => {
    const drop = removed.get(p.id);
    const lights: string[] = [];
    nameLights.push(lights);
    const preKeys = pre?.[i];
    const all = [p.name, ...p.names];
    for (let j = 0; j < all.length; j++) {
      const k = preKeys && j < preKeys.length ? preKeys[j]! : nameKeys(all[j]!);
      if (!k || k.tokens > 6) continue;
      if (drop?.has(k.light)) continue;
      add(light, k.light, i);
      add(fuzzy, k.fuzzy, i);
      lights.push(k.light);
      if (k.tokens <= 3 && p.country === 'Syria') {
        const sk = skeletonKey(k.fuzzy);
        if (sk.length >= 3) add(skeleton, sk, i);
      }
      if (k.tokens > maxTokens) maxTokens = k.tokens;
    }
  });

  const stop = new Set<string>();
  const stopFuzzy = new Map<string, string[]>();
  const weakStop = new Set<string>();
  const nameStop = new Set<string>();
  let fuzzyStop = false;
  let names = false;
  for (const l of readFileSync(PLACES_DIR + 'stoplist.txt', 'utf8').split('\n')) {
    if (l.startsWith('## fuzzy')) { fuzzyStop = true; names = false; }
    if (l.startsWith('## exact')) { fuzzyStop = false; names = false; }
    if (l.startsWith('## names')) { fuzzyStop = false; names = true; }
    const line = l.replace(/#.*$/, '').trim();
    if (!line) continue;
    const weak = line.startsWith('=');
    for (const tok of (weak ? line.slice(1) : line).split(/\s+/)) {
      const lt = lightToken(tok);
      if (lt) (names ? nameStop : weak ? weakStop : stop).add(lt);
      if (lt && !weak && fuzzyStop && lt.length >= 5) {
        const fk = fuzzyToken(lt);
        stopFuzzy.set(fk, [...(stopFuzzy.get(fk) ?? []), lt]);
      }
    }
  }
  const english = new Set<string>();
  for (const l of readLines('english-words.txt')) english.add(lightToken(l));
  const preferred = new Map<string, string>();
  for (const r of readTable('ambiguous.tsv')) {
    const k = nameKeys(r['name']!);
    if (k) preferred.set(k.light, r['default_id']!);
  }

  const boundaries: Boundary[] = (
    JSON.parse(readFileSync(PLACES_DIR + 'boundaries-sy.json', 'utf8')) as Omit<Boundary, 'bbox'>[]
  ).map((b) => {
    let minX = 999, minY = 999, maxX = -999, maxY = -999;
    for (const [x, y] of b.rings[0]!) {
      minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
    }
    return { ...b, bbox: [minX, minY, maxX, maxY] as [number, number, number, number] };
  });

  return { places, byId, fuzzy, light, skeleton, nameLights, maxTokens, admin1, admin1Alias, stop, stopFuzzy, weakStop, nameStop, english, preferred, boundaries };
}

/** Gazetteer entry by id ("wof:890449849", "feature:jabal-al-turkman"). */
export function placeById(id: string): GazetteerPlace | undefined {
  return placesKnowledge().byId.get(id);
}

/** OCHA admin1 names (Syria first, then the neighbours' border provinces). */
export function admin1Names(country = 'Syria'): string[] {
  return [...placesKnowledge().admin1.values()].filter((a) => a.country === country).map((a) => a.name);
}

/** The OCHA admin1 an alias names ("Idlib", "Edlib", "Rif Dimashq" → "Idleb", "Rural Damascus"), if any. */
export function admin1Of(alias: string): string | undefined {
  const k = nameKeys(alias);
  return k ? placesKnowledge().admin1Alias.get(k.light) : undefined;
}

/** Rank used when nothing else separates candidates: kind, then population, Syria first. */
export function placePrior(p: GazetteerPlace): number {
  const kind: Record<string, number> = { city: 3, town: 2, admin1: 1.2, admin2: 1.5, village: 1, neighbourhood: 0.4, site: 0.8 };
  const pop = p.kind === 'admin1' || p.kind === 'admin2' ? 0 : p.population;
  return (kind[p.kind] ?? 1.6) + Math.log10(pop + 1) * 0.25 + Math.log2(1 + p.names.length) * 0.2 + (p.country === 'Syria' ? 3 : 0) + (p.capitalOf ? 1 : 0);
}

/**
 * Places a name may refer to, best first. `admin1` (OCHA spelling or an alias) restricts and settles ties.
 * Exact spellings come before transliteration variants.
 */
export function lookupPlace(name: string, admin1?: string): GazetteerPlace[] {
  const k = nameKeys(name);
  if (!k) return [];
  const kn = placesKnowledge();
  const want = admin1 ? admin1Of(admin1) ?? admin1 : undefined;
  const exact = new Set(kn.light.get(k.light) ?? []);
  const all = [...new Set([...exact, ...(kn.fuzzy.get(k.fuzzy) ?? [])])];
  const pref = kn.preferred.get(k.light);
  const scored = all
    .filter((i) => !want || kn.places[i]!.admin1 === want)
    .map((i) => {
      const p = kn.places[i]!;
      return { p, s: placePrior(p) + (exact.has(i) ? 2 : 0) + (p.id === pref ? 2 : 0) + (all.length > 1 ? 3 * spellingSimilarity(k.light, i) : 0) };
    });
  return scored.sort((a, b) => b.s - a.s).map((x) => x.p);
}

function inRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Syrian admin1/admin2 (OCHA names) containing a point, from simplified boundaries; empty strings outside Syria. */
export function adminAt(lat: number, lon: number): { admin1: string; admin2: string } {
  let admin1 = '', admin2 = '';
  for (const b of placesKnowledge().boundaries) {
    if (lon < b.bbox[0] || lon > b.bbox[2] || lat < b.bbox[1] || lat > b.bbox[3]) continue;
    if (!inRing(lon, lat, b.rings[0]!) || b.rings.slice(1).some((h) => inRing(lon, lat, h))) continue;
    if (b.kind === 'admin1' && !admin1) admin1 = b.name;
    if (b.kind === 'admin2' && !admin2) { admin2 = b.name; if (!admin1) admin1 = b.admin1; }
  }
  return { admin1, admin2 };
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6371, rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** How close a spelling is to a place's nearest name: 1 identical … 0 nothing alike (light keys). */
const simCache = new Map<string, number>();
export function spellingSimilarity(light: string, placeIndex: number): number {
  const key = light + '\u0000' + placeIndex;
  const hit = simCache.get(key);
  if (hit !== undefined) return hit;
  if (simCache.size > 50000) simCache.clear();
  const sim = similarityUncached(light, placeIndex);
  simCache.set(key, sim);
  return sim;
}
function similarityUncached(light: string, placeIndex: number): number {
  const names = placesKnowledge().nameLights[placeIndex] ?? [];
  let best = 0;
  for (const n of names) {
    if (Math.abs(n.length - light.length) > light.length * (1 - best)) continue;
    const d = editDistance(light, n);
    const sim = 1 - d / Math.max(light.length, n.length);
    if (sim > best) best = sim;
    if (best === 1) break;
  }
  return best;
}

/** Whether a light token is a stoplist word or a close variant of one ("Suqor" of "Suqour", not "Hatay" of "Hayat"). */
export function isStopWord(light: string, fuzzy: string): boolean {
  const kn = placesKnowledge();
  if (kn.stop.has(light)) return true;
  if (light.length < 5) return false;
  const forms = kn.stopFuzzy.get(fuzzy);
  return !!forms?.some((w) => w[0] === light[0] && w[w.length - 1] === light[light.length - 1] && editDistance(w, light) <= 2);
}

const sectorCache = new Map<string, GazetteerPlace | null>();
/**
 * Where to code "northern Idlib", "the south-eastern countryside of Hama": the town nearest the middle of
 * that part of the province (its places in the northern third by latitude, the eastern third by longitude …).
 * `direction` holds north/south/east/west words; undefined when the province or direction is unknown.
 */
export function regionPoint(admin1: string, direction: string): GazetteerPlace | undefined {
  const d = direction.toLowerCase();
  const dirs = ['north', 'south', 'east', 'west'].filter((w) => d.includes(w));
  if (dirs.length === 0) return undefined;
  const key = admin1 + '|' + dirs.join('');
  const hit = sectorCache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const kn = placesKnowledge();
  const ps = kn.places.filter((p) => p.admin1 === admin1 && (p.kind === 'village' || p.kind === 'town' || p.kind === 'city'));
  let result: GazetteerPlace | null = null;
  if (ps.length >= 20) {
    const lats = ps.map((p) => p.lat).sort((a, b) => a - b);
    const lons = ps.map((p) => p.lon).sort((a, b) => a - b);
    const q = (arr: number[], f: number): number => arr[Math.floor((arr.length - 1) * f)]!;
    let sel = ps;
    if (dirs.includes('north')) sel = sel.filter((p) => p.lat >= q(lats, 2 / 3));
    if (dirs.includes('south')) sel = sel.filter((p) => p.lat <= q(lats, 1 / 3));
    if (dirs.includes('east')) sel = sel.filter((p) => p.lon >= q(lons, 2 / 3));
    if (dirs.includes('west')) sel = sel.filter((p) => p.lon <= q(lons, 1 / 3));
    if (sel.length >= 5) {
      const c = { lat: sel.reduce((a, p) => a + p.lat, 0) / sel.length, lon: sel.reduce((a, p) => a + p.lon, 0) / sel.length };
      const towns = sel.filter((p) => p.kind !== 'village');
      const pool = towns.length ? towns : sel;
      result = pool.reduce((best, p) => (distanceKm(p, c) < distanceKm(best, c) ? p : best), pool[0]!);
    }
  }
  sectorCache.set(key, result);
  return result ?? undefined;
}
