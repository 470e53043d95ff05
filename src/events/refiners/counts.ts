/**
 * Counts: killed, injured and arrested for each event from its clause, plus clauses that report
 * only casualties ("No fatalities reported.", "The attackers killed two rebel fighters") which
 * belong to the event just before them. Fatalities of every side add up; vague counts take
 * ACLED's figure and the notes say so; ACLED's "coded as 10" is kept.
 */
import { countClause, type ClauseCounts } from '../counts.js';
import { CIVILIANS } from '../roles.js';
import { impliedActor } from '../recognisers/base.js';
import type { Candidate, Clause, DocView } from '../types.js';
import type { Refiner } from './types.js';

const ALTERNATIVE = /\b(?:conflicting (?:sources|reports)|other (?:reports|sources)|another source|some sources|other figures)\b/i;
const REMOTE_FAMILIES = new Set(['air', 'shelling', 'ied', 'suicide', 'grenade', 'chemical']);
const VICTIM_FAMILIES = new Set(['air', 'shelling', 'ied', 'suicide', 'grenade', 'chemical', 'attack', 'abduction', 'sexual']);

function apply(c: Candidate, n: ClauseCounts): void {
  if (n.killed !== null) {
    c.fatalities = (c.fatalities ?? 0) + n.killed;
    if (n.killedVague) c.fatalitiesVague = true;
  }
  if (n.injured !== null) c.injured = (c.injured ?? 0) + n.injured;
  if (n.arrested !== null) {
    c.arrested = (c.arrested ?? 0) + n.arrested;
    if (n.arrestedVague) c.arrestedVague = true;
  }
  if (n.none) c.noFatalities = true;
  if (n.coded !== null) c.codedFatalities = n.coded;
  if (n.spread !== null) c.spread = n.spread;
}

export const counts: Refiner = {
  name: 'counts',
  refine(view, candidates) {
    const owner = new Map<Clause, Candidate[]>();
    for (const c of candidates) {
      const list = owner.get(c.clause) ?? [];
      list.push(c);
      owner.set(c.clause, list);
    }
    const shared = new Set<number>();
    let last: Candidate | null = null;
    for (const clause of view.clauses) {
      const own = owner.get(clause);
      if (own) {
        // several events in one clause (an arrest and a battle): each counts its own words
        for (const c of own) apply(c, countClause(view.tokens, view.text, clause, c.family === own[0].family ? shared : new Set(shared)));
        // a headline sums up: casualty lines after it belong to the body's events
        if (!clause.headline) last = own[0];
        continue;
      }
      if (!last) continue;
      const sameStretch = view.note || clause.sentence - last.clause.sentence <= 2;
      if (!sameStretch) continue;
      // "..., while a security member was killed in Ariha": another place, another event
      if (!view.note && clause.places.length && last.place && !clause.places.some((p) => p.place.name === last!.place!.place.name)) continue;
      // "... since the beginning of the year, killing dozens": a summary's figures are no event's
      if (clause.negatives.length) continue;
      const said = view.text.slice(clause.start, clause.end);
      if (!clause.casualties.length && !/\bcoded (?:as|to|at) /i.test(said)) continue;
      const n = countClause(view.tokens, view.text, clause, shared);
      // "increasing death toll ... to 16 martyrs": a running total over many events, not this one's
      if (/\btoll\b/i.test(said) && !view.note) continue;
      if (ALTERNATIVE.test(said)) {
        // "Conflicting sources indicate that 5 civilians were killed": the high figure only
        if (n.killed !== null) last.fatalitiesHigh = Math.max(last.fatalitiesHigh ?? 0, n.killed);
        continue;
      }
      apply(last, n);
      if (!last.clauses.includes(clause)) last.clauses.push(clause);
    }
    for (const c of candidates) {
      // civilians killed or injured are the target side
      if (VICTIM_FAMILIES.has(c.family) && ((c.fatalities ?? 0) > 0 || (c.injured ?? 0) > 0)) {
        const victims = c.clauses.flatMap((k) => k.actors).find((a) => a.actor === CIVILIANS);
        if (victims && !c.side2.some((a) => a.actor === CIVILIANS)) c.side2.unshift(victims);
      }
      // shelling "which led to fatalities", a blast "causing injuries": with no one else named, civilians were hit
      const hurt = (c.fatalities ?? 0) > 0 || (c.injured ?? 0) > 0 || (c.codedFatalities ?? 0) > 0 ||
        c.clauses.some((k) => k.casualties.some((x) => x.kind === 'killed' || x.kind === 'injured'));
      if (REMOTE_FAMILIES.has(c.family) && !c.side2.length && hurt) c.side2 = [impliedActor(CIVILIANS, c.trigger)];
      if (c.arrestedVague) c.notes.push('The number arrested is vague; the smallest figure the words allow is coded.');
      if (c.fatalitiesVague) c.notes.push('The number killed is vague; the smallest figure the words allow is coded.');
    }
    return candidates;
  },
};

/** The fatality figure an event reports: ACLED's coded figure, else the deaths counted, else 0. */
export function fatalitiesOf(c: Candidate): number {
  const n = c.codedFatalities ?? c.fatalities ?? 0;
  return c.spread && c.spread > 1 && c.codedFatalities === null ? Math.floor(n / c.spread) : n;
}
