/**
 * Explosions/remote violence: air and drone strikes ("Warplanes, likely regime and/or Russian,
 * carried out strikes on X"), shelling ("Regime forces shelled X"), IEDs and landmines
 * ("An IED exploded in X"), suicide bombs, grenades, chemical weapons.
 */
import { keySet } from '../../knowledge/normalise.js';
import { assignSides, weaponAgent } from '../roles.js';

const INTRANSITIVE = keySet(['exploded', 'explode', 'explodes', 'explosion', 'explosions', 'blast', 'blasts']);
import { newCandidate, type EventRecogniser } from './base.js';

export const remote: EventRecogniser = {
  name: 'remote',
  families: ['air', 'shelling', 'ied', 'suicide', 'grenade', 'chemical'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger);
    // "A car belonging to Sham Corps exploded": what explodes is hit, not the attacker
    if (INTRANSITIVE.has(view.tokens[chosen.trigger.from].key) && chosen.trigger.to - chosen.trigger.from === 1) {
      // ... unless it was fired by someone: "the explosion of a bomb dropped by regime warplanes"
      const users = sides.side1.filter((a) => a.from > chosen.trigger.from && weaponAgent(view.tokens, clause, a));
      sides.side2 = [...sides.side1.filter((a) => !users.includes(a)), ...sides.side2];
      sides.side1 = users;
    }
    return newCandidate(clause, chosen, chosen.family, sides);
  },
};
