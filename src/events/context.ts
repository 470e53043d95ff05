/**
 * Runs the recognisers once over a cleaned document and files their mentions by clause:
 * the view every event recogniser and refiner reads.
 */
import type { CleanDocument } from '../model/index.js';
import { foldWord, keySet, tokenize, type Token } from '../knowledge/normalise.js';
import { CASUALTY_TRIE, CUMULATIVE_SINCE, NEGATIVE_TRIE, NOTE_LABELS, PERSON_NOUNS, TRIGGER_TRIE } from '../knowledge/triggers.js';
import { recogniseActorsInTokens } from '../recognise/actors.js';
import { contextYear, recogniseDates } from '../recognise/dates.js';
import { recogniseQuantitiesInTokens } from '../recognise/quantities.js';
import { recogniseAttributions } from '../recognise/attributions.js';
import { recognisePlaces } from '../recognise/places.js';
import { allOutlets } from '../knowledge/outlets.js';
import { PhraseTrie } from '../knowledge/phrase-trie.js';
import type { ActivityMap } from '../recognise/activity.js';

/** What the documents around this one tell its analysis (see pipeline/batch.ts). */
export interface AnalyseContext {
  activity?: ActivityMap;
}
import { splitClauses } from './sentences.js';
import type { Clause, CueHit, DocView, PlaceHit, TriggerHit } from './types.js';

/** index of the first token starting at or after `offset` */
function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const SINCE = foldWord('since');
/** words that make the actor named next the source of what is told */
const SOURCE_BEFORE = /\baccording to\s+(?:the\s+)?$/i;
const THE = foldWord('the');
const YEAR = /^(19|20)\d\d$/;

/**
 * "has killed more than 380,000 people since it began in 2011", "the deaths of 62 fighters since the
 * announcement of the ceasefire": a killing word followed within a few words by "since" and a year, a month or
 * "the war" (data/triggers.json cumulative_tolls). The token index of "since", or -1. "A few" reaches past who
 * did it and where ("1,800 civilians have been killed in attacks by the regime and Russian forces in the
 * de-escalation zone since the summit in Sochi": 20 tokens).
 */
function cumulativeSince(tokens: readonly Token[], clause: Clause): number {
  for (const c of clause.casualties) {
    if (c.kind !== 'killed' && c.kind !== 'combined') continue;
    for (let k = c.to; k < Math.min(clause.to, c.to + 22) - 1; k++) {
      if (tokens[k].key !== SINCE) continue;
      const next = tokens[k + 1];
      if (YEAR.test(next.text) || CUMULATIVE_SINCE.words.has(next.key)) return k;
      if (next.key === THE && k + 2 < clause.to && CUMULATIVE_SINCE.afterThe.has(tokens[k + 2].key)) return k;
    }
  }
  return -1;
}

function fileBy<T extends { from: number }>(items: readonly T[], clauses: Clause[], put: (c: Clause, x: T) => void): void {
  let k = 0;
  for (const x of items) {
    while (k < clauses.length && clauses[k].to <= x.from) k++;
    const c = clauses[k];
    if (c && x.from >= c.from && x.from < c.to) put(c, x);
  }
}

/**
 * "a displaced civilian from Teljin village in the northern countryside of Aleppo": where people
 * come from is not where the event happened; the origin and the regions that locate it are dropped.
 */
const LOCATIVE = new Set(['in', 'at', 'near', 'on', 'into', 'inside', 'outside']);

/** where the guns or troops that struck sit ("based in", "stationed in", "fired from") */
const FIRE_BASE = keySet(['based', 'stationed', 'positioned', 'deployed', 'fired', 'launched']);
const COARSE_KINDS = new Set(['admin1', 'admin2', 'governorate', 'district', 'country', 'region']);
const BASE_FILLER = keySet(['in', 'at', 'from', 'the', 'area', 'areas', 'of', 'vicinity', 'outskirts', 'town', 'city', 'village', 'positions']);

function dropOrigins(tokens: readonly Token[], places: PlaceHit[], fireBases = true): PlaceHit[] {
  const dropped: PlaceHit[] = [];
  let until = -1;
  for (let i = 0; i < places.length; i++) {
    const p = places[i];
    let origin = false;
    for (let k = p.from - 1; k >= Math.max(0, p.from - 4); k--) {
      // "displaced from Afrin in Azaz": a place after its own preposition is not the origin
      if (LOCATIVE.has(tokens[k].key)) break;
      if (tokens[k].key !== 'from') continue;
      const who = [tokens[k - 1]?.key, tokens[k - 2]?.key];
      origin = who.some((w) => w !== undefined && (PERSON_NOUNS.has(w) || w === 'displaced'));
      break;
    }
    // "artillery based in the area of Maarat al-Numan shelled Kafr Lata": where the guns sit, not where they hit
    // (only when a town or village they hit is named after it: "based at Halfaya checkpoint shelled Hasraya
    // village in Hama", Hasraya unknown, is coded at Halfaya, not at the province)
    if (!origin && fireBases && places.some((q) => q.from > p.to && q.from - p.to <= 25 && q.precision < 3 && !COARSE_KINDS.has(q.place.kind))) {
      for (let k = p.from - 1; k >= Math.max(0, p.from - 6); k--) {
        const key = tokens[k].key;
        if (FIRE_BASE.has(key)) { origin = true; break; }
        if (!BASE_FILLER.has(key)) break;
      }
    }
    const coarseAfter = p.from <= until && (p.precision === 3 || p.place.kind === 'admin1' || p.place.kind === 'admin2');
    if (origin || coarseAfter) {
      if (origin) {
        until = p.to + 10;
        dropped.push(p);
      }
      places.splice(i--, 1);
    }
  }
  return dropped;
}

