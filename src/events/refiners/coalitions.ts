/**
 * Coalitions: a member group's event is also its coalition's, as ACLED codes it: in April 2018
 * "clashes with Ahrar al-Sham and Suqour al-Sham" are with "JTS: Syria Liberation Front", the
 * members associated. Membership and its dates live in data/actors.json (`member_of`).
 */
import { coalitionOf } from '../../knowledge/actors.js';
import { impliedActor } from '../recognisers/base.js';
import { nameActors } from './names.js';
import type { Refiner } from './types.js';

export const coalitions: Refiner = {
  name: 'coalitions',
  refine(_view, candidates) {
    for (const c of candidates) {
      if (c.time_precision === 3) continue;
      const present = new Set([...c.side1, ...c.side2].map((a) => a.actor));
      let changed = false;
      for (const side of [c.side1, c.side2]) {
        const member = side.find((a) => coalitionOf(a.actor, c.date));
        const parent = member && coalitionOf(member.actor, c.date);
        if (!member || !parent || present.has(parent)) continue;
        side.unshift({ ...impliedActor(parent, c.trigger), implied: false });
        present.add(parent);
        changed = true;
      }
      if (changed) nameActors(c);
    }
    return candidates;
  },
};
