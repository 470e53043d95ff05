/**
 * Places: the event's place is the first town-level place in its clause (a governorate or
 * district only when nothing finer is named), else one from its sentence, else (ACLED notes)
 * the note's first place, else the latest place named shortly before.
 */
import type { Candidate, DocView, PlaceHit } from '../types.js';
import type { Refiner } from './types.js';

const COARSE = new Set(['admin1', 'admin2', 'governorate', 'district', 'country', 'region']);

function best(places: PlaceHit[], after = -1): PlaceHit | null {
  if (!places.length) return null;
  const fine = places.filter((p) => !COARSE.has(p.place.kind));
  const pool = fine.length ? fine : places;
  return pool.find((p) => p.start >= after) ?? pool[0];
}

export const places: Refiner = {
  name: 'places',
  refine(view, candidates) {
    for (const c of candidates) setPlace(view, c);
    return candidates;
  },
};

function setPlace(view: DocView, c: Candidate): void {
  const clause = c.clause;
  const sentence = view.clauses.filter((k) => k.sentence === clause.sentence);
  for (const k of sentence) for (const p of k.places) c.placeNames.add(p.place.name);
  const own = best(clause.places);
  if (own) {
    c.place = own;
    c.confidence += 0.1;
    return;
  }
  const earlier = sentence.filter((k) => k.index < clause.index).reverse();
  const later = sentence.filter((k) => k.index > clause.index);
  for (const k of [...earlier, ...later]) {
    const p = best(k.places);
    if (p) {
      c.place = p;
      return;
    }
  }
  if (view.note) {
    c.place = best(view.places);
    return;
  }
  // the latest place named in the two sentences before
  for (let k = clause.index - 1; k >= 0; k--) {
    const prev = view.clauses[k];
    if (clause.sentence - prev.sentence > 2) break;
    const p = best(prev.places);
    if (p) {
      c.place = { ...p, precision: Math.max(p.precision, 2) as 1 | 2 | 3 };
      c.confidence -= 0.1;
      return;
    }
  }
}
