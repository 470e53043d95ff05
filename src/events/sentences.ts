/**
 * Splits a cleaned text into paragraphs, sentences and clauses (character ranges).
 * Clauses break at ";" and at ", and" / ", while" / ", where" so that one sentence listing
 * several strikes ("..., and 2 women were killed in shelling on X") yields one clause each, and
 * before a comma-spliced new event (", the aerial shelling targeted a school in Hesh").
 */

export interface Range {
  start: number;
  end: number;
  sentence: number;
  paragraph: number;
}

const ABBREV = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'lt', 'col', 'maj', 'capt', 'no', 'vol', 'jan', 'feb', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'vs', 'etc', 'approx', 'sgt', 'brig', 'govt']);
const SENTENCE_END = /[.!?]+["”’)]*\s+(?=["“‘(]?[A-Z0-9])/g;
const CLAUSE_BREAK = /;\s+|,\s+(?=(?:and|while|whereas|but|where|meanwhile|in addition|as well as)\s)|\s+while\s+|\s+whereas\s+|\s+(?=(?:coincided with|in conjunction with|in parallel with|simultaneously with)\s)|,\s+(?=the\s+(?:[a-z]+\s+)?(?:shelling|bombardment|airstrikes?|strikes?|raids?|clashes|explosion)\s+(?:targeted|hit|struck|killed|injured|wounded|left|continued|erupted|broke)\b)/g;

/** Clause ranges of a text, each tagged with its sentence and paragraph numbers. */
export function splitClauses(text: string): Range[] {
  const out: Range[] = [];
  let sentence = 0;
  let paragraph = 0;
  const lines = /[^\n]+/g;
  let lm: RegExpExecArray | null;
  while ((lm = lines.exec(text)) !== null) {
    const lineStart = lm.index;
    const line = lm[0];
    if (!line.trim()) continue;
    const cuts: number[] = [0];
    SENTENCE_END.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SENTENCE_END.exec(line)) !== null) {
      const before = line.slice(Math.max(0, m.index - 6), m.index);
      const word = (before.match(/([A-Za-z.]+)$/)?.[1] ?? '').toLowerCase();
      // "U.S. forces", "Nov. 13", "Mr. X": not a sentence end
      if (ABBREV.has(word) || /^[a-z]$/.test(word) || /(^|\.)[a-z]\.[a-z]$/.test(word)) continue;
      cuts.push(m.index + m[0].length);
    }
    cuts.push(line.length);
    for (let k = 0; k + 1 < cuts.length; k++) {
      const sStart = cuts[k];
      const sEnd = cuts[k + 1];
      const s = line.slice(sStart, sEnd);
      let cStart = 0;
      CLAUSE_BREAK.lastIndex = 0;
      let c: RegExpExecArray | null;
      while ((c = CLAUSE_BREAK.exec(s)) !== null) {
        if (c.index - cStart < 15) continue; // too short to stand alone
        // "between A on one hand, and B on the other": the second side is no new clause
        if (c[0].startsWith(',') && s.startsWith('and', c.index + c[0].length) && /\bbetween\b|\bon one (?:hand|side)\b/i.test(s.slice(cStart, c.index))) continue;
        out.push({ start: lineStart + sStart + cStart, end: lineStart + sStart + c.index, sentence, paragraph });
        cStart = c.index + c[0].length;
      }
      const tail = s.slice(cStart).replace(/\s+$/, '');
      if (tail.length) out.push({ start: lineStart + sStart + cStart, end: lineStart + sStart + cStart + tail.length, sentence, paragraph });
      sentence++;
    }
    paragraph++;
  }
  return out;
}
