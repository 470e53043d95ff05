/**
 * What the pair scorer reads of an account, computed once per account: day number, coordinates,
 * folded place name, type family and sub-type, actor sets.
 */
import type { SitrepEvent } from '../model/index.js';
import { foldName } from './fold.js';
import { CONFUSED_ACTOR_PAIRS } from '../knowledge/actors.js';

/** Coarse type families: events of different families never merge (and never share a block). */
export type Family = 'V' | 'P' | 'S';

/** Old (pre-2019) ACLED type names map onto today's. */
const TYPE_ALIASES: Record<string, string> = {
  'remote violence': 'Explosions/Remote violence',
  'battle-no change of territory': 'Battles',
  'battle-government regains territory': 'Battles',
  'battle-non-state actor overtakes territory': 'Battles',
  'riots/protests': 'Protests',
  'strategic development': 'Strategic developments',
  'non-violent transfer of territory': 'Strategic developments',
  'headquarters or base established': 'Strategic developments',
};

export function canonicalType(t: string): string {
  return TYPE_ALIASES[t.trim().toLowerCase()] ?? t.trim();
}

export function familyOf(eventType: string): Family {
  switch (canonicalType(eventType)) {
    case 'Protests':
    case 'Riots':
      return 'P';
    case 'Strategic developments':
      return 'S';
    default:
      // Battles, Explosions/Remote violence, Violence against civilians: one strike is often told
      // as shelling by one outlet, an air strike by another and an attack on civilians by a third.
      return 'V';
  }
}

/** Governorate centroids (approximate), for events that name a governorate but carry no coordinates. */
export const ADMIN1_CENTROIDS: Record<string, [number, number]> = {
  aleppo: [36.25, 37.45],
  'al-hasakeh': [36.6, 40.9],
  'ar-raqqa': [35.9, 38.8],
  'as-sweida': [32.75, 36.7],
  damascus: [33.51, 36.29],
  "dar'a": [32.8, 36.2],
  'deir-ez-zor': [35.0, 40.3],
  hama: [35.2, 36.9],
  homs: [34.6, 37.6],
  idleb: [35.8, 36.6],
  lattakia: [35.65, 35.95],
  quneitra: [33.1, 35.85],
  'rural damascus': [33.5, 36.7],
  tartous: [34.95, 36.05],
};

/** Actors that say nothing about who was involved: they never count as evidence either way. */
const GENERIC_ACTORS = /^(civilians|unidentified|protesters|rioters|unknown)/i;

export interface Features {
  index: number;
  report: string;
  outlet: string;
  family: Family;
  type: string;
  sub: string;
  /** a small number per distinct (type, sub-type), for the compatibility cache */
  code: number;
  /** days since 1970-01-01, NaN when unknown */
  day: number;
  tp: number;
  lat: number;
  lon: number;
  /** true when lat/lon came from the event itself, not a governorate centroid */
  hasPoint: boolean;
  gp: number;
  admin1: string;
  admin2: string;
  location: string;
  folded: string;
  /** specific (non-generic) actors, as ids (actorName(id) gives the canonical name) */
  actors: number[];
  /** specific actors of each side, as ids: actor1 and assoc_actor_1; actor2 and assoc_actor_2 */
  side1: number[];
  side2: number[];
  fatalities: number;
  civilian: boolean;
}

const dayCache = new Map<string, number>();

export function dayNumber(date: string | null | undefined): number {
  if (!date) return NaN;
  let day = dayCache.get(date);
  if (day === undefined) {
    day = /^\d{4}-\d{2}-\d{2}/.test(date) ? Math.floor(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000) : NaN;
    if (dayCache.size >= 100_000) dayCache.clear();
    dayCache.set(date, day);
  }
  return day;
}

