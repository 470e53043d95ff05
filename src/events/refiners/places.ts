/**
 * Places: the event's place is the first town-level place in its clause (a governorate or
 * district only when nothing finer is named), else one from its sentence, else (ACLED notes)
 * the note's first place, else the latest place named shortly before. Places in the report's
 * main country come first: "near the border with Iskenderun region" does not move an arrest
 * in Harem to Turkey.
 */
import type { Candidate, Clause, DocView, PlaceHit } from '../types.js';
import type { Refiner } from './types.js';

const COARSE = new Set(['admin1', 'admin2', 'governorate', 'district', 'country', 'region']);

/** The report's main country: the one most of its places lie in (regions count a little more). */
export function homeCountry(view: DocView): string {
  const tally = new Map<string, number>();
  // a dateline ("BEIRUT (Reuters) - ") tells where the report was filed: it counts for little
  for (const p of view.places) tally.set(p.place.country, (tally.get(p.place.country) ?? 0) + (COARSE.has(p.place.kind) ? 1.5 : 1) * (isDateline(view.text, p) ? 0.25 : 1));
  let best = '';
  let n = 0;
  for (const [k, v] of tally) if (v > n) [best, n] = [k, v];
  return best;
}

/**
 * "Idlib: Russian warplanes struck Kafr Nabl", "IDLIB, Syria (Reuters) - ...": a dateline at the
 * head of a paragraph says where the report was filed or which region it covers, not where the
 * event happened; it counts only when no other place is named.
 */
export function isDateline(text: string, p: PlaceHit): boolean {
  const lineStart = text.lastIndexOf('\n', p.start - 1) + 1;
  if (text.slice(lineStart, p.start).trim() !== '') return false;
  return /^\s*(?:province|governorate|city|countryside)?\s*(?:,\s*[A-Z][A-Za-z]*\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?){0,2}\s*(?:\([^)\n]{1,40}\))?\s*(?::|[-\u2013\u2014]\s)/.test(text.slice(p.end, p.end + 60));
}

let viewText = '';

function best(places: readonly PlaceHit[]): PlaceHit | null {
  if (!places.length) return null;
  const body = places.length > 1 ? places.filter((p) => !isDateline(viewText, p)) : places;
  const pool = body.length ? body : places;
  const fine = pool.find((p) => !COARSE.has(p.place.kind));
  return fine ?? pool[0];
}

type PlacesOf = (k: Clause) => readonly PlaceHit[];

/** the clause a mention lies in */
const clauseOf = (view: DocView, p: PlaceHit): Clause => view.clauses.find((k) => p.start >= k.start && p.start < k.end) ?? view.clauses[0]!;

export const places: Refiner = {
  name: 'places',
  refine(view, candidates) {
    if (!candidates.length) return candidates;
    viewText = view.text;
    const home = homeCountry(view);
    const abroad = view.places.some((p) => p.place.country !== home);
    const homeOnly = new Map<Clause, PlaceHit[]>();
    const atHome: PlacesOf = (k) => {
      let ps = homeOnly.get(k);
      if (!ps) homeOnly.set(k, (ps = k.places.filter((p) => p.place.country === home)));
      return ps;
    };
    const all: PlacesOf = (k) => k.places;
    for (const c of candidates) {
      // a place abroad counts only when no place at home is named nearby
      if (abroad && setPlace(view, c, atHome)) continue;
      setPlace(view, c, all);
    }
    return candidates;
  },
};

function setPlace(view: DocView, c: Candidate, placesOf: PlacesOf): boolean {
  const clause = c.clause;
  const sentence = view.clauses.filter((k) => k.sentence === clause.sentence);
  const own = best(placesOf(clause));
  if (own) {
    c.place = own;
    c.placeSource = 'clause';
    c.confidence += 0.1;
    return true;
  }
  const earlier = sentence.filter((k) => k.index < clause.index).reverse();
  const later = sentence.filter((k) => k.index > clause.index);
  for (const k of [...earlier, ...later]) {
    const p = best(placesOf(k));
    if (p) {
      c.place = p;
      c.placeSource = 'sentence';
      return true;
    }
  }
  if (view.note) {
    c.place = best(view.clauses.flatMap(placesOf));
    // a note that names no place but where people come from ("looted the homes of people displaced from
    // Afrin"): near there
    const origin = c.place ? undefined : view.origins.find((o) => placesOf(clauseOf(view, o)).length === 0 && o.place.country);
    if (origin) c.place = { ...origin, precision: Math.max(2, origin.precision) as 2 | 3 };
    c.placeSource = c.place ? 'note' : null;
    return !!c.place;
  }
  // the latest place named in the two sentences before
  for (let k = clause.index - 1; k >= 0; k--) {
    const prev = view.clauses[k];
    if (clause.sentence - prev.sentence > 2) break;
    const p = best(placesOf(prev));
    if (p) {
      c.place = { ...p, precision: Math.max(p.precision, 2) as 1 | 2 | 3 };
      c.placeSource = 'context';
      c.confidence -= 0.1;
      return true;
    }
  }
  return false;
}
