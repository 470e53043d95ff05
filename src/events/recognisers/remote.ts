/**
 * Explosions/remote violence: air and drone strikes ("Warplanes, likely regime and/or Russian,
 * carried out strikes on X"), shelling ("Regime forces shelled X"), IEDs and landmines
 * ("An IED exploded in X"), suicide bombs, grenades, chemical weapons.
 */
import { assignSides } from '../roles.js';
import { newCandidate, type EventRecogniser } from './base.js';

export const remote: EventRecogniser = {
  name: 'remote',
  families: ['air', 'shelling', 'ied', 'suicide', 'grenade', 'chemical'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger);
    return newCandidate(clause, chosen, chosen.family, sides);
  },
};
