/**
 * Quantity recogniser: digits ("26", "2,500"), number words ("eight", "twenty-five"),
 * vague counts with ACLED's figures ("tens" 10, "dozens" 12, "hundreds" 100, "several" 1),
 * "a"/"an" before a person noun ("killing a woman" → 1), and lower bounds ("more than 25" → 25).
 */
import type { QuantityMention } from './types.js';
import { keySet, type Token } from '../knowledge/normalise.js';
import { LOWER_BOUND_TRIE, NUMBER_WORDS, PERSON_NOUNS, VAGUE_TRIE } from '../knowledge/triggers.js';

export interface QuantityHit extends QuantityMention {
  from: number;
  to: number;
  /** "more than 20": the figure is a floor */
  lowerBound: boolean;
  /** the word after the figure is a person noun within two words ("three Chechen jihadists") */
  persons: boolean;
}

const UNIT_WORDS = keySet(['km', 'kilometers', 'kilometres', 'meters', 'metres', 'hours', 'hour', 'days', 'day', 'weeks', 'week', 'months', 'month', 'years', 'year', 'minutes', 'percent', 'kg', 'tons', 'times', 'strikes', 'positions', 'rockets', 'shels', 'missiles', 'vilages', 'towns', 'bases', 'airstrikes', 'raids', 'vehicles']);

const MONTHS = keySet(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

function personAfter(tokens: readonly Token[], i: number, span = 3): boolean {
  for (let k = i; k < Math.min(tokens.length, i + span); k++) {
    if (PERSON_NOUNS.has(tokens[k].key)) return true;
    if (UNIT_WORDS.has(tokens[k].key)) return false;
  }
  return false;
}

/** Every quantity in a tokenised text. */
export function recogniseQuantitiesInTokens(text: string, tokens: readonly Token[]): QuantityHit[] {
  const out: QuantityHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let value: number | null = null;
    let to = i + 1;
    let vague = false;
    const lb = LOWER_BOUND_TRIE.matchAt(tokens, i);
    const at = lb ? lb.to : i;
    const tk = tokens[at];
    if (!tk) break;
    if (/^\d+$/.test(tk.key)) {
      let digits = tk.key;
      to = at + 1;
      // "2,500"
      while (tokens[to] && /^\d{3}$/.test(tokens[to].key) && text.slice(tokens[to - 1].end, tokens[to].start) === ',') {
        digits += tokens[to].key;
        to++;
      }
      value = Number(digits);
      // a year, unless people follow it ("2000 families"); "On January 22, 2020, three civilians": the year ends its date
      if (tk.key.length === 4 && value >= 1900 && value <= 2100 && (!personAfter(tokens, to) || /^\s*[,;:\u2013\u2014-]/.test(text.slice(tokens[to - 1].end, tokens[to]?.start ?? text.length)))) value = null;
      // "January 22", "22 January": a day of the month, not a count
      else if (to === at + 1 && value >= 1 && value <= 31 && (MONTHS.has(tokens[at - 1]?.key ?? '') || MONTHS.has(tokens[to]?.key ?? ''))) value = null;
    } else {
      const vm = VAGUE_TRIE.matchAt(tokens, at);
      if (vm && !(tk.key === 'some' && lb)) {
        value = vm.values[0];
        vague = true;
        to = vm.to;
        if (tokens[to]?.key === 'of') to++;
      } else if (NUMBER_WORDS.has(tk.key)) {
        const w = tk.key;
        // "a woman" is a count, "a result" is not; "as a result 10 fighters" counts 10, not 1
        // "an Army of Glory fighter", "a local Jaysh al-Ahrar commander": the noun may come a few words on
        if ((w === 'a' || w === 'an') && (!personAfter(tokens, at + 1, 6) || /^\d/.test(tokens[at + 1]?.key ?? '') || /^\d/.test(tokens[at + 2]?.key ?? ''))) value = null;
        else {
          value = NUMBER_WORDS.get(w)!;
          to = at + 1;
          // "twenty-five", "two hundred"
          const n1 = tokens[to] && NUMBER_WORDS.get(tokens[to].key);
          if (n1 && value >= 20 && value < 100 && n1 < 10) {
            value += n1;
            to++;
          } else if (n1 && (n1 === 100 || n1 === 1000) && value < 100) {
            value *= n1;
            to++;
          }
        }
      }
    }
    if (value === null) {
      if (lb) i = lb.to - 1;
      continue;
    }
    const start = tokens[i].start;
    const end = tokens[to - 1].end;
    out.push({ start, end, text: text.slice(start, end), value, vague, from: i, to, lowerBound: !!lb, persons: personAfter(tokens, to) });
    i = to - 1;
  }
  return out;
}
