/**
 * Borders: "killed by Turkish border guards as he attempted to cross into Turkey from Idleb" names only the
 * province; ACLED codes such an event at the province's crossing into that neighbour (Bab al-Hawa for Idleb
 * and Turkey). The crossings are data (data/places/borders.tsv). Only an event placed no finer than its
 * province moves, and only when its sentence speaks of a border and names the neighbour.
 */
import { borderCrossings } from '../../knowledge/borders.js';
import { admin1Of } from '../../knowledge/places.js';
import type { Candidate, DocView } from '../types.js';
import type { Refiner } from './types.js';

const COARSE = new Set(['admin1', 'admin2']);

/**
 * the event's place stands for its province: a region, or a province's name used bare ("from Idleb"); or a
 * town across the border when the sentence names the province the event was in ("likely in the Idleb
 * province near Turkey's Antakya")
 */
function provinceOnly(view: DocView, c: Candidate): string | undefined {
  const p = c.place;
  if (!p) return undefined;
  if (p.precision === 3 || COARSE.has(p.place.kind)) return p.place.admin1 || undefined;
  const region = view.places.find((q) => q.precision === 3 && q.place.kind === 'admin1' && q.place.country && q.place.country !== p.place.country &&
    q.start >= c.clause.start && q.end <= c.clause.end);
  if (region) return region.place.admin1;
  const named = admin1Of(p.text);
  return named && !/\b(?:city|town)\b/i.test(p.text) ? named : undefined;
}

export const borders: Refiner = {
  name: 'borders',
  refine(view: DocView, candidates: Candidate[]): Candidate[] {
    if (!/\bborder/i.test(view.text)) return candidates;
    for (const c of candidates) {
      const admin1 = provinceOnly(view, c);
      if (!admin1 || !c.place) continue;
      const sentence = view.clauses.filter((k) => k.sentence === c.clause.sentence);
      const text = view.text.slice(sentence[0]!.start, sentence[sentence.length - 1]!.end).toLowerCase();
      if (!/\bborders?\b/.test(text)) continue;
      const words = new Set(text.split(/[^a-z]+/));
      const crossing = borderCrossings().find((b) => b.admin1 === admin1 && b.cues.some((w) => words.has(w)));
      if (!crossing) continue;
      const { name, country, admin1: a1, admin2, admin3, lat, lon, kind, population } = crossing.place;
      c.place = { ...c.place, place: { name, country, admin1: a1, admin2, admin3, lat, lon, kind, population }, precision: 2 };
    }
    return candidates;
  },
};
