import type { Candidate, DocView } from '../types.js';

/** A refiner: one pass over a document's candidates (roles, dates, places, counts, merging, ...). */
export interface Refiner {
  name: string;
  refine(view: DocView, candidates: Candidate[]): Candidate[];
}