/** "Idlib (Enab Baladi) – ...", "BEIRUT (Reuters) - ...": the outlet credited in a dateline is no place */
function dropCredits(text: string, places: PlaceHit[]): void {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/^[^\S\n]*[A-Za-z][^\n(]{0,40}\(([^)\n]{1,40})\)\s*[-\u2013\u2014:]/gm)) {
    const open = m.index + m[0].indexOf('(');
    spans.push([open, open + m[1].length + 2]);
  }
  if (!spans.length) return;
  for (let i = places.length - 1; i >= 0; i--) {
    if (spans.some(([a, b]) => places[i].start >= a && places[i].end <= b)) places.splice(i, 1);
  }
}

/** Outlets' names of more than one word ("Enab Baladi", "North Press"), as a word trie, built once. */
let outletNameTrie: PhraseTrie<true> | undefined;
function outletNames(): PhraseTrie<true> {
  if (outletNameTrie) return outletNameTrie;
  outletNameTrie = new PhraseTrie<true>();
  for (const o of allOutlets()) for (const n of [o.name, ...o.aliases]) if (/\s/.test(n.trim())) outletNameTrie.add(n, true);
  return outletNameTrie;
}

/** "Enab Baladi's correspondent": an outlet's name is no place ("Enab" is a village). */
function dropOutletNames(tokens: readonly Token[], places: PlaceHit[]): void {
  if (!places.length) return;
  const spans = outletNames().matchAll(tokens).map((m) => [tokens[m.from].start, tokens[m.to - 1].end] as const);
  if (!spans.length) return;
  for (let i = places.length - 1; i >= 0; i--) {
    if (spans.some(([a, b]) => places[i].start >= a && places[i].end <= b)) places.splice(i, 1);
  }
}

/**
 * "BEIRUT (AFP) - Islamic State jihadists killed 10 pro-regime fighters in Syria's eastern desert": a dateline
 * names where the reporter files from. A dateline place in another country than the rest of the report's
 * places is no place of its events (a dateline at home, "IDLIB, Syria (North Press) –", still counts).
 */
