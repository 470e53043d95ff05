/**
 * Places: the event's place is the first town-level place in its clause (a governorate or
 * district only when nothing finer is named), else one from its sentence, else (ACLED notes)
 * the note's first place, else the latest place named shortly before.
 */
import type { Candidate, DocView, PlaceHit } from '../types.js';
import type { Refiner } from './types.js';

const COARSE = new Set(['admin1', 'admin2', 'governorate', 'district', 'country', 'region']);

let homeCountry = '';

function best(all: PlaceHit[], after = -1): PlaceHit | null {
  if (!all.length) return null;
  // places in the report's main country first ("near the border with Iskenderun region")
  const home = all.filter((p) => p.place.country === homeCountry);
  const places = home.length ? home : all;
  const fine = places.filter((p) => !COARSE.has(p.place.kind));
  const pool = fine.length ? fine : places;
  return pool.find((p) => p.start >= after) ?? pool[0];
}

export const places: Refiner = {
  name: 'places',
  refine(view, candidates) {
    const tally = new Map<string, number>();
    for (const p of view.places) tally.set(p.place.country, (tally.get(p.place.country) ?? 0) + 1);
    homeCountry = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    for (const c of candidates) setPlace(view, c);
    return candidates;
  },
};

function setPlace(view: DocView, c: Candidate): void {
  // a place abroad counts only when no place at home is named nearby ("near the border with Iskenderun")
  const foreign = homeCountry ? (view.clauses.find((k) => k.places.some((p) => p.place.country !== homeCountry)) ? true : false) : false;
  if (foreign) {
    const saved = new Map(view.clauses.map((k) => [k, k.places] as const));
    for (const k of view.clauses) k.places = k.places.filter((p) => p.place.country === homeCountry);
    setPlaceIn(view, c);
    for (const [k, ps] of saved) k.places = ps;
    if (c.place) return;
  }
  setPlaceIn(view, c);
}

function setPlaceIn(view: DocView, c: Candidate): void {
  const clause = c.clause;
  const sentence = view.clauses.filter((k) => k.sentence === clause.sentence);
  for (const k of sentence) for (const p of k.places) c.placeNames.add(p.place.name);
  const own = best(clause.places);
  if (own) {
    c.place = own;
    c.placeSource = 'clause';
    c.confidence += 0.1;
    return;
  }
  const earlier = sentence.filter((k) => k.index < clause.index).reverse();
  const later = sentence.filter((k) => k.index > clause.index);
  for (const k of [...earlier, ...later]) {
    const p = best(k.places);
    if (p) {
      c.place = p;
      c.placeSource = 'sentence';
      return;
    }
  }
  if (view.note) {
    c.place = best(view.clauses.flatMap((k) => k.places));
    c.placeSource = c.place ? 'note' : null;
    return;
  }
  // the latest place named in the two sentences before
  for (let k = clause.index - 1; k >= 0; k--) {
    const prev = view.clauses[k];
    if (clause.sentence - prev.sentence > 2) break;
    const p = best(prev.places);
    if (p) {
      c.place = { ...p, precision: Math.max(p.precision, 2) as 1 | 2 | 3 };
      c.placeSource = 'context';
      c.confidence -= 0.1;
      return;
    }
  }
}
