/**
 * Defaults: an event whose actor the report does not name gets ACLED's convention
 * (data/triggers.json `default_actor`): unattributed air strikes "Allied Syrian and/or Russian
 * Forces", anything else "Unidentified Armed Group (Syria)" ("Several shells fell on X").
 */
import { DEFAULT_ACTOR } from '../../knowledge/triggers.js';
import { impliedActor } from '../recognisers/base.js';
import { CIVILIANS } from '../roles.js';
import type { Refiner } from './types.js';

export const defaults: Refiner = {
  name: 'defaults',
  refine(_view, candidates) {
    for (const c of candidates) {
      // violence against civilians has civilians on the receiving side, named or not
      if (c.event_type === 'Violence against civilians' && !c.side2.length) c.side2 = [impliedActor(CIVILIANS, c.trigger)];
      if (c.side1.length) continue;
      c.side1 = [impliedActor(c.family === 'air' ? DEFAULT_ACTOR.air : DEFAULT_ACTOR.other, c.trigger)];
      c.confidence -= 0.1;
    }
    return candidates;
  },
};
