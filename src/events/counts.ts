/**
 * Casualty counts of a clause: killed, injured and arrested, with the figure that goes with
 * each word ("killing 4 civilians", "26 members ... have been killed", "arrested tens of"),
 * subsets left out ("9 citizens including 4 children" counts 9), "killed and wounded" with one
 * figure not counted as deaths, "No fatalities reported", and ACLED's "coded as 10".
 */
import type { Token } from '../knowledge/normalise.js';
import { keySet } from '../knowledge/normalise.js';
import type { QuantityHit } from '../recognise/quantities.js';
import { PERSON_NOUNS } from '../knowledge/triggers.js';
import type { Clause } from './types.js';

export interface ClauseCounts {
  killed: number | null;
  killedVague: boolean;
  injured: number | null;
  arrested: number | null;
  arrestedVague: boolean;
  none: boolean;
  coded: number | null;
  /** the note spreads its figure over this many places */
  spread: number | null;
}

const SUBSET = keySet(['including', 'among', 'whom', 'which', 'them', 'incl']);
const AFTER_GAP = keySet(['of', 'the', 'at', 'least', 'to', 'are', 'is', 'was', 'were', 'rose', 'risen', 'reached', 'more', 'than', 'about', 'nearly', 'up', 'some', 'around', 'over']);
const TOLL_VERBS = keySet(['rose', 'risen', 'reached', 'climbed', 'increased', 'jumped', 'soared', 'mounted']);
const WORD_NUM: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20 };
const NUM = '(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)';
const CODED = new RegExp(`\\bcoded (?:as|to|at) ${NUM}\\b`, 'i');
const SPLIT = new RegExp(`\\b(?:between|among|across|over|to) (?:the |all )?${NUM} (?:locations|places|areas|villages|towns|events|sites|neighbou?rhoods)`, 'i');
const EACH = new RegExp(`\\b${NUM} (?:each|apiece)\\b|\\beach (?:allocated|given|coded(?: as)?) ${NUM}\\b`, 'i');
const POSSESSIVE = keySet(['his', 'her', 'their']);
const PRONOUN_ONE = keySet(['him', 'her', 'his', 'herself', 'himself']);
const numberOf = (s: string): number => Number(s) || WORD_NUM[s.toLowerCase()] || 0;

function subsetBefore(tokens: readonly Token[], q: QuantityHit, floor: number): boolean {
  for (let k = q.from - 1; k >= Math.max(floor, q.from - 2); k--) if (SUBSET.has(tokens[k].key)) return true;
  return false;
}

