/**
 * Battles: armed clashes ("clashes took place between A and B", "X attacked a Y checkpoint",
 * "A group of HTS fighters attempted to assassinate a commander of a rebel group").
 * A weak trigger whose only targets are civilians is an attack on civilians instead.
 */
import { assignSides, CIVILIANS } from '../roles.js';
import { newCandidate, setFamily, type EventRecogniser } from './base.js';

export const battles: EventRecogniser = {
  name: 'battles',
  families: ['clash'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger);
    const armedTargets = sides.side2.filter((a) => a.actor !== CIVILIANS);
    // the first target decides: "killed a young man ... accused of belonging to the PKK"
    const civilianTargets = sides.side2[0]?.actor === CIVILIANS;
    const c = newCandidate(clause, chosen, 'clash', sides);
    if (!chosen.def.strong && civilianTargets) setFamily(c, 'attack');
    else {
      // a battle has two armed sides; civilians caught in it are not one of them
      c.side2 = armedTargets;
      // "Clashes in X between A and B" name both sides; "X was attacked" leaves the attacker unknown
      if (!c.side1.length && c.side2.length > 1) c.side1 = c.side2.splice(0, 1);
    }
    return c;
  },
};
