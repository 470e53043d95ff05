/**
 * Protests and riots: "a demonstration by women calling for the release of detainees";
 * with another actor breaking it up ("HTS attacked a demonstration ... opened fire to disperse
 * the protesters") it is a protest with intervention.
 */
import { keySet } from '../../knowledge/normalise.js';
import { assignSides, PROTESTERS } from '../roles.js';
import { impliedActor, newCandidate, type EventRecogniser } from './base.js';

const INTERVENTION = keySet(['attacked', 'opened', 'fire', 'dispersed', 'dispersing', 'disperse', 'arrested', 'detained', 'tear', 'beat', 'beaten', 'fired', 'shot', 'suppressed', 'stormed', 'raided', 'broke', 'attacking']);

export const protests: EventRecogniser = {
  name: 'protests',
  families: ['protest', 'riot'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger, true);
    const crowd = chosen.family === 'riot' ? 'Rioters (Syria)' : PROTESTERS;
    const others = [...sides.side1, ...sides.side2].filter((a) => a.actor !== PROTESTERS && a.actor !== crowd && a.actor !== 'Civilians (Syria)');
    // the crowd is what a protest is: named by the event, not a default to give way
    const c = newCandidate(clause, chosen, chosen.family, { side1: [{ ...impliedActor(crowd, chosen.trigger), implied: false }], side2: others });
    c.ownActors = true;
    if (chosen.family === 'protest' && others.length) {
      let intervened = false;
      for (let k = clause.from; k < clause.to; k++) if (INTERVENTION.has(view.tokens[k].key)) intervened = true;
      if (intervened) c.sub_event_type = 'Protest with intervention';
      // whom a protest addresses ("demanding the fall of the regime") is no party to it
      else c.side2 = [];
    }
    return c;
  },
};
