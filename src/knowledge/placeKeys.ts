// Name normalisation for place matching. Two levels, both per token:
//  - light: lower case, no diacritics, no apostrophes/hamza/ayn marks ("Ma'arrat" → "maarrat")
//  - fuzzy: a transliteration-tolerant key (q/k, kh/k, sh/ch/s, ou/u/o, ei/ay/e, doubled letters,
//    final vowels and final h dropped): "Jisr ash-Shughur", "Jisr Al-Shoghour", "Jisr-Ash-Shugur" → "jasr sagar".
// Articles (al-, el-, ash-, ad- …) are separate tokens and are left out of keys.

/** Bump when a rule below changes: data/places/keys.tsv (precomputed keys) is then ignored until rebuilt. */
export const KEY_VERSION = 3;

/**
 * A string function with its answers kept (texts repeat their words): up to `max` of them, then forgotten
 * all at once, so that memory stays bounded on long runs.
 */
export function memoised(fn: (s: string) => string, max: number): (s: string) => string {
  const memo = new Map<string, string>();
  return (s) => {
    let k = memo.get(s);
    if (k === undefined) {
      if (memo.size > max) memo.clear();
      k = fn(s);
      memo.set(s, k);
    }
    return k;
  };
}

/** Article tokens (light form) that transliterations put before Arabic names. */
export const ARTICLES = new Set([
  'al', 'el', 'il', 'ul', 'l', 'ad', 'ed', 'adh', 'ath', 'ash', 'esh', 'as', 'es', 'at', 'et', 'az', 'ez', 'ar', 'er',
  'an', 'en', 'aş', 'aţ', 'aḑ', 'az̧', 'ał',
]);

const APOSTROPHES = /['’‘`ʿʾʼ´′]/g;
const MARKS = /\p{M}/gu;
const SPECIAL: Record<string, string> = { 'ı': 'i', 'ə': 'e', 'ø': 'o', 'æ': 'ae', 'ß': 'ss', 'ł': 'l', 'đ': 'd', 'ħ': 'h', 'þ': 'th' };
const SPECIAL_RE = /[ıəøæßłđħþ]/g;

/** Light form of one token: lower case, no diacritics, no apostrophes. */
export function lightToken(token: string): string {
  return token
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c)
    .replace(APOSTROPHES, '')
    .replace(/[^a-z0-9\u0600-\u06ff]/g, '');
}

const ARABIC_RE = /[\u0600-\u06ff]/;

function arabicKey(t: string): string {
  let s = t
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '') // harakat, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
  if (s.length > 3 && s.startsWith('ال')) s = s.slice(2);
  return s;
}

/** Fuzzy key of one light token. */
export function fuzzyToken(light: string): string {
  if (light === '') return '';
  if (ARABIC_RE.test(light)) return arabicKey(light);
  let s = light
    .replace(/dsch|dzh|dj/g, 'j')
    .replace(/tsch|tch|tsh/g, 's')
    .replace(/sch|sh|ch|ş/g, 's')
    .replace(/kh/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/ck|q|c|x/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/dh|zh/g, 'z')
    .replace(/v/g, 'w')
    .replace(/p/g, 'b');
  // final h after a vowel: Hamah/Hama, Atmeh/Atme
  s = s.replace(/([aeiouy])h$/, '$1');
  // y is a vowel except word-initially (Dayr/Deir/Dair, Abyad/Abiad, Ziyara/Ziara);
  // w is a vowel unless a vowel follows (Zawr/Zour)
  s = s.replace(/(?!^)y/g, 'i').replace(/(?!^)w(?![aeiou])/g, 'u');
  // doubled letters
  s = s.replace(/([a-z])\1+/g, '$1');
  // vowel runs → a; a final vowel run is dropped (Kabani/Kabanah, Atma/Atmeh)
  s = s.replace(/[aeiou]+/g, 'a');
  if (s.length > 2) s = s.replace(/a$/, '');
  return s;
}

export interface KeyTokens {
  light: string[];
  fuzzy: string[];
}

/** Splits a name into word tokens (hyphens, spaces and punctuation separate words). */
export function nameTokens(name: string): string[] {
  return name.split(/[^\p{L}\p{M}\p{N}'’‘`ʿʾʼ]+/u).filter((t) => t.length > 0);
}

/** Light and fuzzy keys of a full name (articles removed). Returns null when nothing is left. */
const tokenMemo = new Map<string, [string, string]>();
function memoToken(tok: string): [string, string] {
  let k = tokenMemo.get(tok);
  if (!k) {
    if (tokenMemo.size > 300000) tokenMemo.clear();
    const l = lightToken(tok);
    k = [l, l === '' || ARTICLES.has(l) ? '' : fuzzyToken(l)];
    tokenMemo.set(tok, k);
  }
  return k;
}

export function nameKeys(name: string): { light: string; fuzzy: string; tokens: number } | null {
  const light: string[] = [];
  const fuzzy: string[] = [];
  for (const tok of nameTokens(name)) {
    const [l, f] = memoToken(tok);
    if (l === '' || ARTICLES.has(l)) continue;
    light.push(l);
    fuzzy.push(f);
  }
  if (light.length === 0) return null;
  return { light: light.join(' '), fuzzy: fuzzy.join(' '), tokens: light.length };
}

/**
 * Short-vowel key of a fuzzy key: the vowel after each token's first consonant dropped where another vowel
 * follows (CaCaC → CCaC). Arabic names are often written without that short vowel ("Hbit" for Habit,
 * "Nqeir" for Nuqayr, "Zmar" for Zammar, "Hweijeh" for Huwayjah). Tokens under four letters are left whole.
 */
export const shortKey = memoised((fuzzy: string): string =>
  fuzzy.split(' ').map((t) => (t.length >= 4 && /^[^a]a[^a][^ ]*a/.test(t) ? t[0] + t.slice(2) : t)).join(' '), 100000);

/** Consonant skeleton of a fuzzy key: spaces and inner vowels dropped ("Hbit"/"Habit" → "hbt", "Kafruma"/"Kafr Ruma" → "kfrm"). */
export const skeletonKey = memoised((fuzzy: string): string => skeletonUncached(fuzzy), 100000);
function skeletonUncached(fuzzy: string): string {
  // d and t are one letter here: the same name is written "Nabudah" and "Nabutha" (د/ذ/ث/ت)
  const s = fuzzy.replace(/ /g, '').replace(/d/g, 't');
  return (s[0] ?? '') + s.slice(1).replace(/a/g, '').replace(/([a-z])\1+/g, '$1');
}

/** Levenshtein distance (small strings). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  if (rowA.length <= b.length) { rowA = new Int32Array(b.length * 2); rowB = new Int32Array(b.length * 2); }
  let prev = rowA, cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const del = prev[j]! + 1, ins = cur[j - 1]! + 1, sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = del < ins ? (del < sub ? del : sub) : ins < sub ? ins : sub;
    }
    const t = prev; prev = cur; cur = t;
  }
  return prev[b.length]!;
}
