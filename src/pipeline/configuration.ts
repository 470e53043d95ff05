/**
 * The order of the extraction stages, written once. Each stage reads what the ones before it
 * left, so the order matters; the comments say why.
 */
import type { EventRecogniser } from '../events/recognisers/base.js';
import type { Refiner } from '../events/refiners/types.js';
import { territory } from '../events/recognisers/territory.js';
import { battles } from '../events/recognisers/battles.js';
import { remote } from '../events/recognisers/remote.js';
import { civilians } from '../events/recognisers/civilians.js';
import { protests } from '../events/recognisers/protests.js';
import { strategic } from '../events/recognisers/strategic.js';
import { inherit } from '../events/refiners/inherit.js';
import { defaults } from '../events/refiners/defaults.js';
import { names } from '../events/refiners/names.js';
import { dates } from '../events/refiners/dates.js';
import { places } from '../events/refiners/places.js';
import { borders } from '../events/refiners/borders.js';
import { unlisted } from '../events/refiners/unlisted.js';
import { counts } from '../events/refiners/counts.js';
import { merge } from '../events/refiners/merge.js';
import { filter } from '../events/refiners/filter.js';
import { coalitions } from '../events/refiners/coalitions.js';
import { recalled } from '../events/refiners/recalled.js';

/**
 * Event recognisers, one per pattern family. A clause's families are decided first
 * (events/classify.ts: negation, battle-over-remote, protest-over-attack), then the recogniser
 * that owns each family builds its event. Order here is only the order events are listed in.
 */
export const EVENT_RECOGNISERS: readonly EventRecogniser[] = [territory, battles, remote, civilians, protests, strategic];

/** Refiners, in order. */
export const REFINERS: readonly Refiner[] = [
  // actors a clause does not name come from the clause before it in the sentence ("..., where it arrested")
  inherit,
  // then ACLED's default actors fill what is still empty, so every event has an actor1
  defaults,
  // actor fields from the sides, needed by merging
  names,
  // dates before merging: merging compares days
  dates,
  // places before merging: merging compares places
  places,
  // an event placed only at its province, on a border: the province's crossing (needs the places above)
  borders,
  // a village the gazetteer lacks, named with its province only: where the batch's events there crowd
  unlisted,
  // counts before merging, so merged events keep the largest figures; orphan casualty clauses attach here
  counts,
  // one event per actors, day and place (ACLED notes: one event per note)
  merge,
  // after merging, when each event has its day: members of a coalition on that day bring the coalition in
  coalitions,
  // background without place or date, and weak actor-less events, are dropped
  filter,
  // last, on the events that stay: which are earlier events the article recalls (not counted as its own)
  recalled,
];
