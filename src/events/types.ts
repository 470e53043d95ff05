import type { UnlistedPlace } from './refiners/unlisted.js';
import type { ActivityMap } from '../recognise/activity.js';
/** Shapes shared by the event recognisers and refiners. */
import type { CleanDocument, EventType, Span } from '../model/index.js';
import type { PlaceMention } from '../recognise/types.js';
import type { ActorHit } from '../recognise/actors.js';
import type { DateHit } from '../recognise/dates.js';
import type { QuantityHit } from '../recognise/quantities.js';
import type { Attribution } from '../recognise/attributions.js';
import type { Token } from '../knowledge/normalise.js';
import type { CasualtyKind, Family, NegativeKind, TriggerDef } from '../knowledge/triggers.js';

export interface PlaceHit extends PlaceMention {
  from: number;
  to: number;
}

export interface TriggerHit {
  from: number;
  to: number;
  start: number;
  end: number;
  text: string;
  defs: TriggerDef[];
}

export interface CueHit<K> {
  from: number;
  to: number;
  kind: K;
}

/** A clause: the unit events are recognised in (a sentence, or a part of one split at ";" or ", and"). */
export interface Clause {
  index: number;
  sentence: number;
  paragraph: number;
  /** part of a headline (the title line, or a short unpunctuated line at the top) */
  headline: boolean;
  start: number;
  end: number;
  /** token range [from, to) */
  from: number;
  to: number;
  actors: ActorHit[];
  places: PlaceHit[];
  dates: (DateHit & { from: number })[];
  quantities: QuantityHit[];
  triggers: TriggerHit[];
  negatives: CueHit<NegativeKind>[];
  casualties: CueHit<CasualtyKind>[];
}

/** Everything the recognisers found in one cleaned document. */
export interface DocView {
  doc: CleanDocument;
  text: string;
  tokens: Token[];
  clauses: Clause[];
  /** every actor mention, in text order */
  actors: ActorHit[];
  /** where the other reports of the batch place their events, when the document is read in a batch */
  activity?: ActivityMap;
  places: PlaceHit[];
  /** places people are said to come from ("displaced from Afrin"): no event's place, unless nothing else is named */
  origins: PlaceHit[];
  dates: (DateHit & { from: number })[];
  attributions: Attribution[];
  /** an ACLED-style note's leading label ("Looting:") */
  noteLabel: Family | null;
  /** short, note-like documents code one event (ACLED's notes) */
  note: boolean;
}

/** An event as it goes through the refiners, before it becomes a SitrepEvent. */
export interface Candidate {
  family: Family;
  event_type: EventType;
  sub_event_type: string;
  clause: Clause;
  trigger: TriggerHit;
  /** rests on a strong trigger ("shelled"), not a weak one ("targeted") */
  strong: boolean;
  /** acting side and target side, in order of mention */
  side1: ActorHit[];
  side2: ActorHit[];
  /** the side came from the clause itself, not from an earlier clause or a default */
  ownActors: boolean;
  actor1: string;
  assoc1: string[];
  actor2: string;
  assoc2: string[];
  date: string | null;
  time_precision: 1 | 2 | 3;
  /** the date was written in the event's own sentence */
  dateExplicit: boolean;
  /** that date was relative ("today", "on Friday"): a quoted statement's "today" may be a day off */
  dateRelative: boolean;
  /** that date is only when the report or a source spoke ("sources said on Friday"), none of the event's own */
  dateReport?: boolean;
  place: PlaceHit | null;
  /** a village the clause names that the gazetteer lacks ("Hasraya village in Hama countryside"), and whether it was placed */
  unlisted?: UnlistedPlace & { start: number; end: number; placed: boolean };
  /** where the place came from: the clause, its sentence, the note, or sentences before */
  placeSource: 'clause' | 'sentence' | 'note' | 'context' | null;
  /** places named in the event's clauses */
  placeNames: Set<string>;
  fatalities: number | null;
  fatalitiesVague: boolean;
  injured: number | null;
  arrested: number | null;
  arrestedVague: boolean;
  /** quantity mentions already counted */
  counted: Set<number>;
  /** "No fatalities reported" */
  noFatalities: boolean;
  /** ACLED's "unknown number of fatalities coded as 10" */
  codedFatalities: number | null;
  /** ACLED's "distributed fatalities over the activities in A and B": the figure is shared by this many places */
  spread?: number;
  fatalitiesLow: number | null;
  fatalitiesHigh: number | null;
  evidence: Span[];
  clauses: Clause[];
  notes: string[];
  confidence: number;
  /** an earlier event the article recalls as background, not the one it reports (refiners/recalled.ts) */
  recalled?: boolean;
  /** a side withdrew and no one is named taking the place ("The factions withdrew from the town"): a non-violent
   * transfer by the side that left, or, where the report tells the place's capture, that capture told again */
  withdrawal?: boolean;
}
