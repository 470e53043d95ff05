// The gazetteer: loads data/places/* once and offers lookups by name (transliteration-tolerant),
// by id, and by point (admin1/admin2 of a coordinate in Syria).
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Place } from '../recognise/types.js';
import { nameKeys, lightToken, fuzzyToken, skeletonKey, shortKey, editDistance, KEY_VERSION } from './placeKeys.js';
import { existsSync, statSync } from 'node:fs';

export { nameKeys, lightToken, fuzzyToken, nameTokens, skeletonKey, shortKey, editDistance, memoised, ARTICLES } from './placeKeys.js';

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

/** key → place indices (a Map when built from the sources, a sorted table when read from index.txt) */
export interface PlaceKeyIndex {
  get(key: string): number[] | undefined;
  /** the stored value without copying: a bare number for one place */
  peek(key: string): number | number[] | undefined;
  has(key: string): boolean;
  /** whether a longer key starts with this one and a space ("jisr" of "jisr shughur") */
  hasPrefix(key: string): boolean;
  readonly size: number;
}

export interface PlacesKnowledge {
  /** every place (materialised on first use when read from index.txt; prefer place(i)) */
  readonly places: GazetteerPlace[];
  readonly byId: Map<string, GazetteerPlace>;
  /** number of places */
  count: number;
  /** place by index */
  place(i: number): GazetteerPlace;
  /** place by id (without materialising every place) */
  findId(id: string): GazetteerPlace | undefined;
  /** whether place i is a hand-curated feature (features.tsv) */
  isFeature(i: number): boolean;
  /** light keys of a place's names */
  lightsOf(i: number): string[];
  /** fuzzy key → indices into places */
  fuzzy: PlaceKeyIndex;
  /** light key → indices into places (exact spellings) */
  light: PlaceKeyIndex;
  /** consonant skeleton → indices into places (a last resort, taken only where the context agrees) */
  skeleton: PlaceKeyIndex;
  /** short-vowel key (placeKeys.shortKey) → indices into places, for names written without a short vowel */
  short: PlaceKeyIndex;
  /** light keys of each place's names (same order as places) */
  readonly nameLights: string[][];
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
  /** Syrian admin polygons (read on first use) */
  readonly boundaries: Boundary[];
  /** precomputed regionPoint answers: "admin1|dirs" → place index (-1: none) */
  regionPoints?: Map<string, number>;
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
export class KeyIndex implements PlaceKeyIndex {
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
  entries(): IterableIterator<[string, number | number[]]> {
    return this.map.entries();
  }
  private prefixes: Set<string> | undefined;
  hasPrefix(key: string): boolean {
    if (!this.prefixes) {
      this.prefixes = new Set();
      for (const k of this.map.keys()) for (let sp = k.indexOf(' '); sp > 0; sp = k.indexOf(' ', sp + 1)) this.prefixes.add(k.slice(0, sp));
    }
    return this.prefixes.has(key);
  }
}

let cached: PlacesKnowledge | undefined;

/** The loaded gazetteer (loaded on first use, then cached): from data/places/index.txt when it is up to date, else from the sources. */
export function placesKnowledge(): PlacesKnowledge {
  // SITREP_PLACES_SOURCES=1: ignore index.txt (to compare the two paths)
  if (!cached) cached = (process.env['SITREP_PLACES_SOURCES'] ? undefined : tryIndex()) ?? loadFromSources();
  return cached;
}

let boundaryCache: Boundary[] | undefined;
function loadBoundaries(): Boundary[] {
  boundaryCache ??= (JSON.parse(readFileSync(PLACES_DIR + 'boundaries-sy.json', 'utf8')) as Omit<Boundary, 'bbox'>[]).map((b) => {
    let minX = 999, minY = 999, maxX = -999, maxY = -999;
    for (const [x, y] of b.rings[0]!) {
      minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
    }
    return { ...b, bbox: [minX, minY, maxX, maxY] as [number, number, number, number] };
  });
  return boundaryCache;
}

// ---------------------------------------------------------------------------------------------------------
// data/places/index.txt: everything the recogniser needs, precomputed by scripts/build-gazetteer.ts from the
// other files of data/places, so that start-up reads one file and computes nothing. It is used only while
// its fingerprint (a hash of those files) matches; after an edit of, say, stoplist.txt, the sources are read
// instead (slower start) until `node --import tsx scripts/build-gazetteer.ts --index-only` is run.
// Sections start with "@@<name>"; the key tables are sorted (UTF-16 order) and searched by bisection.

/** Bump when the index layout changes. */
const INDEX_VERSION = 3;
const INDEX_FILE = 'index.txt';
/** the files the index is made from (and whose hash it records) */
const INDEX_SOURCES = ['gazetteer.tsv', 'keys.tsv', 'features.tsv', 'admin1.tsv', 'ambiguous.tsv', 'name-fixes.tsv', 'name-forms.tsv', 'stoplist.txt', 'english-words.txt'];
const GENERATED = new Set(['gazetteer.tsv', 'keys.tsv']);
const DIRECTION_SETS = ['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest'];

/** Hash of the files the index is made from (and of the key and index versions). */
export function placesFingerprint(): string {
  const h = createHash('sha1');
  h.update(`index ${INDEX_VERSION} keys ${KEY_VERSION}\n`);
  for (const f of INDEX_SOURCES) {
    h.update(f + '\n');
    if (!existsSync(PLACES_DIR + f)) continue;
    // the two big generated files (rewritten only with the index, by the same script) by their size; the rest by content
    if (GENERATED.has(f)) h.update(String(statSync(PLACES_DIR + f).size));
    else h.update(readFileSync(PLACES_DIR + f));
  }
  return h.digest('hex');
}

/** The text of data/places/index.txt for the places knowledge built from the sources. */
export function buildPlacesIndex(): string {
  const kn = loadFromSources();
  const out: string[] = [
    '# Sitrep place index, generated by scripts/build-gazetteer.ts from the other files in this folder: do not edit.',
    '# Data from Who\'s On First and GeoNames (CC BY 4.0): see SOURCES.md.',
    `# fingerprint ${placesFingerprint()}`,
    `@@meta\nmaxTokens\t${kn.maxTokens}`,
  ];
  const clean = (s: string): string => s.replace(/[\t\n|]/g, ' ');
  out.push(`@@places ${kn.count}`);
  for (let i = 0; i < kn.count; i++) {
    const p = kn.place(i);
    out.push([p.id, p.name, p.kind, p.country, p.admin1, p.admin2, p.lat, p.lon, p.population, p.precision,
      p.names.map(clean).join('|'), kn.lightsOf(i).join('|')].join('\t'));
  }
  const keyTable = (name: string, ix: PlaceKeyIndex): void => {
    const entries = [...(ix as KeyIndex).entries()].sort((a, b) => indexOrder(a[0], b[0]));
    const body = entries.map(([k, v]) => k + '\t' + (typeof v === 'number' ? String(v) : v.join(',')) + '\n').join('');
    out.push(`@@${name} ${entries.length} ${Buffer.byteLength(body)}`, body.slice(0, -1));
  };
  keyTable('light', kn.light);
  keyTable('fuzzy', kn.fuzzy);
  keyTable('skeleton', kn.skeleton);
  keyTable('short', kn.short);
  const index = new Map<GazetteerPlace, number>();
  kn.places.forEach((p, i) => index.set(p, i));
  out.push(`@@admin1 ${kn.admin1.size}`);
  for (const a of kn.admin1.values()) {
    const cap = kn.findId(a.capitalId);
    out.push([a.name, a.country, a.capitalId, a.countryside, a.aliases.join('|'), cap ? index.get(cap) : -1].join('\t'));
  }
  out.push(`@@features\nfrom\t${kn.places.findIndex((p) => p.id.startsWith('feature:'))}`);
  const mapSection = (name: string, m: Map<string, string>): void => {
    out.push(`@@${name} ${m.size}`);
    for (const [k, v] of m) out.push(k + '\t' + v);
  };
  mapSection('admin1Alias', kn.admin1Alias);
  mapSection('preferred', kn.preferred);
  const setSection = (name: string, s: Set<string>): void => {
    out.push(`@@${name} ${s.size}`);
    for (const k of s) out.push(k);
  };
  setSection('stop', kn.stop);
  setSection('weakStop', kn.weakStop);
  setSection('nameStop', kn.nameStop);
  setSection('english', kn.english);
  out.push(`@@stopFuzzy ${kn.stopFuzzy.size}`);
  for (const [k, v] of kn.stopFuzzy) out.push(k + '\t' + v.join('|'));
  // regionPoint for every admin1 and direction
  const rp = new Map<string, number>();
  for (const a of kn.admin1.keys()) {
    for (const d of DIRECTION_SETS) {
      const p = regionPointIn(kn, a, d);
      rp.set(a + '|' + dirKey(d), p ? index.get(p)! : -1);
    }
  }
  out.push(`@@regionPoints ${rp.size}`);
  for (const [k, v] of rp) out.push(k + '\t' + v);
  return out.join('\n') + '\n';
}

/**
 * The index is read as latin1 (one byte per character: fast, and exact for its ASCII parts); a line with other
 * characters (Arabic keys, names with diacritics) holds their UTF-8 bytes and is decoded when used.
 */
const NON_ASCII = /[^\x00-\x7f]/;
const fromIndex = (s: string): string => (NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s);
const toIndex = (s: string): string => (NON_ASCII.test(s) ? Buffer.from(s, 'utf8').toString('latin1') : s);
/** order of the key tables: that of the keys' UTF-8 bytes */
const indexOrder = (a: string, b: string): number => {
  const x = toIndex(a), y = toIndex(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A sorted key table inside the index text ("key<TAB>i,j" lines): bisection on the bytes, answers memoised. */
class SortedKeyIndex implements PlaceKeyIndex {
  private readonly memo = new Map<string, number | number[] | null>();
  constructor(private readonly text: string, private readonly from: number, private readonly to: number, readonly size: number) {}
  /** compares a key with the key of the line starting at o: <0, 0, >0 */
  private cmp(key: string, o: number): number {
    const t = this.text;
    for (let k = 0; ; k++) {
      const a = k < key.length ? key.charCodeAt(k) : -1;
      let b = t.charCodeAt(o + k);
      if (b === 9) b = -1;
      if (a !== b) return a < b ? -1 : 1;
      if (a === -1) return 0;
    }
  }
  peek(key: string): number | number[] | undefined {
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const t = this.text;
    const k = toIndex(key);
    let lo = this.from, hi = this.to;
    let found: number | number[] | null = null;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      let ls = mid;
      while (ls > lo && t.charCodeAt(ls - 1) !== 10) ls--;
      const c = this.cmp(k, ls);
      if (c === 0) {
        const v = t.slice(ls + k.length + 1, t.indexOf('\n', ls));
        found = v.includes(',') ? v.split(',').map(Number) : Number(v);
        break;
      }
      if (c < 0) hi = ls;
      else lo = t.indexOf('\n', ls) + 1;
    }
    if (this.memo.size > 100000) this.memo.clear();
    this.memo.set(key, found);
    return found ?? undefined;
  }
  get(key: string): number[] | undefined {
    const v = this.peek(key);
    return v === undefined ? undefined : typeof v === 'number' ? [v] : v.slice();
  }
  private readonly prefixMemo = new Map<string, boolean>();
  hasPrefix(key: string): boolean {
    const hit = this.prefixMemo.get(key);
    if (hit !== undefined) return hit;
    const t = this.text;
    const k = toIndex(key) + ' ';
    // the first line whose key is not below k; a key starting with k is there if anywhere
    let lo = this.from, hi = this.to;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      let ls = mid;
      while (ls > lo && t.charCodeAt(ls - 1) !== 10) ls--;
      if (this.cmp(k, ls) > 0) lo = t.indexOf('\n', ls) + 1;
      else hi = ls;
    }
    const found = lo < this.to && t.startsWith(k, lo);
    if (this.prefixMemo.size > 100000) this.prefixMemo.clear();
    this.prefixMemo.set(key, found);
    return found;
  }
  has(key: string): boolean {
    return this.peek(key) !== undefined;
  }
}

/** index.txt when present, fresh and readable; else undefined (the sources are read instead) */
function tryIndex(): PlacesKnowledge | undefined {
  try {
    return loadIndex();
  } catch {
    return undefined;
  }
}

function loadIndex(): PlacesKnowledge | undefined {
  const file = PLACES_DIR + INDEX_FILE;
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file).toString('latin1');
  const fp = /^# fingerprint (\w+)$/m.exec(text.slice(0, 400));
  if (!fp || fp[1] !== placesFingerprint()) return undefined;
  // sections: "@@name count" then count lines; the big ones are skipped by their byte length ("@@name count bytes")
  const sections = new Map<string, { from: number; to: number; n: number }>();
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    if (text.startsWith('@@', pos)) {
      const [name, n, bytes] = text.slice(pos + 2, nl).split(' ') as [string, string | undefined, string | undefined];
      let end: number;
      if (bytes !== undefined) end = nl + 1 + Number(bytes);
      else {
        end = nl + 1;
        for (let i = 0; i < Number(n ?? 1); i++) end = text.indexOf('\n', end) + 1;
      }
      sections.set(name, { from: nl + 1, to: end, n: Number(n ?? 1) });
      pos = end;
    } else pos = nl + 1;
  }
  const section = (name: string): { from: number; to: number; n: number } => {
    const sec = sections.get(name);
    if (!sec) throw new Error(`data/places/${INDEX_FILE}: no section ${name}`);
    return sec;
  };
  const lines = (name: string): string[] => {
    const { from, to } = section(name);
    return from === to ? [] : fromIndex(text.slice(from, to - 1)).split('\n');
  };
  const pairs = (name: string): [string, string][] => lines(name).map((l) => { const t = l.indexOf('\t'); return [l.slice(0, t), l.slice(t + 1)]; });
  const meta = new Map(pairs('meta'));
  const admin1 = new Map<string, Admin1Info>();
  const capitalIndex = new Map<string, number>();
  for (const l of lines('admin1')) {
    const [name, country, capitalId, countryside, aliases, capIndex] = l.split('\t') as [string, string, string, string, string, string];
    admin1.set(name, { name, country, capitalId, countryside, aliases: splitBar(aliases) });
    if (Number(capIndex) >= 0) capitalIndex.set(capitalId, Number(capIndex));
  }
  const capitals = new Map<string, string>();
  for (const a of admin1.values()) capitals.set(a.capitalId, a.name);
  const featuresFrom = Number(new Map(pairs('features')).get('from') ?? -1);
  const ps = section('places');
  const count = ps.n;
  const placeStarts = new Int32Array(count);
  for (let i = 0, o = ps.from; i < count; i++) { placeStarts[i] = o; o = text.indexOf('\n', o) + 1; }
  const placeCache: (GazetteerPlace | undefined)[] = new Array(count);
  const lightCache: (string[] | undefined)[] = new Array(count);
  const line = (i: number): string[] => fromIndex(text.slice(placeStarts[i], text.indexOf('\n', placeStarts[i]!))).split('\t');
  const place = (i: number): GazetteerPlace => {
    let p = placeCache[i];
    if (p) return p;
    const c = line(i);
    p = {
      id: c[0]!, name: c[1]!, country: c[3]!, admin1: c[4]!, admin2: c[5]!, admin3: '',
      lat: Number(c[6]), lon: Number(c[7]), kind: c[2]!, population: Number(c[8]), precision: Number(c[9]) as 1 | 2 | 3,
      names: c[10] ? c[10].split('|') : [],
    };
    const cap = capitals.get(p.id);
    if (cap) p.capitalOf = cap;
    placeCache[i] = p;
    return p;
  };
  let ids: Map<string, number> | undefined;
  const findId = (id: string): GazetteerPlace | undefined => {
    const ci = capitalIndex.get(id);
    if (ci !== undefined) return place(ci);
    if (id === '') return undefined;
    if (!ids) {
      ids = new Map();
      for (let i = 0; i < count; i++) ids.set(fromIndex(text.slice(placeStarts[i], text.indexOf('\t', placeStarts[i]!))), i);
    }
    const i = ids.get(id);
    return i === undefined ? undefined : place(i);
  };
  const lightsOf = (i: number): string[] => {
    let l = lightCache[i];
    if (!l) {
      const end = text.indexOf('\n', placeStarts[i]!);
      const col = fromIndex(text.slice(text.lastIndexOf('\t', end) + 1, end));
      lightCache[i] = l = col === '' ? [] : col.split('|');
    }
    return l;
  };
  let all: GazetteerPlace[] | undefined;
  let byId: Map<string, GazetteerPlace> | undefined;
  const table = (name: string): SortedKeyIndex => {
    const sec = section(name);
    return new SortedKeyIndex(text, sec.from, sec.to, sec.n);
  };
  const regionPoints = new Map<string, number>();
  for (const [k, v] of pairs('regionPoints')) regionPoints.set(k, Number(v));
  return {
    get places() { return (all ??= Array.from({ length: count }, (_, i) => place(i))); },
    get byId() { return (byId ??= new Map(this.places.map((p) => [p.id, p]))); },
    count,
    place,
    findId,
    isFeature: (i) => featuresFrom >= 0 && i >= featuresFrom,
    lightsOf,
    get nameLights() { return Array.from({ length: count }, (_, i) => lightsOf(i)); },
    light: table('light'),
    fuzzy: table('fuzzy'),
    skeleton: table('skeleton'),
    short: table('short'),
    maxTokens: Number(meta.get('maxTokens')) || 6,
    admin1,
    admin1Alias: new Map(pairs('admin1Alias')),
    stop: new Set(lines('stop')),
    weakStop: new Set(lines('weakStop')),
    nameStop: new Set(lines('nameStop')),
    english: new Set(lines('english')),
    stopFuzzy: new Map(pairs('stopFuzzy').map(([k, v]) => [k, v.split('|')])),
    preferred: new Map(pairs('preferred')),
    get boundaries() { return loadBoundaries(); },
    regionPoints,
  };
}

