/**
 * Finalise: a refined candidate becomes the event record of the spec: inter codes and
 * interaction, civilian targeting, place fields, sources (outlets and attributed sources),
 * notes, evidence spans (offsets into the cleaned text) and confidence.
 */
import type { SitrepEvent, Span } from '../model/index.js';
import { actorInter } from '../knowledge/actors.js';
import { CIVILIANS } from './roles.js';
import { fatalitiesOf } from './refiners/counts.js';
import type { Candidate, DocView } from './types.js';

function sentenceSpan(view: DocView, sentence: number): { start: number; end: number } {
  const ks = view.clauses.filter((k) => k.sentence === sentence);
  return { start: ks[0].start, end: ks[ks.length - 1].end };
}

export function toEvent(view: DocView, c: Candidate): SitrepEvent {
  const inter1 = c.actor1 ? actorInter(c.actor1) : null;
  const inter2 = c.actor2 ? actorInter(c.actor2) : null;
  const interaction = inter1 === null ? null : inter2 === null ? inter1 * 10 : Number(`${Math.min(inter1, inter2)}${Math.max(inter1, inter2)}`);
  const civilians = c.actor2 === CIVILIANS || c.assoc2.includes(CIVILIANS);
  const civilian_targeting = c.event_type === 'Violence against civilians' || (civilians && c.event_type === 'Explosions/Remote violence') ? 'Civilian targeting' : '';

  const clauses = [...c.clauses].sort((a, b) => a.start - b.start);
  const evidence: Span[] = clauses.map((k) => ({ start: k.start, end: k.end, text: view.text.slice(k.start, k.end) }));
  const sentences = [...new Set(clauses.map((k) => k.sentence))];
  const spans = sentences.map((s) => sentenceSpan(view, s));

  const sources: string[] = [...view.doc.outlets];
  for (const a of view.attributions) {
    if (spans.some((s) => a.start >= s.start && a.start < s.end) && !sources.includes(a.source)) sources.push(a.source);
  }

  // notes: the first sentence of the body (a headline only when nothing else tells the event)
  const bodyIndex = sentences.findIndex((sn) => clauses.some((k) => k.sentence === sn && !k.headline));
  const first = spans[Math.max(0, bodyIndex)];
  let note = view.text.slice(first.start, first.end).replace(/\s+/g, ' ').trim();
  if (note.length > 400) note = `${note.slice(0, 397)}...`;
  const notes = [note, ...c.notes].join(' ');

  let fatalities = fatalitiesOf(c);
  if (c.family === 'protest' && fatalities > 0) c.sub_event_type = 'Excessive force against protesters';
  const p = c.place;
  return {
    doc: view.doc.id,
    event_date: c.date,
    time_precision: c.time_precision,
    event_type: c.event_type,
    sub_event_type: c.sub_event_type,
    actor1: c.actor1,
    assoc_actor_1: c.assoc1.join('; '),
    inter1,
    actor2: c.actor2,
    assoc_actor_2: c.assoc2.join('; '),
    inter2,
    interaction,
    civilian_targeting,
    country: p?.place.country ?? '',
    admin1: p?.place.admin1 ?? '',
    admin2: p?.place.admin2 ?? '',
    admin3: p?.place.admin3 ?? '',
    location: p?.place.name ?? '',
    latitude: p ? p.place.lat : null,
    longitude: p ? p.place.lon : null,
    geo_precision: p?.precision ?? 3,
    source: sources.join('; '),
    notes,
    fatalities: (fatalities = Math.max(0, fatalities)),
    injured: c.injured,
    arrested: c.arrested,
    fatalities_low: c.fatalities !== null || c.fatalitiesHigh !== null ? fatalities : null,
    fatalities_high: c.fatalitiesHigh !== null ? Math.max(c.fatalitiesHigh, fatalities) : c.fatalities !== null ? fatalities : null,
    evidence,
    confidence: Math.round(Math.max(0.05, Math.min(1, c.confidence)) * 100) / 100,
    sources_count: 1,
    ...(c.recalled ? { recalled: true as const } : {}),
  };
}