function dropForeignDatelines(text: string, places: PlaceHit[]): void {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/^[^\S\n]*([A-Z][A-Za-z'’. -]{1,40}?)(?:,[^\S\n]*[A-Z][A-Za-z ]{1,24})?[^\S\n]*\([^)\n]{1,40}\)[^\S\n]*[-\u2013\u2014:]/gm)) {
    const start = m.index + m[0].indexOf(m[1]);
    spans.push([start, start + m[1].length]);
  }
  if (!spans.length) return;
  const inDateline = (p: PlaceHit) => spans.some(([a, b]) => p.start >= a && p.end <= b);
  const countries = new Map<string, number>();
  for (const p of places) if (!inDateline(p) && p.place.country) countries.set(p.place.country, (countries.get(p.place.country) ?? 0) + 1);
  let home = '';
  let most = 0;
  for (const [c, n] of countries) if (n > most) [home, most] = [c, n];
  if (!home) return;
  for (let i = places.length - 1; i >= 0; i--) if (inDateline(places[i]) && places[i].place.country !== home) places.splice(i, 1);
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The title line, or a short line without a full stop among the first ones, is a headline. */
function markHeadlines(doc: CleanDocument, clauses: Clause[]): void {
  if (!doc.text.includes('\n')) return; // one paragraph: no headline line
  const title = doc.title ? squash(doc.title) : '';
  const byParagraph = new Map<number, Clause[]>();
  for (const c of clauses) {
    const list = byParagraph.get(c.paragraph);
    if (list) list.push(c);
    else byParagraph.set(c.paragraph, [c]);
  }
  for (const [paragraph, cs] of byParagraph) {
    const line = doc.text.slice(cs[0].start, cs[cs.length - 1].end);
    // (a paragraph much longer than the title cannot be it: not squashed)
    const same = title !== '' && line.length <= title.length * 2 + 40 && squash(line) === title;
    const short = paragraph < 4 && line.length < 200 && !/[.!?]["”’)]?\s*$/.test(line) && cs.length < 3;
    if (same || short) for (const c of cs) c.headline = true;
  }
}

/**
 * The place mentions of a text, less those inside an actor's name, places of origin and outlets' credits;
 * and the places of origin apart.
 */
function placeHits(text: string, tokens: readonly Token[], actors: readonly { start: number; end: number }[], context: AnalyseContext, note: boolean): { places: PlaceHit[]; origins: PlaceHit[] } {
  // a place inside an actor's name ("al-Qaeda", "Menbij Military Council") is no place of an event
  const found = recognisePlaces(text, { activity: context.activity }).sort((a, b) => a.start - b.start);
  const places: PlaceHit[] = [];
  let ai = 0; // actors are in text order: one pass over both lists
  for (const p of found) {
    while (ai < actors.length && actors[ai].end <= p.start) ai++;
    let overlaps = false;
    for (let k = ai; k < actors.length && actors[k].start < p.end; k++) if (actors[k].end > p.start) overlaps = true;
    // named fields, not a spread: the recogniser's objects may carry more than the contract
    if (!overlaps) {
      places.push({ start: p.start, end: p.end, text: p.text, place: p.place, precision: p.precision, alternatives: p.alternatives, inexact: p.inexact, from: tokenAt(tokens, p.start), to: tokenAt(tokens, p.end) });
    }
  }
  // a note names the target it knows; where the guns sat is its place when the target is no known village
  const origins = dropOrigins(tokens, places, !note);
  dropForeignDatelines(text, places);
  dropCredits(text, places);
  dropOutletNames(tokens, places);
  return { places, origins };
}

/** Builds the document view: tokens, clauses and every mention. */
export function analyse(doc: CleanDocument, context: AnalyseContext = {}): DocView {
  const text = doc.text;
  const tokens = tokenize(text);
  const clauses: Clause[] = splitClauses(text).map((r, index) => ({
    index,
    sentence: r.sentence,
    paragraph: r.paragraph,
    headline: false,
    start: r.start,
    end: r.end,
    from: tokenAt(tokens, r.start),
    to: tokenAt(tokens, r.end),
    actors: [],
    places: [],
    dates: [],
    quantities: [],
    triggers: [],
    negatives: [],
    casualties: [],
  }));

  markHeadlines(doc, clauses);
  const actors = recogniseActorsInTokens(text, tokens);
  const year = doc.published ? null : contextYear(text);
  const dates = recogniseDates(text, { published: doc.published, year }).map((d) => ({ ...d, from: tokenAt(tokens, d.start) }));
  const quantities = recogniseQuantitiesInTokens(text, tokens);
  const note = text.length < 1000 && !text.includes('\n') && !doc.title?.trim();
  const { places, origins } = placeHits(text, tokens, actors, context, note);

  const triggers: TriggerHit[] = TRIGGER_TRIE.matchAll(tokens).map((m) => ({
    from: m.from,
    to: m.to,
    start: tokens[m.from].start,
    end: tokens[m.to - 1].end,
    text: text.slice(tokens[m.from].start, tokens[m.to - 1].end),
    defs: m.values,
  }));
  const negatives = NEGATIVE_TRIE.matchAll(tokens)
    // "On 9 May 2022": the month, not the modal
    .filter((m) => !(tokens[m.from].text === 'May' && (/^\d/.test(tokens[m.from - 1]?.text ?? '') || /^\d/.test(tokens[m.from + 1]?.text ?? ''))))
    .map((m) => ({ from: m.from, to: m.to, kind: m.values[0] }));
  const casualties = CASUALTY_TRIE.matchAll(tokens).map((m) => ({ from: m.from, to: m.to, kind: m.values[0] }));

  // "according to the Syrian National Army's spokesman": a source, not a side of the event it tells
  fileBy(actors.filter((a) => !SOURCE_BEFORE.test(text.slice(Math.max(0, a.start - 24), a.start))), clauses, (c, x) => c.actors.push(x));
  fileBy(dates, clauses, (c, x) => c.dates.push(x));
  fileBy(quantities, clauses, (c, x) => c.quantities.push(x));
  fileBy(places, clauses, (c, x) => c.places.push(x));
  // "Looting: ..." at the head of a note: the label names the type, its word is no trigger of its own
  const head = text.match(/^\s*([A-Za-z][A-Za-z /-]{2,40}):\s/);
  const noteLabel = head ? NOTE_LABELS.get(tokenize(head[1]).map((t) => t.key).join(' ')) ?? null : null;
  const labelEnd = noteLabel && head ? head[0].length : 0;
  fileBy(triggers.filter((t) => t.start >= labelEnd), clauses, (c, x) => c.triggers.push(x));
  fileBy(negatives, clauses, (c, x) => c.negatives.push(x as CueHit<typeof x.kind>));
  fileBy(casualties, clauses, (c, x) => c.casualties.push(x));
  // a toll counted over a period is background: the clause is no event, and its figures are no event's
  for (const c of clauses) {
    const since = cumulativeSince(tokens, c);
    if (since >= 0) c.negatives.push({ from: since, to: since + 1, kind: 'span' });
  }


  return {
    doc,
    text,
    tokens,
    clauses,
    actors,
    activity: context.activity,
    places,
    origins,
    dates,
    attributions: recogniseAttributions(text, tokens),
    noteLabel,
    // a short paragraph with no headline is an ACLED-style note (one event); a titled news brief is an article
    note,
  };
}