interface NameForms {
  /** light keys of qualifiers (after a name) → English forms ("big x") */
  qualifiers: Map<string, string[]>;
  /** light keys of prefixes (before a name) → English forms ("x castle") */
  prefixes: Map<string, string[]>;
}

/** data/places/name-forms.tsv: qualifiers and prefixes of Arabic names, and their English forms. */
function readNameForms(): NameForms {
  const forms: NameForms = { qualifiers: new Map(), prefixes: new Map() };
  if (!existsSync(PLACES_DIR + 'name-forms.tsv')) return forms;
  for (const r of readTable('name-forms.tsv')) {
    const english = splitBar(r['english']).map((e) => e.toLowerCase());
    const into = r['kind'] === 'prefix' ? forms.prefixes : forms.qualifiers;
    for (const a of splitBar(r['arabic'])) {
      const k = nameKeys(a);
      if (k) into.set(k.light, english);
    }
  }
  return forms;
}

/**
 * Other forms of a name (a light key): "qastun sharqi" is also "qastun", "eastern qastun", "east qastun";
 * "qalat madiq" is also "madiq castle". The name left must be more than a generic word ("Tall", "Kafr").
 */
function derivedForms(light: string, forms: NameForms): string[] {
  const toks = light.split(' ');
  if (toks.length < 2) return [];
  const out: string[] = [];
  const generic = (base: string[]): boolean => base.join('').length < 4 || (base.length === 1 && GENERIC_WORDS.has(base[0]!));
  for (let n = 1; n <= 2 && n < toks.length; n++) {
    const q = forms.qualifiers.get(toks.slice(-n).join(' '));
    const base = toks.slice(0, -n);
    if (q && !generic(base)) out.push(base.join(' '), ...q.map((e) => e.replace('x', base.join(' '))));
    const pre = forms.prefixes.get(toks.slice(0, n).join(' '));
    const rest = toks.slice(n);
    if (pre && !generic(rest)) out.push(...pre.map((e) => e.replace('x', rest.join(' '))));
  }
  return out;
}
/** words that are no name on their own (a qualifier dropped from "Tall al Kabir" leaves no name) */
const GENERIC_WORDS = new Set(['tall', 'tal', 'tell', 'kafr', 'kfar', 'khirbat', 'khirbet', 'ayn', 'ain', 'bir', 'dayr', 'deir', 'jabal', 'jebel', 'qaryat', 'mazraat', 'tallat', 'umm', 'abu', 'bab', 'ras', 'wadi', 'nahr', 'jisr', 'khan', 'qasr', 'qalat', 'hayy', 'harat', 'shaykh', 'sheikh', 'beit', 'bayt', 'zawr', 'mukhayyam', 'maarrat', 'qarah', 'tallah', 'tulul', 'rasm', 'hawsh', 'marj', 'sahl', 'ard', 'birkat', 'mazraa', 'qubbat', 'maqam', 'darat', 'burj']);

