/**
 * extract(document) → { document, events }: clean, recognise, build events, refine. Pure: the
 * knowledge (data/*.json) is loaded once when the modules load; nothing else is read or written.
 */
import type { CleanDocument, InputDocument, SitrepEvent } from '../model/index.js';
import { clean } from '../clean/index.js';
import { analyse } from '../events/context.js';
import { classifyClause } from '../events/classify.js';
import { toEvent } from '../events/finalise.js';
import type { Candidate } from '../events/types.js';
import type { EventRecogniser } from '../events/recognisers/base.js';
import { EVENT_RECOGNISERS, REFINERS } from './configuration.js';

export interface Extraction {
  document: CleanDocument;
  events: SitrepEvent[];
}

const BY_FAMILY = new Map<string, EventRecogniser>();
for (const r of EVENT_RECOGNISERS) for (const f of r.families) BY_FAMILY.set(f, r);

/** Events of an already cleaned document. */
export function extractEvents(document: CleanDocument): SitrepEvent[] {
  if (document.language !== 'en' || !document.text.trim()) return [];
  const view = analyse(document);
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
  return candidates.map((c) => toEvent(view, c));
}

export function extract(input: InputDocument): Extraction {
  const document = clean(input);
  return { document, events: extractEvents(document) };
}
