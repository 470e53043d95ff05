/**
 * Adapter to the knowledge modules: actors from src/knowledge/actors.ts; places from
 * src/knowledge/places.ts when it offers a search, else a plain search of data/places/gazetteer.tsv.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actorRecord, listActors, resolveActorAlias } from '../knowledge/actors.js';

/** data/ at the package root: src/api/ and dist/api/ both sit two levels below it */
const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

export interface ActorInfo {
  name: string;
  aliases: string[];
  [field: string]: unknown;
}

export interface PlaceInfo {
  [field: string]: unknown;
}

async function optional(spec: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(spec)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return null;
    throw err;
  }
}

/** The actors the knowledge knows (data/actors.json). */
export async function knownActors(): Promise<ActorInfo[]> {
  return listActors() as unknown as ActorInfo[];
}

/** The actor a name or alias stands for (any alias, former name or description), or undefined. */
export function findActor(name: string): ActorInfo | undefined {
  const canonical = resolveActorAlias(name);
  return canonical ? (actorRecord(canonical) as unknown as ActorInfo | undefined) : undefined;
}

/** "HTS: Hayat Tahrir al-Sham" → ["HTS", "Hayat Tahrir al-Sham"]; other names → [name]. */
export function acronymAndName(name: string): string[] {
  const m = /^([^:]{1,20}):\s+(.+)$/.exec(name);
  return m ? [m[1].trim(), m[2].trim()] : [name];
}

/** Every surface form an actor may go by: its name, its parts, aliases, former names and any descriptive labels. */
export function surfaceForms(actor: ActorInfo | undefined, name: string): string[] {
  const forms = new Set<string>(acronymAndName(name));
  if (actor) {
    for (const x of [actor.name, ...acronymAndName(actor.name), ...actor.aliases]) forms.add(x);
    for (const field of ['former_names', 'descriptions']) {
      const v = actor[field];
      if (Array.isArray(v)) {
        for (const x of v) {
          if (typeof x === 'string') forms.add(x);
          else if (x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string') forms.add((x as { name: string }).name);
        }
      }
    }
  }
  return [...forms].filter((f) => f.trim().length >= 2);
}

type PlaceSearch = (q: string, limit?: number) => unknown;
let placeSearch: Promise<PlaceSearch> | undefined;

interface KnowledgePlace {
  id: string;
  name: string;
  names?: string[];
  kind?: string;
  country?: string;
  admin1?: string;
  admin2?: string;
  lat?: number;
  lon?: number;
  population?: number;
  precision?: number;
}

/**
 * Gazetteer search: the places knowledge's own lookup (spellings, transliterations) first, then names
 * that start with or contain the words; a plain scan of data/places/gazetteer.tsv when that module is absent.
 */
export async function searchPlaces(q: string, limit: number): Promise<PlaceInfo[]> {
  placeSearch ??= (async () => {
    const mod = await optional('../knowledge/places.js');
    const lookup = mod?.lookupPlace;
    const knowledge = mod?.placesKnowledge;
    if (typeof lookup === 'function' && typeof knowledge === 'function') {
      return knowledgeSearch(lookup as (name: string) => KnowledgePlace[], () => (knowledge as () => { places: KnowledgePlace[] })().places);
    }
    return gazetteerSearch();
  })();
  const search = await placeSearch;
  const found = await search(q, limit);
  return (Array.isArray(found) ? found : []).slice(0, limit) as PlaceInfo[];
}

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function knowledgeSearch(lookup: (name: string) => KnowledgePlace[], places: () => KnowledgePlace[]): PlaceSearch {
  let index: string[][] | undefined;
  return (q: string, limit = 20) => {
    const all = places();
    index ??= all.map((p) => [p.name, ...(p.names ?? [])].map(fold));
    const k = fold(q.trim());
    const out = new Map<string, KnowledgePlace>();
    for (const p of lookup(q)) if (out.size < limit) out.set(p.id, p);
    if (out.size < limit && k) {
      const scored: { p: KnowledgePlace; score: number }[] = [];
      all.forEach((p, i) => {
        if (out.has(p.id)) return;
        const names = index![i];
        const score = names.some((n) => n.startsWith(k)) ? 0 : names.some((n) => n.includes(k)) ? 1 : -1;
        if (score >= 0) scored.push({ p, score });
      });
      scored.sort((a, b) => a.score - b.score || (b.p.population ?? 0) - (a.p.population ?? 0));
      for (const { p } of scored) {
        if (out.size >= limit) break;
        out.set(p.id, p);
      }
    }
    return [...out.values()].map((p) => ({
      id: p.id, name: p.name, kind: p.kind, country: p.country, admin1: p.admin1, admin2: p.admin2,
      latitude: p.lat, longitude: p.lon, population: p.population ?? 0, geo_precision: p.precision,
      aliases: (p.names ?? []).slice(0, 20),
    }));
  };
}

async function gazetteerSearch(): Promise<PlaceSearch> {
  let text = '';
  try {
    text = await readFile(join(DATA_DIR, 'places', 'gazetteer.tsv'), 'utf8');
  } catch {
    return () => [];
  }
  const lines = text.split('\n');
  const head = lines[0].split('\t');
  const col = (n: string) => head.indexOf(n);
  const [iId, iName, iKind, iCountry, iA1, iA2, iLat, iLon, iPop, iNames, iAr] = [
    'id', 'name', 'kind', 'country', 'admin1', 'admin2', 'lat', 'lon', 'population', 'names', 'names_ar',
  ].map(col);
  const rows = lines.slice(1).filter(Boolean).map((l) => l.split('\t'));
  const index = rows.map((r) => [r[iName] ?? '', ...(r[iNames] ?? '').split('|'), ...(r[iAr] ?? '').split('|')].filter(Boolean).map(fold));
  return (q: string, limit = 20) => {
    const k = fold(q.trim());
    if (!k) return [];
    const scored: { r: string[]; score: number; pop: number }[] = [];
    rows.forEach((r, i) => {
      const names = index[i];
      const score = names[0] === k ? 0 : names.includes(k) ? 1 : names.some((n) => n.startsWith(k)) ? 2 : names.some((n) => n.includes(k)) ? 3 : -1;
      if (score >= 0) scored.push({ r, score, pop: Number(r[iPop]) || 0 });
    });
    scored.sort((a, b) => a.score - b.score || b.pop - a.pop);
    return scored.slice(0, limit).map(({ r }) => ({
      id: r[iId], name: r[iName], kind: r[iKind], country: r[iCountry], admin1: r[iA1], admin2: r[iA2],
      latitude: Number(r[iLat]), longitude: Number(r[iLon]), population: Number(r[iPop]) || 0,
      aliases: (r[iNames] ?? '').split('|').filter(Boolean).slice(0, 20),
    }));
  };
}