export function splitList(s: string | null | undefined): string[] {
  if (!s) return [];
  return s
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function isGenericActor(name: string): boolean {
  return GENERIC_ACTORS.test(name);
}

const actorIds = new Map<string, number>();
const actorNames: string[] = [];

function actorId(name: string): number {
  let id = actorIds.get(name);
  if (id === undefined) {
    id = actorNames.length;
    actorNames.push(name);
    actorIds.set(name, id);
  }
  return id;
}

export function actorName(id: number): string {
  return actorNames[id] ?? '';
}

const confusedCache = new Map<number, boolean>();

/** Whether two actors (ids) are ones that outlets confuse or conflate. */
export function confusedActors(a: number, b: number): boolean {
  if (a === b) return false;
  const k = a < b ? a * 1_048_576 + b : b * 1_048_576 + a;
  let c = confusedCache.get(k);
  if (c === undefined) {
    const x = actorName(a);
    const y = actorName(b);
    c = CONFUSED_ACTOR_PAIRS.some(([p, q]) => (x.startsWith(p) && y.startsWith(q)) || (y.startsWith(p) && x.startsWith(q)));
    confusedCache.set(k, c);
  }
  return c;
}

const sideCache = new Map<string, number[]>();

/** The specific actors of one side, as ids (shared arrays: do not modify). */
function sideOf(actor: string | null | undefined, assoc: string | null | undefined): number[] {
  const k = `${actor ?? ''}\u0000${assoc ?? ''}`;
  let side = sideCache.get(k);
  if (side === undefined) {
    side = [...new Set([actor ?? '', ...splitList(assoc)].filter((a) => a && !isGenericActor(a)))].map(actorId);
    if (sideCache.size >= 100_000) sideCache.clear();
    sideCache.set(k, side);
  }
  return side;
}

const codings = new Map<string, number>();

function codingCode(type: string, sub: string): number {
  const k = `${type}\u0000${sub}`;
  let c = codings.get(k);
  if (c === undefined) {
    c = codings.size;
    codings.set(k, c);
  }
  return c;
}

export function featuresOf(e: SitrepEvent, index = 0, report = e.doc, outlet = ''): Features {
  let lat = typeof e.latitude === 'number' && Number.isFinite(e.latitude) ? e.latitude : NaN;
  let lon = typeof e.longitude === 'number' && Number.isFinite(e.longitude) ? e.longitude : NaN;
  let hasPoint = !Number.isNaN(lat) && !Number.isNaN(lon);
  let gp = e.geo_precision ?? 1;
  if (!hasPoint) {
    const c = ADMIN1_CENTROIDS[(e.admin1 ?? '').trim().toLowerCase()];
    if (c) {
      [lat, lon] = c;
      gp = 3;
    }
    hasPoint = false;
  }
  const side1 = sideOf(e.actor1, e.assoc_actor_1);
  const side2 = sideOf(e.actor2, e.assoc_actor_2);
  const actors = side2.length === 0 ? side1 : side1.length === 0 ? side2 : [...new Set([...side1, ...side2])];
  const type = canonicalType(e.event_type ?? '');
  const sub = (e.sub_event_type ?? '').trim();
  return {
    index,
    report,
    outlet,
    family: familyOf(type),
    type,
    sub,
    code: codingCode(type, sub),
    day: dayNumber(e.event_date),
    tp: e.time_precision ?? 1,
    lat,
    lon,
    hasPoint,
    gp,
    admin1: (e.admin1 ?? '').trim().toLowerCase(),
    admin2: (e.admin2 ?? '').trim().toLowerCase(),
    location: e.location ?? '',
    folded: foldName(e.location ?? ''),
    actors,
    side1,
    side2,
    fatalities: typeof e.fatalities === 'number' ? e.fatalities : 0,
    civilian: e.civilian_targeting === 'Civilian targeting',
  };
}

/** Distance in km (equirectangular: within 0.1% of the great circle over the distances that matter here). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dy = (lat2 - lat1) * 111.195;
  const dx = (lon2 - lon1) * 111.195 * Math.cos(((lat1 + lat2) * Math.PI) / 360);
  return Math.sqrt(dx * dx + dy * dy);
}
