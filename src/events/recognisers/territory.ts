/**
 * Territory changing hands: "HTS fighters captured Abu Aref hill", "Opposition fighters fully
 * captured the city of Kafr Nabodeh", "HTS withdrew from the villages of ... under pressure from
 * the Syrian Army" (the subject loses: the other side gains). State forces gaining is
 * "Government regains territory", anyone else "Non-state actor overtakes territory".
 */
import { FAMILIES } from '../../knowledge/triggers.js';
import { actorInter } from '../../knowledge/actors.js';
import { assignSides, CIVILIANS } from '../roles.js';
import { newCandidate, setFamily, type EventRecogniser } from './base.js';

const WITHDREW = /\b(?:withdr[ae]w|withdrawn|withdrawal|retreated|pulled out)\b/i;

export const territory: EventRecogniser = {
  name: 'territory',
  families: ['territory'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger);
    sides.side2 = sides.side2.filter((a) => a.actor !== CIVILIANS);
    if (chosen.def.reverse) [sides.side1, sides.side2] = [sides.side2, sides.side1];
    const c = newCandidate(clause, chosen, 'territory', sides);
    if (!c.side1.length && c.side2.length && chosen.def.reverse) {
      c.side1 = c.side2.splice(0, 1);
      // a side that withdrew, no one named taking the place, gains nothing: ACLED codes a withdrawal without a fight
      // as a non-violent transfer by the side that left (merging folds it into the place's capture where the
      // report tells one: "Regime forces took Busr al-Harir ... The factions withdrew from the town")
      if (WITHDREW.test(chosen.trigger.text)) {
        // attackers who "withdrew deeper into the desert" after their raid: no place left, part of the fight
        const after = (p: { from: number }) => p.from >= chosen.trigger.to && p.from < clause.to;
        if (!clause.places.some(after) && !view.origins.some(after)) return null;
        setFamily(c, 'transfer');
        c.withdrawal = true;
        return c;
      }
    }
    // state forces among the gainers ("Hezbollah and regime forces took control"): the government regains, led by them
    const state = c.side1.findIndex((a) => actorInter(a.actor) === 1);
    if (state >= 0) {
      c.side1.unshift(...c.side1.splice(state, 1));
      c.sub_event_type = FAMILIES.territory.state_sub_event_type ?? c.sub_event_type;
    }
    return c;
  },
};
