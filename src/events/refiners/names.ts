/**
 * Names: the actor fields from the sides: the first of each side is actor1/actor2, the rest are
 * associated actors; an actor is listed once.
 */
import type { Candidate } from '../types.js';
import type { Refiner } from './types.js';

export function nameActors(c: Candidate): void {
  const one = [...new Set(c.side1.map((a) => a.actor))];
  const two = [...new Set(c.side2.map((a) => a.actor))].filter((a) => !one.includes(a));
  c.actor1 = one[0] ?? '';
  c.assoc1 = one.slice(1);
  c.actor2 = two[0] ?? '';
  c.assoc2 = two.slice(1);
}

export const names: Refiner = {
  name: 'names',
  refine(_view, candidates) {
    candidates.forEach(nameActors);
    return candidates;
  },
};
