/**
 * extract(document) → { document, events }: clean, recognise, build events, refine. Pure: the
 * knowledge (data/*.json) is loaded once when the modules load; nothing else is read or written.
 */
import type { CleanDocument, InputDocument, SitrepEvent } from '../model/index.js';
import { clean } from '../clean/index.js';
import { analyse, type AnalyseContext } from '../events/context.js';
import { classifyClause } from '../events/classify.js';
import { toEvent } from '../events/finalise.js';
import type { Candidate, DocView } from '../events/types.js';
import type { UnlistedPlace } from '../events/refiners/unlisted.js';
import type { EventRecogniser } from '../events/recognisers/base.js';
import { EVENT_RECOGNISERS, REFINERS } from './configuration.js';

export interface Extraction {
  document: CleanDocument;
  events: SitrepEvent[];
  /** events' places that had other readings far apart, which the report's own text did not rule out (see pipeline/batch.ts) */
  openPlaces?: OpenPlace[];
  /** events at a village the gazetteer lacks, placed at the province for want of more (events/refiners/unlisted.ts) */
  unlisted?: (UnlistedPlace & { event: number })[];
  /** per event: its place is spelled as the gazetteer spells it (not a loose match, not a guess) */
  exact?: boolean[];
}

const BY_FAMILY = new Map<string, EventRecogniser>();
for (const r of EVENT_RECOGNISERS) for (const f of r.families) BY_FAMILY.set(f, r);

/** What the reports around a document tell its extraction (pipeline/batch.ts builds it). */
export type ExtractContext = AnalyseContext;

/** A place an event was coded at, and the other readings of its name (more than 5 km away). */
export interface OpenPlace {
  chosen: { lat: number; lon: number };
  alternatives: { lat: number; lon: number }[];
}

export interface Run {
  events: SitrepEvent[];
  openPlaces: OpenPlace[];
  unlisted: (UnlistedPlace & { event: number })[];
  exact: boolean[];
}

/** The events of a document view, and the places left open (the second half of extraction). */
export function eventsOfView(view: DocView): Run {
  let candidates: Candidate[] = [];
  for (const clause of view.clauses) {
    if (!clause.triggers.length) continue;
    for (const chosen of classifyClause(view.tokens, view.text, clause)) {
      const c = BY_FAMILY.get(chosen.family)?.build(view, clause, chosen);
      if (c) candidates.push(c);
    }
  }
  // a labelled note ("Agreement: ...") with no trigger still codes its one event
  if (!candidates.length && view.note && view.noteLabel) {
    // (a bare label with no actor named is not enough)
    const clause = view.clauses.find((k) => k.actors.length);
    if (clause) {
      const at = { from: clause.from, to: clause.from + 1, start: clause.start, end: clause.start, text: '', defs: [] };
      const c = BY_FAMILY.get(view.noteLabel)?.build(view, clause, { family: view.noteLabel, trigger: at, def: { family: view.noteLabel, strong: true, reverse: false } });
      if (c) candidates.push(c);
    }
  }
  for (const refiner of REFINERS) candidates = refiner.refine(view, candidates);
  const openPlaces: OpenPlace[] = [];
  for (const c of candidates) {
    if (c.place?.alternatives?.length) openPlaces.push({ chosen: c.place.place, alternatives: c.place.alternatives });
  }
  const unlisted = candidates.flatMap((c, event) => {
    const u = c.unlisted;
    return u && !u.placed ? [{ name: u.name, country: u.country, admin1: u.admin1, part: u.part, loose: u.loose, event }] : [];
  });
  const exact = candidates.map((c) => !!c.place && !c.place.inexact && !c.unlisted?.placed);
  return { events: candidates.map((c) => toEvent(view, c)), openPlaces, unlisted, exact };
}

/** Whether the engine codes this cleaned document (English, not empty). */
export const codes = (document: CleanDocument): boolean => document.language === 'en' && document.text.trim() !== '';

function run(document: CleanDocument, context: ExtractContext): Run {
  if (!codes(document)) return { events: [], openPlaces: [], unlisted: [], exact: [] };
  return eventsOfView(analyse(document, context));
}

/** Events of an already cleaned document. */
export function extractEvents(document: CleanDocument, context: ExtractContext = {}): SitrepEvent[] {
  return run(document, context).events;
}

export function extract(input: InputDocument, context: ExtractContext = {}): Extraction {
  const document = clean(input);
  const r = run(document, context);
  return { document, events: r.events, openPlaces: r.openPlaces, unlisted: r.unlisted, exact: r.exact };
}
