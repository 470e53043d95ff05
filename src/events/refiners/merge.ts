/**
 * Merge: one event per actors, day and place, as ACLED merges them.
 * - An ACLED-style note codes one event: everything it says folds into its main event (the family
 *   with the highest priority: territory > clash > remote violence > ...), or the note's label.
 * - In an article, events of one type whose places, days and actors agree fold together; remote
 *   violence at a battle's place and day belongs to the battle.
 */
import { FAMILIES } from '../../knowledge/triggers.js';
import { DEFAULT_ACTOR } from '../../knowledge/triggers.js';
import { setFamily } from '../recognisers/base.js';
import { nameActors } from './names.js';
import { homeCountry } from './places.js';
import type { Candidate, DocView } from '../types.js';
import type { ActorHit } from '../../recognise/actors.js';
import type { PlaceHit } from '../types.js';
import { admin1Of } from '../../knowledge/places.js';
import type { Refiner } from './types.js';

const DEFAULTS = new Set([DEFAULT_ACTOR.air, DEFAULT_ACTOR.other]);

/** Folds one candidate into another; `sum` adds figures (a note's sentences each tell their own dead), else the larger is kept. */
function fold(into: Candidate, from: Candidate, sum = false): void {
  for (const a of from.side1) if (!into.side1.some((x) => x.actor === a.actor) && !into.side2.some((x) => x.actor === a.actor)) into.side1.push(a);
  for (const a of from.side2) if (!into.side1.some((x) => x.actor === a.actor) && !into.side2.some((x) => x.actor === a.actor)) into.side2.push(a);
  // a default actor gives way to a named one
  const implied = (a: ActorHit) => a.implied && DEFAULTS.has(a.actor);
  if (into.side1.some((a) => !implied(a))) into.side1 = into.side1.filter((a) => !implied(a));
  if (into.side2.some((a) => !implied(a))) into.side2 = into.side2.filter((a) => !implied(a));
  if (from.place && (!into.place || placeRank(from) > placeRank(into))) {
    into.place = from.place;
    into.placeSource = from.placeSource;
  }
  // (a day that is only when the sources spoke gives way to the event's own: "..., sources said on Friday. The
  // operation was carried out on Thursday")
  if ((!into.dateExplicit && from.dateExplicit) || (into.dateRelative && from.dateExplicit && !from.dateRelative) ||
    (into.dateReport && from.dateExplicit && !from.dateReport)) {
    into.dateReport = from.dateReport;
    into.dateRelative = from.dateRelative;
    into.date = from.date;
    into.time_precision = from.time_precision;
    into.dateExplicit = true;
  }
  for (const n of from.placeNames) into.placeNames.add(n);
  const add = (a: number | null, b: number | null) => (b === null ? a : sum ? (a ?? 0) + b : Math.max(a ?? 0, b));
  into.fatalities = add(into.fatalities, from.fatalities);
  into.injured = add(into.injured, from.injured);
  into.arrested = add(into.arrested, from.arrested);
  into.noFatalities ||= from.noFatalities;
  into.codedFatalities ??= from.codedFatalities;
  into.spread ??= from.spread;
  into.fatalitiesVague ||= from.fatalitiesVague;
  for (const k of from.clauses) if (!into.clauses.includes(k)) into.clauses.push(k);
  for (const n of from.notes) if (!into.notes.includes(n)) into.notes.push(n);
  into.ownActors ||= from.ownActors;
  into.confidence = Math.min(1, Math.max(into.confidence, from.confidence) + 0.05);
}

const COARSE = new Set(['admin1', 'admin2', 'governorate', 'district', 'country', 'region']);

/** A region, or a town named like its governorate without "city" ("in rebel-held Idlib"): it may mean either. */
function regionLike(p: PlaceHit): boolean {
  if (COARSE.has(p.place.kind) || p.precision === 3) return true;
  return admin1Of(p.place.name) === p.place.admin1 && !/\bcity\b/i.test(docText.slice(Math.max(0, p.start - 12), p.end + 6));
}
// the report being merged (set at the start of each synchronous merge call)
let docText = '';

/** How good an event's place is: its own (not borrowed), in the report's main country, a town rather than a region. */
function placeRank(c: Candidate): number {
  const p = c.place;
  if (!p) return -1;
  const own = c.placeSource === 'clause' || c.placeSource === 'sentence' ? 2 : 0;
  const home = p.place.country === homeOf(c) ? 4 : 0;
  const fine = COARSE.has(p.place.kind) || p.precision === 3 ? 0 : 1;
  return own + home + fine;
}
let home = '';
const homeOf = (_c: Candidate) => home;

function noteMerge(view: DocView, cands: Candidate[]): Candidate[] {
  if (!cands.length) return cands;
  // strong triggers first, then events whose own clause names who acted ("Clashes continue." does not
  // make a barrel-bomb strike a battle), then the family's priority, then the order of mention
  const ranked = [...cands].sort(
    (a, b) => Number(b.strong) - Number(a.strong) || Number(b.ownActors) - Number(a.ownActors) ||
      FAMILIES[b.family].priority - FAMILIES[a.family].priority || a.clause.index - b.clause.index,
  );
  const main = ranked[0];
  // the note's main actors come first: those of its first sentence that names any
  const first = [...cands].sort((a, b) => a.clause.index - b.clause.index).find((c) => c.ownActors);
  if (first && first !== main && !main.ownActors) {
    main.side1 = [...first.side1];
    main.side2 = [...first.side2, ...main.side2];
  }
  // "Movement of forces: Turkish reconnaissance forces ...": a named actor beats a default one
  if (main.side1.every((a) => a.implied)) {
    const named = cands.map((c) => c.side1.find((a) => !a.implied) ?? c.side2.find((a) => !a.implied && a.actor !== 'Civilians (Syria)')).find(Boolean);
    if (named && main.event_type === 'Strategic developments') {
      main.side1 = [named];
      main.side2 = main.side2.filter((a) => a.actor !== named.actor);
    }
  }
  for (const c of cands) if (c !== main) fold(main, c, true);
  if (view.noteLabel) setFamily(main, view.noteLabel);
  nameActors(main);
  return [main];
}

