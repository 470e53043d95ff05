/** What every event recogniser shares: the interface, and a fresh candidate for a clause. */
import type { ActorHit } from '../../recognise/actors.js';
import { FAMILIES, type Family } from '../../knowledge/triggers.js';
import { actorInter } from '../../knowledge/actors.js';
import type { Chosen } from '../classify.js';
import type { Candidate, Clause, DocView, TriggerHit } from '../types.js';
import type { Sides } from '../roles.js';

/** One pattern family's recogniser: builds an event from a clause that reports it. */
export interface EventRecogniser {
  name: string;
  families: readonly Family[];
  build(view: DocView, clause: Clause, chosen: Chosen): Candidate | null;
}

/** A synthetic mention for an actor the text implies (protesters of a protest, a default actor). */
export function impliedActor(actor: string, at: TriggerHit): ActorHit {
  return { start: at.start, end: at.end, text: at.text, actor, inter: actorInter(actor), description: true, from: at.from, to: at.to, modifier: false, implied: true };
}

export function newCandidate(clause: Clause, chosen: Chosen, family: Family, sides: Sides): Candidate {
  const info = FAMILIES[family];
  return {
    family,
    event_type: info.event_type,
    sub_event_type: info.sub_event_type,
    clause,
    trigger: chosen.trigger,
    strong: chosen.def.strong,
    side1: sides.side1,
    side2: sides.side2,
    ownActors: sides.side1.length + sides.side2.length > 0,
    actor1: '',
    assoc1: [],
    actor2: '',
    assoc2: [],
    date: null,
    time_precision: 1,
    dateExplicit: false,
    dateRelative: false,
    place: null,
    placeSource: null,
    placeNames: new Set(clause.places.map((p) => p.place.name)),
    fatalities: null,
    fatalitiesVague: false,
    injured: null,
    arrested: null,
    arrestedVague: false,
    counted: new Set(),
    noFatalities: false,
    codedFatalities: null,
    fatalitiesLow: null,
    fatalitiesHigh: null,
    evidence: [],
    clauses: [clause],
    notes: [],
    confidence: chosen.def.strong ? 0.7 : 0.5,
  };
}

/** Sets a candidate's family (and so its type and sub-type). */
export function setFamily(c: Candidate, family: Family): void {
  const info = FAMILIES[family];
  c.family = family;
  c.event_type = info.event_type;
  c.sub_event_type = info.sub_event_type;
}
