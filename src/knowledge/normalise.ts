/**
 * Text normalisation shared by the knowledge loaders and the recognisers, so that a
 * data-file alias and a word in a report fold to the same key.
 *
 *   "Hay’at Tahrir al-Sham" → ["hayat", "tahrir", "al", "sham"]
 *   "Hayyaat Tahrir Al-Sham" → ["hayat", "tahrir", "al", "sham"]   (doubled letters squashed)
 */

/** One word of a text with its offsets into that text. */
export interface Token {
  start: number;
  end: number;
  /** the word as written */
  text: string;
  /** folded key: lower case, no diacritics or apostrophes, doubled letters squashed */
  key: string;
}

// A word: letters/digits, possibly with inner apostrophes (Hay'at, Ma’arrat, Shuhada'a).
const WORD = /[\p{L}\p{N}]+(?:['’ʼ`ʿʾ‘][\p{L}\p{N}]+)*/gu;
const APOSTROPHES = /['’ʼ`ʿʾ‘]/g;
const MARKS = /[\u0300-\u036f]/g;

const FOLD_CACHE = new Map<string, string>();

/** Folds one word to its lookup key (cached: a report's vocabulary is small). */
export function foldWord(word: string): string {
  const hit = FOLD_CACHE.get(word);
  if (hit !== undefined) return hit;
  const key = foldUncached(word);
  if (FOLD_CACHE.size > 200_000) FOLD_CACHE.clear();
  FOLD_CACHE.set(word, key);
  return key;
}

function foldUncached(word: string): string {
  let s = word;
  // fast path for plain ASCII
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(MARKS, '');
  // possessive: "Army’s" → "army"
  s = s.toLowerCase().replace(/['’ʼ`]s$/, '').replace(APOSTROPHES, '');
  return s.replace(/([a-z])\1+/g, '$1');
}

/** Splits a text into words with offsets. Hyphens, slashes and punctuation separate words. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], key: foldWord(m[0]) });
  }
  return out;
}

/** The folded keys of a phrase, e.g. for data-file aliases. */
export function phraseKeys(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.key);
}

/** True when a data-file alias is an acronym that must match in capitals ("HTS", "IS", "TIP"). */
export function isCaseSensitiveAlias(alias: string): boolean {
  return /^[A-Z][A-Z0-9]{0,5}$/.test(alias.trim());
}

/** A set of folded words, for word lists written in plain spelling inside code. */
export function keySet(words: readonly string[]): Set<string> {
  return new Set(words.map(foldWord));
}
