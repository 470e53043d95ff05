/**
 * Recalled: in an article, an event told in passing as an earlier one the article recalls (background:
 * "Last week, Russian strikes on the market of Arihah killed 13 civilians", "On January 15, strikes on
 * Ariha killed 12") is marked `recalled`. It stays an event (it is coded, and merging joins it to the event it
 * recalls, as more evidence), but the report is not counted among that event's sources while another report
 * tells it (merge/sources.ts): an article about the fall of Maarat al-Numan is not a source of the Ariha strike.
 *
 * An event is recalled when it is not the article's first event and either
 *  - it is dated two days or more before the article's first event (or, that one undated, before the
 *    publication day), or the day before with a date of its own, in a later paragraph, somewhere else (over
 *    10 km away, another name), or
 *  - a recall cue (data/triggers.json `recall_cues`: "last week", "days after", "had documented", "the second
 *    such") comes before its trigger in its sentence.
 * A note (ACLED's one-event notes) recalls nothing.
 */
import type { Candidate, DocView } from '../types.js';
import type { Refiner } from './types.js';
import { RECALL_CUES } from '../../knowledge/triggers.js';
import { distanceKm } from '../../knowledge/places.js';
import { dayOf } from './dates.js';

/** days before the article's first event at which an event dated in its own sentence is recalled */
const RECALL_DAYS = 2;


/** The first token of the sentence a clause belongs to. */
function sentenceStart(view: DocView, sentence: number): number {
  let from = Infinity;
  for (const k of view.clauses) if (k.sentence === sentence && k.from < from) from = k.from;
  return Number.isFinite(from) ? from : 0;
}

function cueBetween(view: DocView, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (RECALL_CUES.matchAt(view.tokens, i, to)) return true;
  return false;
}

/**
 * A recall cue before what the clause tells of the event: its trigger, or its place where that comes later
 * ("The helicopter raid came hours after Russian warplanes struck the market of Ariha"). In a clause merged
 * in from elsewhere, before that clause's first trigger ("SOHR had documented on January 15 the killing of").
 */
function cued(view: DocView, c: Candidate, leadSentence: number): boolean {
  for (const k of c.clauses) {
    if (k.sentence === leadSentence) continue;
    let anchor = k === c.clause ? c.trigger.from : (k.triggers[0]?.from ?? k.to);
    if (k === c.clause && c.place && c.place.from >= k.from && c.place.from < k.to) anchor = Math.max(anchor, c.place.from);
    if (cueBetween(view, sentenceStart(view, k.sentence), anchor)) return true;
  }
  return false;
}

/** over this far from the article's first event, or at another named place: somewhere else */
const ELSEWHERE_KM = 10;
function elsewhere(c: Candidate, lead: Candidate): boolean {
  const a = c.place?.place;
  const b = lead.place?.place;
  if (!a || !b) return false;
  return a.name !== b.name && distanceKm(a, b) > ELSEWHERE_KM;
}

export const recalled: Refiner = {
  name: 'recalled',
  refine(view, candidates) {
    if (view.note || candidates.length < 2) return candidates;
    const inOrder = [...candidates].sort((a, b) => a.trigger.start - b.trigger.start);
    const lead = inOrder[0];
    const leadDay = (lead.time_precision === 1 ? dayOf(lead.date) : null) ?? dayOf(view.doc.published);
    for (const c of inOrder.slice(1)) {
      const day = c.time_precision === 1 ? dayOf(c.date) : null;
      if (day !== null && leadDay !== null && leadDay - day >= RECALL_DAYS) c.recalled = true;
      // the day before, told with its own date in a later paragraph, somewhere else ("On Wednesday, Russian air
      // strikes on Ariha killed 11", in an article on Thursday's drone strike near Sarmada)
      else if (day !== null && leadDay !== null && leadDay - day === 1 && c.dateExplicit && c.clause.paragraph > lead.clause.paragraph && elsewhere(c, lead)) c.recalled = true;
      else if (cued(view, c, lead.clause.sentence)) c.recalled = true;
    }
    return candidates;
  },
};