/** Counts in one clause; `counted` holds quantity mentions (by start offset) already used. */
export function countClause(tokens: readonly Token[], text: string, clause: Clause, counted: Set<number>): ClauseCounts {
  const out: ClauseCounts = { killed: null, killedVague: false, injured: null, arrested: null, arrestedVague: false, none: false, coded: null, spread: null };
  const qs = clause.quantities;
  const cues = clause.casualties;
  for (let ci = 0; ci < cues.length; ci++) {
    const c = cues[ci];
    if (c.kind === 'none') { out.none = true; continue; }
    if (c.kind === 'combined') continue;
    const nextCue = cues[ci + 1]?.from ?? clause.to;
    const prevCue = cues[ci - 1]?.to ?? clause.from;
    let found: QuantityHit[] = [];
    // after the word: "killing 4 civilians", "the death of a young girl", "death toll rose to 17"
    let toll = false;
    let first = qs.find((q) => q.from >= c.to && q.from < nextCue && tokens.slice(c.to, q.from).every((t) => AFTER_GAP.has(t.key)));
    // "the death toll from Monday's strike on X has risen to 12": the figure the toll rose to
    if (!first && /\btoll$/i.test(text.slice(tokens[c.from].start, tokens[c.to - 1].end))) {
      toll = true;
      first = qs.find((q) => q.from > c.to && q.from < nextCue && q.from - c.to <= 16 && (TOLL_VERBS.has(tokens[q.from - 1].key) || (tokens[q.from - 1].key === 'to' && TOLL_VERBS.has(tokens[q.from - 2]?.key ?? ''))));
    }
    if (first && (first.persons || toll || first.from - c.to <= 1) && !subsetBefore(tokens, first, c.to)) {
      found.push(first);
      let prev = first;
      for (const q of qs) {
        if (q.from <= prev.from || q.from >= nextCue) continue;
        const gap = tokens.slice(prev.to, q.from).map((t) => t.key);
        if (gap.length > 6 || !gap.includes('and') || gap.some((g) => SUBSET.has(g)) || !q.persons) break;
        found.push(q);
        prev = q;
      }
    } else {
      // before the word: "two civilians and three fighters were killed"
      found = qs.filter((q) => q.to <= c.from && q.from >= prevCue && c.from - q.to <= 14 && q.persons && !subsetBefore(tokens, q, clause.from));
      // "a man and his wife and their child were killed": each kin noun after a possessive is one more
      if (found.length) {
        const last = found[found.length - 1];
        for (let k = last.to; k + 1 < c.from; k++) {
          if (POSSESSIVE.has(tokens[k].key) && PERSON_NOUNS.has(tokens[k + 1].key) && !counted.has(-tokens[k].start - 1)) {
            found.push({ start: -tokens[k].start - 1, end: 0, text: '', value: 1, vague: false, from: k, to: k + 2, lowerBound: false, persons: true });
          }
        }
      }
    }
    found = found.filter((q) => !counted.has(q.start));
    if (!found.length) {
      // "killing him", "his death": one person
      const next = tokens[c.to];
      const prev = tokens[c.from - 1];
      const prev2 = tokens[c.from - 2];
      // "killing him", "his death", "his immediate death"
      const one =
        (next && c.to < nextCue && PRONOUN_ONE.has(next.key) && next.key !== 'his') ||
        (prev && c.from > prevCue && (prev.key === 'his' || prev.key === 'her')) ||
        (prev2 && c.from - 1 > prevCue && (prev2.key === 'his' || prev2.key === 'her'));
      if (one && !counted.has(-c.from - 1)) {
        counted.add(-c.from - 1);
        found = [{ start: -c.from - 1, end: 0, text: '', value: 1, vague: false, from: c.to, to: c.to, lowerBound: false, persons: true }];
      } else continue;
    }
    for (const q of found) counted.add(q.start);
    const sum = found.reduce((s, q) => s + q.value, 0);
    const vague = found.some((q) => q.vague);
    if (c.kind === 'killed') {
      out.killed = (out.killed ?? 0) + sum;
      out.killedVague ||= vague;
    } else if (c.kind === 'injured') out.injured = (out.injured ?? 0) + sum;
    else if (c.kind === 'arrested') {
      out.arrested = (out.arrested ?? 0) + sum;
      out.arrestedVague ||= vague;
    }
  }
  // ACLED coding notes: "Unknown number of fatalities coded as 10", "split evenly between the 2 locations"
  const s = text.slice(clause.start, clause.end);
  // "Distributed fatalities over the activities in Jisr-Ash-Shugur and Maraand": the note's figure is shared
  const spread = s.match(/\bdistributed (?:the )?(?:fatalities|deaths) (?:over|among|between|across) (?:the )?(?:activities |events |locations |areas )?in ([^.]+)/i);
  if (spread) out.spread = spread[1].split(/,|\band\b/).filter((x) => x.trim()).length;
  const coded = s.match(CODED);
  if (coded) {
    let v = numberOf(coded[1]);
    const each = s.match(EACH);
    const split = s.match(SPLIT);
    if (each) v = numberOf(each[1] ?? each[2]);
    else if (split) v = Math.floor(v / Math.max(1, numberOf(split[1])));
    out.coded = v;
  }
  return out;
}
