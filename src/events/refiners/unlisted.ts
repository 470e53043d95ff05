/**
 * Villages the gazetteer lacks (in short notes): "Regime forces shelled Hasraya village in the Hama countryside" names a
 * village that no source lists, so the event is placed at the province (precision 3). The name is kept, and
 * when the report is read in a batch (pipeline/batch.ts), the event goes where the batch's events in that
 * province crowd (recognise/activity.ts): a village named in the day's reports from a province most likely
 * lies on its active front, not in its capital. The location then carries the village's name; the
 * precision stays 3, for the point is a guess.
 */
import { ARTICLES, adminAt, lightToken, placesKnowledge } from '../../knowledge/places.js';
import { ANYWHERE } from '../../recognise/activity.js';
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
 * on points (each direction named: 10 km or more that way of the province's main town); undefined for all of it.
 */
function partOf(text: string, admin1: string): ((p: { lat: number; lon: number }) => boolean) | undefined {
  const d = text.toLowerCase();
  if (!/north|south|east|west/.test(d)) return undefined;
  const kn = placesKnowledge();
  const from = kn.findId(kn.admin1.get(admin1)?.capitalId ?? '');
  if (!from) return undefined;
  return (p) => {
    const dLat = (p.lat - from.lat) * 111;
    const dLon = (p.lon - from.lon) * 111 * Math.cos((p.lat * Math.PI) / 180);
    return !((d.includes('north') && dLat < 10) || (d.includes('south') && dLat > -10) || (d.includes('east') && dLon < 10) || (d.includes('west') && dLon > -10));
  };
}

/**
 * Nothing else in the batch was reported around a point, spelled as the gazetteer spells it (notes that read
 * one name loosely the same way do not vouch for each other). Without a batch, nothing is known: quiet.
 */
function isQuiet(view: DocView, at: { lat: number; lon: number }): boolean {
  const a = view.activity?.exact ?? view.activity;
  return !a || a.around(at.lat, at.lon) < 1;
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
        if (!found) continue;
        // where the named part of the province is busy, else the province
        const part = partOf(p.text, p.place.admin1);
        const centre = (part && view.activity?.centre(p.place.admin1, part)) || view.activity?.centre(p.place.admin1);
        c.unlisted = { ...found, admin1: p.place.admin1, placed: !!centre };
        if (centre) c.place = { ...p, place: { ...p.place, name: found.name, admin2: '', lat: centre.lat, lon: centre.lon, kind: 'village' } };
        continue;
      }
      // a loose match across the edge of the province the clause names ("Tall al-Sakhr village in Hama
      // countryside" read as a Tall in Homs): a village of that province the gazetteer lacks
      const region = c.clause.places.find((q) => q.precision === 3 && q.place.kind === 'admin1');
      const quiet = !!p && isQuiet(view, p.place);
      if (p && p.inexact && p.precision < 3 && region && (region.place.admin1 !== p.place.admin1 || (quiet && view.activity?.centre(region.place.admin1)))) {
        const centre = view.activity?.centre(region.place.admin1);
        c.unlisted = { name: p.text, start: p.start, end: p.end, admin1: region.place.admin1, placed: !!centre };
        if (centre) {
          c.place = { ...p, precision: 3, place: { ...region.place, name: p.text, admin2: '', lat: centre.lat, lon: centre.lon, kind: 'village' } };
        }
        continue;
      }
      // a short note naming one place and nothing else that locates it: a name the gazetteer lacks
      // (no place at all), or one it matched only loosely to a village where the batch is quiet
      if (view.places.some((q) => q !== p && q.place.country)) continue;
      const loose = p && p.inexact && p.precision < 3 && isQuiet(view, p.place);
      if (p && !loose) continue;
      const found = p ? { name: p.text, start: p.start, end: p.end } : findUnlisted(view, c, BARE);
      if (!found) continue;
      const centre = view.activity?.centre(ANYWHERE);
      c.unlisted = { ...found, admin1: ANYWHERE, placed: !!centre };
      if (!centre) continue;
      const { admin1, admin2 } = adminAt(centre.lat, centre.lon);
      if (!admin1) continue;
      const hit = { start: found.start, end: found.end, text: found.name, from: 0, to: 0, precision: 3 as const };
      c.place = { ...hit, place: { name: found.name, country: 'Syria', admin1, admin2, admin3: '', lat: centre.lat, lon: centre.lon, kind: 'village', population: 0 } };
      c.placeSource = 'clause';
    }
    return candidates;
  },
};
