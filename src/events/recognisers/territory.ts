/**
 * Territory changing hands: "HTS fighters captured Abu Aref hill", "Opposition fighters fully
 * captured the city of Kafr Nabodeh", "HTS withdrew from the villages of ... under pressure from
 * the Syrian Army" (the subject loses: the other side gains). State forces gaining is
 * "Government regains territory", anyone else "Non-state actor overtakes territory".
 */
import { FAMILIES } from '../../knowledge/triggers.js';
import { actorInter } from '../../knowledge/actors.js';
import { assignSides, CIVILIANS } from '../roles.js';
import { newCandidate, type EventRecogniser } from './base.js';

export const territory: EventRecogniser = {
  name: 'territory',
  families: ['territory'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger);
    sides.side2 = sides.side2.filter((a) => a.actor !== CIVILIANS);
    if (chosen.def.reverse) [sides.side1, sides.side2] = [sides.side2, sides.side1];
    const c = newCandidate(clause, chosen, 'territory', sides);
    if (!c.side1.length && c.side2.length && chosen.def.reverse) c.side1 = c.side2.splice(0, 1);
    // state forces among the gainers ("Hezbollah and regime forces took control"): the government regains, led by them
    const state = c.side1.findIndex((a) => actorInter(a.actor) === 1);
    if (state >= 0) {
      c.side1.unshift(...c.side1.splice(state, 1));
      c.sub_event_type = FAMILIES.territory.state_sub_event_type ?? c.sub_event_type;
    }
    return c;
  },
};