/** a withdrawal no one is named gaining, and a capture of the same place: one event (see `withdrawal`) */
function withdrawalOf(a: Candidate, b: Candidate): boolean {
  const [w, t] = a.withdrawal ? [a, b] : b.withdrawal ? [b, a] : [null, null];
  if (!w || !t || t.family !== 'territory' || !w.place || !t.place || w.place.place.name !== t.place.place.name) return false;
  if (a.dateExplicit && b.dateExplicit && a.date !== b.date) return false;
  return true;
}

function compatible(a: Candidate, b: Candidate): boolean {
  if (withdrawalOf(a, b)) return true;
  const typeOk =
    a.event_type === b.event_type ||
    (a.event_type === 'Battles' && b.event_type === 'Explosions/Remote violence') ||
    (b.event_type === 'Battles' && a.event_type === 'Explosions/Remote violence');
  if (!typeOk) return false;
  if (a.event_type !== b.event_type && !(a.place && b.place && a.place.place.name === b.place.place.name)) return false;
  if (a.event_type === 'Strategic developments' && a.sub_event_type !== b.sub_event_type) return false;
  // places: the same, or one without a place of its own
  const pa = a.placeSource === 'clause' || a.placeSource === 'sentence' ? a.place : null;
  const pb = b.placeSource === 'clause' || b.placeSource === 'sentence' ? b.place : null;
  const continuation = !a.ownActors || !b.ownActors;
  if (pa && pb && pa.place.name !== pb.place.name && !(continuation && (a.placeNames.has(pb.place.name) || b.placeNames.has(pa.place.name)))) {
    const coarse = regionLike(pa) || regionLike(pb);
    if (!(coarse && pa.place.admin1 === pb.place.admin1)) return false;
  }
  if (a.dateExplicit && b.dateExplicit && a.date !== b.date) {
    const near = a.date && b.date && Math.abs(Date.parse(a.date) - Date.parse(b.date)) <= 86_400_000;
    if (!(near && (a.dateRelative || b.dateRelative))) return false;
  }
  // a clash and a capture at one place are two events (unless one is only "attacks" around the other)
  if (a.event_type === 'Battles' && b.event_type === 'Battles' && a.sub_event_type !== b.sub_event_type && a.strong && b.strong) return false;
  if (a.time_precision === 3 || b.time_precision === 3) return a.date === b.date;
  // actors: one side shared, or one event without actors of its own
  if (!a.ownActors || !b.ownActors) return true;
  const sa = new Set([a.actor1, ...a.assoc1, a.actor2, ...a.assoc2].filter((x) => x && !DEFAULTS.has(x)));
  const sb = [b.actor1, ...b.assoc1, b.actor2, ...b.assoc2].filter((x) => x && !DEFAULTS.has(x));
  if (!sa.size || !sb.length) return true;
  if (a.event_type === 'Explosions/Remote violence' && b.event_type === a.event_type && a.sub_event_type !== b.sub_event_type) {
    return a.actor1 === b.actor1;
  }
  return sb.some((x) => sa.has(x));
}

/** A headline restates an event of the body: fold it into one of the same type that shares an actor. */
function headlineInto(body: Candidate[], h: Candidate): Candidate | undefined {
  const names = (c: Candidate) => [c.actor1, ...c.assoc1, c.actor2, ...c.assoc2].filter((x) => x && !DEFAULTS.has(x));
  const hn = names(h);
  return body.find((b) => b.event_type === h.event_type && (!hn.length || names(b).some((x) => hn.includes(x))));
}

function articleMerge(all: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const heads = all.filter((c) => c.clause.headline);
  const cands = all.filter((c) => !c.clause.headline);
  for (const h of heads) {
    const into = headlineInto(cands, h);
    if (into) {
      const keep = [into.place, into.placeSource] as const;
      const counts = [into.fatalities, into.injured, into.arrested] as const;
      fold(into, h);
      if (keep[0]) [into.place, into.placeSource] = keep;
      // a headline's figures sum up the report; the body's event keeps its own
      if (counts.some((n) => n !== null)) [into.fatalities, into.injured, into.arrested] = counts;
    } else cands.push(h);
  }
  for (const c of cands) {
    // the latest compatible event: a follow-up sentence speaks of what was just told
    const into = [...out].reverse().find((o) => compatible(o, c));
    if (!into) {
      out.push(c);
      continue;
    }
    // the side that withdrew is the side that lost the place captured
    for (const w of [into, c]) {
      if (w.withdrawal && withdrawalOf(into, c)) {
        w.side2 = [...w.side1, ...w.side2.filter((a) => !w.side1.includes(a))];
        w.side1 = [];
        w.withdrawal = false;
      }
    }
    // the battle absorbs remote violence; a larger family wins
    if (FAMILIES[c.family].priority > FAMILIES[into.family].priority && c.event_type === 'Battles') {
      into.family = c.family;
      into.event_type = c.event_type;
      into.sub_event_type = c.sub_event_type;
    }
    fold(into, c);
    nameActors(into);
  }
  return out;
}

export const merge: Refiner = {
  name: 'merge',
  refine(view, candidates) {
    home = homeCountry(view);
    docText = view.text;
    return view.note ? noteMerge(view, candidates) : articleMerge(candidates);
  },
};
