/**
 * Strategic developments: arrests ("HTS arrested six non-Syrian jihadists"), agreements
 * ("an agreement had been reached between A on one hand, and B on the other, after mediation by C"),
 * bases ("HTS established posts in Bosoufane"), looting, non-violent transfers of territory,
 * changes to a group's activity, disrupted weapons use.
 */
import { assignSides } from '../roles.js';
import { newCandidate, type EventRecogniser } from './base.js';

export const strategic: EventRecogniser = {
  name: 'strategic',
  families: ['arrest', 'agreement', 'base', 'looting', 'transfer', 'change', 'disrupted', 'other'],
  build(view, clause, chosen) {
    const sides = assignSides(view.tokens, clause, chosen.trigger);
    const c = newCandidate(clause, chosen, chosen.family, sides);
    // "Agreement: HTS and JaI carried out ...", "Exchange of prisoners took place between A and B"
    // (an arrest's patient stays: "where it arrested six jihadists" takes its actor from the clause before)
    const labelOnly = chosen.trigger.text === '';
    if (!c.side1.length && c.side2.length && (chosen.family === 'agreement' || labelOnly)) c.side1 = c.side2.splice(0, 1);
    // "The SNA and HTS reached an agreement": two parties
    if (chosen.family === 'agreement' && !c.side2.length && c.side1.length > 1) c.side2 = c.side1.splice(1, 1);
    return c;
  },
};
