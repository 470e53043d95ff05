/**
 * Filter: in an article, an event with neither a place nor a date of its own is background
 * ("The Syrian and Russian air forces have responded with airstrikes targeting HTS bases"),
 * an event dated over a year before the report is history, and a weak trigger with no named actor is not an event.
 */
import type { Refiner } from './types.js';
import { dayOf } from './dates.js';

/** an article's event dated more than this before the report is history, not news */
const HISTORY_DAYS = 366;

export const filter: Refiner = {
  name: 'filter',
  refine(view, candidates) {
    // a note codes its event even without a date; but with neither actor nor place there is nothing to code
    if (view.note) {
      const named = view.clauses.some((k) => k.actors.length > 0) || view.places.length > 0;
      return named ? candidates : [];
    }
    const published = dayOf(view.doc.published);
    return candidates.filter((c) => {
      if (!c.place && !c.dateExplicit) return false;
      // history ("The city was the scene of the largest demonstrations in 2011"): over a year before the report
      const day = dayOf(c.date);
      if (published !== null && day !== null && published - day > HISTORY_DAYS) return false;
      // a background event with neither place nor day ("In November 2022, ... a bombing in Istanbul")
      if (!c.place && c.time_precision === 3) return false;
      if (!c.ownActors && c.confidence < 0.5) return false;
      // a capture with no one named capturing is no event we can code
      if (c.event_type === 'Battles' && c.sub_event_type !== 'Armed clash' && !c.ownActors) return false;
      return true;
    });
  },
};
