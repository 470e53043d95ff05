/**
 * Inherit: a clause that names no actor takes them from the clause before it in the same
 * sentence ("HTS amassed troops in Harem, where it arrested six non-Syrian jihadists").
 */
import { CIVILIANS } from '../roles.js';
import type { Refiner } from './types.js';

export const inherit: Refiner = {
  name: 'inherit',
  refine(view, candidates) {
    for (const c of candidates) {
      if (c.side1.length || c.family === 'protest' || c.family === 'riot') continue;
      for (let k = c.clause.index - 1; k >= 0; k--) {
        const prev = view.clauses[k];
        if (prev.sentence !== c.clause.sentence) break;
        const prevCands = candidates.filter((x) => x.clause === prev);
        const prevCand = prevCands.find((x) => x.side1.length);
        if (prevCand) {
          c.side1 = [...prevCand.side1];
          break;
        }
        // the clause before told an event with no actor of its own: nothing to pass on
        if (prevCands.length) break;
        const acting = prev.actors.filter((a) => !a.modifier && a.actor !== CIVILIANS && !c.side2.some((x) => x.actor === a.actor));
        if (acting.length) {
          c.side1 = [acting[0]];
          break;
        }
      }
    }
    return candidates;
  },
};
