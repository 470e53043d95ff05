/**
 * Violence against civilians: attacks ("Unidentified gunmen shot and killed a young man",
 * "an unknown gunman assassinated a displaced civilian"), abductions, sexual violence.
 * An attack whose only targets are armed actors is a battle, as ACLED codes it.
 */
import { assignSides, CIVILIANS } from '../roles.js';
import { newCandidate, setFamily, type EventRecogniser } from './base.js';

export const civilians: EventRecogniser = {
  name: 'civilians',
  families: ['attack', 'abduction', 'sexual'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger);
    const c = newCandidate(clause, chosen, chosen.family, sides);
    const armed = c.side2.filter((a) => a.actor !== CIVILIANS);
    if (chosen.family === 'attack' && armed.length && !c.side2.some((a) => a.actor === CIVILIANS)) {
      setFamily(c, 'clash');
    }
    return c;
  },
};