/** Builds the places knowledge from the sources in data/places (the slow path; also what index.txt is made from). */
export function loadFromSources(): PlacesKnowledge {
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
  const short = new KeyIndex();
  const nameLights: string[][] = [];
  const forms = readNameForms();
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
    const keys: { light: string; fuzzy: string; tokens: number }[] = [];
    for (let j = 0; j < all.length; j++) {
      const k = preKeys && j < preKeys.length ? preKeys[j]! : nameKeys(all[j]!);
      if (!k || k.tokens > 6) continue;
      if (drop?.has(k.light)) continue;
      keys.push(k);
    }
    // the other forms reports write the name in (name-forms.tsv): without its qualifier, in English
    if (p.country === 'Syria' && i < gazetteerRows) {
      const seen = new Set(keys.map((k) => k.light));
      for (const k of [...keys]) {
        for (const f of derivedForms(k.light, forms)) {
          if (seen.has(f)) continue;
          seen.add(f);
          const dk = nameKeys(f);
          if (dk) keys.push(dk);
        }
      }
    }
    for (const k of keys) {
      add(light, k.light, i);
      add(fuzzy, k.fuzzy, i);
      lights.push(k.light);
      if (k.tokens <= 3 && p.country === 'Syria') {
        const sk = skeletonKey(k.fuzzy);
        if (sk.length >= 3) add(skeleton, sk, i);
        const sh = shortKey(k.fuzzy);
        if (sh !== k.fuzzy) add(short, sh, i);
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

  return {
    places, byId, count: places.length, place: (i) => places[i]!, findId: (id) => byId.get(id), isFeature: (i) => i >= gazetteerRows, lightsOf: (i) => nameLights[i] ?? [],
    fuzzy, light, skeleton, short, nameLights, maxTokens, admin1, admin1Alias, stop, stopFuzzy, weakStop, nameStop, english, preferred,
    get boundaries() { return loadBoundaries(); },
  };
}

/** Gazetteer entry by id ("wof:890449849", "feature:jabal-al-turkman"). */
export function placeById(id: string): GazetteerPlace | undefined {
  return placesKnowledge().findId(id);
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
    .filter((i) => !want || kn.place(i).admin1 === want)
    .map((i) => {
      const p = kn.place(i);
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

/**
 * Whether a place outside a province lies just across its edge: reports say "the Hama countryside" or
 * "northern Homs" of villages a few km into the next province. `capital`: the province's main town.
 */
export function acrossEdge(p: { lat: number; lon: number; country: string }, capital: { lat: number; lon: number } | undefined): boolean {
  return p.country === 'Syria' && !!capital && distanceKm(capital, p) < EDGE_KM;
}
/** how far from a province's main town a place across its edge may lie */
const EDGE_KM = 45;

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
  const names = placesKnowledge().lightsOf(placeIndex);
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

let buildingRe: RegExp | undefined;
/**
 * After a name, the rest of a building's name (data/places/buildings.txt): "… Lata Primary School" after
 * "Ismail". Tested on the text that follows a name.
 */
export function buildingAfter(after: string): boolean {
  if (!buildingRe) {
    const words = readFileSync(PLACES_DIR + 'buildings.txt', 'utf8').split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean)
      .sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
    buildingRe = new RegExp(`^(?:[\\s-]+\\p{Lu}[\\p{L}'’]*)*?\\s+(?:${words.join('|')})\\b`, 'u');
  }
  return buildingRe.test(after);
}

/** Whether a light token is a stoplist word or a close variant of one ("Suqor" of "Suqour", not "Hatay" of "Hayat"). */
export function isStopWord(light: string, fuzzy: string): boolean {
  const kn = placesKnowledge();
  if (kn.stop.has(light)) return true;
  if (light.length < 5) return false;
  const forms = kn.stopFuzzy.get(fuzzy);
  return !!forms?.some((w) => w[0] === light[0] && w[w.length - 1] === light[light.length - 1] && editDistance(w, light) <= 2);
}

/**
 * Whether a point lies in the part of a province a direction names ("southern", "north-eastern"), seen from
 * its main town: 10 km or more that way for each direction word.
 */
export function towards(p: { lat: number; lon: number }, from: { lat: number; lon: number }, direction: string): boolean {
  const d = direction.toLowerCase();
  const dLat = (p.lat - from.lat) * 111;
  const dLon = (p.lon - from.lon) * 111 * Math.cos((p.lat * Math.PI) / 180);
  if (d.includes('north') && dLat < 10) return false;
  if (d.includes('south') && dLat > -10) return false;
  if (d.includes('east') && dLon < 10) return false;
  if (d.includes('west') && dLon > -10) return false;
  return true;
}

const sectorCache = new Map<string, GazetteerPlace | null>();
/**
 * Where to code "northern Idlib", "the south-eastern countryside of Hama": the town nearest the middle of
 * that part of the province (its places in the northern third by latitude, the eastern third by longitude …).
 * `direction` holds north/south/east/west words; undefined when the province or direction is unknown.
 */
export function regionPoint(admin1: string, direction: string): GazetteerPlace | undefined {
  const dirs = dirKey(direction);
  if (dirs === '') return undefined;
  const key = admin1 + '|' + dirs;
  const hit = sectorCache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const kn = placesKnowledge();
  const pre = kn.regionPoints?.get(key);
  const result = pre !== undefined ? (pre < 0 ? null : kn.place(pre)) : regionPointIn(kn, admin1, direction) ?? null;
  sectorCache.set(key, result);
  return result ?? undefined;
}

/** the north/south/east/west words of a direction phrase, in that order ("south-eastern" → "southeast") */
function dirKey(direction: string): string {
  const d = direction.toLowerCase();
  return ['north', 'south', 'east', 'west'].filter((w) => d.includes(w)).join('');
}

function regionPointIn(kn: PlacesKnowledge, admin1: string, direction: string): GazetteerPlace | undefined {
  const d = direction.toLowerCase();
  const dirs = ['north', 'south', 'east', 'west'].filter((w) => d.includes(w));
  if (dirs.length === 0) return undefined;
  const ps = kn.places.filter((p) => p.admin1 === admin1 && (p.kind === 'village' || p.kind === 'town' || p.kind === 'city'));
  let result: GazetteerPlace | undefined;
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
  return result;
}
