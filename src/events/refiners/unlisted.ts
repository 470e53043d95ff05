/**
 * Villages the gazetteer lacks (in short notes): "Regime forces shelled Hasraya village in the Hama countryside" names a
 * village that no source lists, so the event is placed at the province (precision 3). The name is kept, and
 * when the report is read in a batch (pipeline/batch.ts), the event goes where the batch's events in that
 * province crowd (recognise/activity.ts): a village named in the day's reports from a province most likely
 * lies on its active front, not in its capital. The location then carries the village's name; the
 * precision stays 3, for the point is a guess.
 */
import { ARTICLES, adminAt, lightToken, acrossEdge, nameKeys, placesKnowledge, shortKey, towards } from '../../knowledge/places.js';
import { ANYWHERE, type ActivityMap } from '../../recognise/activity.js';
import type { Place } from '../../recognise/types.js';
import type { Candidate, DocView } from '../types.js';
import type { Refiner } from './types.js';

const NAME = String.raw`((?:(?:al|el|as|ash|at|ad|an|ar|az)-)?[A-Z][a-z'’]{2,}(?:[ -](?:(?:al|el)-)?[A-Z][a-z'’]{1,}){0,2})`;
/** "the village of X", "X village", "X in <the province>" */
const CALLED = [
  new RegExp(String.raw`\b(?:village|town|hamlet)s?\s+of\s+${NAME}`, 'g'),
  new RegExp(String.raw`${NAME}\s+(?:village|town|hamlet|area)\b`, 'g'),
  new RegExp(String.raw`\b(?:shelled|struck|hit|bombed|targeted|on|at|in)\s+${NAME}\s+(?:[Ii]n|of)\s+(?:the\s+)?(?:\w+(?:ern)?\s+)?(?:countryside|province|governorate|Hama|Idl[ie]b|Aleppo|Homs|Latakia|Lattakia|Dar'?a|Deir)`, 'g'),
];
/** with no place at all: "shelled X with no injuries", "raids on X" */
const BARE = [
  ...CALLED,
  new RegExp(String.raw`\b(?:shelled|struck|hit|bombed|targeted|raids?\s+on|strikes?\s+on|airstrikes?\s+on|in|on|at)\s+(?:the\s+)?${NAME}`, 'g'),
];
/** capitalised words that begin no village name */
const NOT_NAMES = new Set(['the', 'regime', 'syrian', 'russian', 'turkish', 'islamic', 'rebel', 'government', 'army', 'opposition', 'unidentified', 'unknown', 'several', 'warplanes', 'helicopters', 'both', 'this', 'that', 'another', 'one', 'two', 'three', 'many']);

function findUnlisted(view: DocView, c: Candidate, patterns: RegExp[]): { name: string; start: number; end: number } | undefined {
  const clause = c.clause;
  const text = view.text.slice(clause.start, clause.end);
  const kn = placesKnowledge();
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const name = m[1]!;
      const start = clause.start + m.index + m[0].indexOf(name);
      const end = start + name.length;
      const words = name.split(/[ -]/).map(lightToken);
      const first = words.find((w) => !['al', 'el', 'as', 'ash', 'at', 'ad', 'an', 'ar', 'az'].includes(w)) ?? '';
      if (NOT_NAMES.has(first) || kn.stop.has(first) || kn.english.has(first)) continue;
      // a name the gazetteer has was left out for a reason (a place of origin, a credit): not unlisted
      const key = words.filter((w) => !ARTICLES.has(w)).join(' ');
      if ((kn.light.get(key) ?? []).some((i) => kn.place(i).country === 'Syria')) continue;
      // a place or an actor that was recognised, or a province's name ("Hama countryside")
      if (view.places.some((p) => p.start < end && p.end > start)) continue;
      if (view.actors.some((a) => a.start < end && a.end > start)) continue;
      if (kn.admin1Alias.has(words.join(' '))) continue;
      return { name: name.replace(/^(?:al|el|as|ash|at|ad|an|ar|az)-/, (a) => a[0]!.toUpperCase() + a.slice(1)), start, end };
    }
  }
  return undefined;
}

/**
 * "southern Idlib", "Hama's north-eastern countryside": the part of the province the region names, as a test
 * on points (knowledge/places.ts towards); undefined for all of it.
 */
function partOf(text: string, admin1: string): ((p: { lat: number; lon: number }) => boolean) | undefined {
  const d = text.toLowerCase();
  if (!/north|south|east|west/.test(d)) return undefined;
  const kn = placesKnowledge();
  const from = kn.findId(kn.admin1.get(admin1)?.capitalId ?? '');
  if (!from) return undefined;
  return (p) => towards(p, from, d);
}

/** An event at a village the gazetteer lacks, waiting for a batch to say where it most likely lies. */
export interface UnlistedPlace {
  /** the village as the report writes it */
  name: string;
  country: string;
  /** its province, or ANYWHERE when the report names none */
  admin1: string;
  /** the region phrase when it names a part of the province ("southern Idlib") */
  part?: string;
  /** the loose match it would replace: only where the batch is quiet around that one */
  loose?: { lat: number; lon: number };
}

