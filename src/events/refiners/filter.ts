/**
 * Filter: in an article, an event with neither a place nor a date of its own is background
 * ("The Syrian and Russian air forces have responded with airstrikes targeting HTS bases"),
 * and a weak trigger with no named actor is not an event.
 */
import type { Refiner } from './types.js';

export const filter: Refiner = {
  name: 'filter',
  refine(view, candidates) {
    if (view.note) return candidates;
    return candidates.filter((c) => {
      if (!c.place && !c.dateExplicit) return false;
      if (!c.ownActors && c.confidence < 0.5) return false;
      // a capture with no one named capturing is no event we can code
      if (c.event_type === 'Battles' && c.sub_event_type !== 'Armed clash' && !c.ownActors) return false;
      return true;
    });
  },
};