/**
 * Where a batch puts a village the gazetteer lacks: where its events crowd in the province (in the part the
 * report names, when it names one and the batch is busy there), at precision 3; undefined: left as read.
 */
export function placeUnlisted(u: UnlistedPlace, activity: ActivityMap): Place | undefined {
  // nothing else in the batch was reported around the loose match, spelled as the gazetteer spells it
  // (notes that read one name loosely the same way do not vouch for each other)
  if (u.loose && (activity.exact ?? activity).around(u.loose.lat, u.loose.lon) >= 1) return undefined;
  const part = u.part ? partOf(u.part, u.admin1) : undefined;
  const centre = (part && activity.centre(u.admin1, part)) || activity.centre(u.admin1);
  if (!centre) return undefined;
  let admin1 = u.admin1;
  let admin2 = '';
  if (u.admin1 === ANYWHERE) {
    ({ admin1, admin2 } = adminAt(centre.lat, centre.lon));
    if (!admin1) return undefined;
  }
  return { name: u.name, country: u.country, admin1, admin2, admin3: '', lat: centre.lat, lon: centre.lon, kind: 'village', population: 0 };
}

/** the name as written is a transliteration of the place's ("Hbit" of Al Habit), not a look-alike ("Tall al-Sakhr" of Tall al Ashqar) */
function sameName(written: string, name: string): boolean {
  const a = nameKeys(written.replace(/\s+(?:area|village|town|city)$/i, '')), b = nameKeys(name);
  return !!a && !!b && (a.fuzzy === b.fuzzy || shortKey(a.fuzzy) === shortKey(b.fuzzy));
}

/** without a batch: quiet (nothing is known); with one: nothing spelled as the gazetteer does around the point */
function isQuiet(view: DocView, at: { lat: number; lon: number }): boolean {
  const a = view.activity?.exact ?? view.activity;
  return !a || a.around(at.lat, at.lon) < 1;
}

/** notes the village on the event, and places it when the report is read in a batch */
function mark(view: DocView, c: Candidate, u: UnlistedPlace, span: { start: number; end: number }): void {
  const placed = view.activity ? placeUnlisted(u, view.activity) : undefined;
  c.unlisted = { ...u, ...span, placed: !!placed };
  if (!placed) return;
  const hit = c.place ?? { start: span.start, end: span.end, text: u.name, from: 0, to: 0, precision: 3 as const };
  c.place = { ...hit, precision: 3, place: placed };
  c.placeSource = 'clause';
}

export const unlisted: Refiner = {
  name: 'unlisted',
  refine(view, candidates) {
    // short notes only: a batch settles only those (pipeline/batch.ts); an article's paragraphs are its context
    if (!view.note) return candidates;
    for (const c of candidates) {
      const p = c.place;
      if (p && p.precision === 3 && p.place.kind === 'admin1' && c.placeSource === 'clause') {
        // placed at its province by its own clause: a village of that province the gazetteer lacks?
        const found = findUnlisted(view, c, CALLED);
        if (found) mark(view, c, { name: found.name, country: p.place.country, admin1: p.place.admin1, part: p.text }, found);
        continue;
      }
      // a loose match across the edge of the province the clause names ("Tall al-Sakhr village in Hama
      // countryside" read as a Tall in Homs), or inside it where the batch is quiet: a village of that
      // province the gazetteer lacks
      const region = c.clause.places.find((q) => q.precision === 3 && q.place.kind === 'admin1');
      if (p && p.inexact && p.precision < 3 && region) {
        const u = { name: p.text, country: region.place.country, admin1: region.place.admin1 };
        const kn = placesKnowledge();
        // (unless a village just across the edge, spelled as its own name: reports say "the Hama countryside" of
        // villages in southern Idlib)
        const edge = () => acrossEdge(p.place, kn.findId(kn.admin1.get(region.place.admin1)?.capitalId ?? '')) && sameName(p.text, p.place.name);
        if (region.place.admin1 !== p.place.admin1) { if (!edge()) mark(view, c, u, p); }
        else if (view.activity && isQuiet(view, p.place)) mark(view, c, { ...u, loose: { lat: p.place.lat, lon: p.place.lon } }, p);
        continue;
      }
      // a short note naming one place and nothing else that locates it: a name the gazetteer lacks
      // (no place at all), or one it matched only loosely to a village where the batch is quiet
      if (view.places.some((q) => q !== p && q.place.country)) continue;
      if (p && !(p.inexact && p.precision < 3 && isQuiet(view, p.place))) continue;
      const found = p ? { name: p.text, start: p.start, end: p.end } : findUnlisted(view, c, BARE);
      if (!found) continue;
      mark(view, c, { name: found.name, country: 'Syria', admin1: ANYWHERE, loose: p ? { lat: p.place.lat, lon: p.place.lon } : undefined }, found);
    }
    return candidates;
  },
};
