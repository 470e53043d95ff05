/**
 * Place-name folding for matching transliterations of the same Arabic name:
 * "Kafranbel" / "Kafr Nabl", "Maarat al-Numan" / "Ma'arrat an-Nu'man", "Kabanah" / "Kabani",
 * "Khan Shaykhun" / "Khan Sheikhoun", "Deir ez-Zor" / "Dayr az Zawr".
 *
 * The fold keeps a consonant skeleton: diacritics, apostrophes (hamza, ayn), the article
 * (al-, el-, an-, ash-, ...) and vowels after a word's first letter are dropped; consonant
 * spellings that transliteration schemes disagree on are mapped to one letter.
 */

const ARTICLES = new Set(['al', 'el', 'ad', 'ed', 'adh', 'an', 'en', 'ar', 'er', 'as', 'es', 'ash', 'esh', 'at', 'et', 'ath', 'az', 'ez', 'il', 'ul']);

/** Lower-case words of a name, without diacritics, apostrophes or the Arabic article. */
export function nameWords(name: string): string[] {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`ʿʾ´]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!plain) return [];
  return plain.split(' ').filter((w) => !ARTICLES.has(w));
}

/** The consonant skeleton of one word: "sheikhoun" → "shkhn" → "skn". */
export function skeletonWord(word: string): string {
  let w = word
    .replace(/kh/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/sh/g, 's')
    .replace(/ch/g, 's')
    .replace(/th/g, 't')
    .replace(/dh/g, 'z')
    .replace(/ph/g, 'f')
    .replace(/q/g, 'k')
    .replace(/c/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/j/g, 'j');
  // a final -h after a vowel is the ta marbuta (Kabanah / Kabana)
  w = w.replace(/([aeiou])h$/, '$1');
  const first = /^[aeiouwy]/.test(w) ? 'a' : w[0] ?? '';
  const rest = w.slice(1).replace(/[aeiouwy]/g, '');
  const joined = first + rest;
  // doubled consonants (Maarrat / Maarat)
  return joined.replace(/(.)\1+/g, '$1');
}

const foldCache = new Map<string, string>();

/** Skeleton of a whole name, words run together so that "Kafr Nabl" and "Kafranbel" agree. */
export function foldName(name: string): string {
  let folded = foldCache.get(name);
  if (folded === undefined) {
    folded = foldUncached(name);
    if (foldCache.size >= 200_000) foldCache.clear();
    foldCache.set(name, folded);
  }
  return folded;
}

function foldUncached(name: string): string {
  const words = nameWords(name);
  if (words.length === 0) return '';
  let out = '';
  for (const w of words) {
    const s = skeletonWord(w);
    // joining words: a vowel-initial word contributes its consonants only, as inside one word
    out += out && s.startsWith('a') ? s.slice(1) : s;
  }
  return out.replace(/(.)\1+/g, '$1');
}

let ROW_A = new Int32Array(64);
let ROW_B = new Int32Array(64);

/** Levenshtein distance; past `max` it stops and answers max + 1. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  if (b.length + 1 > ROW_A.length) {
    ROW_A = new Int32Array(b.length + 1);
    ROW_B = new Int32Array(b.length + 1);
  }
  let prev = ROW_A;
  let cur = ROW_B;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Similarity of two folded names, 0..1: 1 when the skeletons agree, high when one differs by
 * a letter (Saraqib / Saraqeb agree anyway; Shughur / Shugur by one), 0.85 when one name is the
 * other's first word (Maarat al-Numan / Maarat).
 */
export function nameSimilarity(foldedA: string, foldedB: string): number {
  if (!foldedA || !foldedB) return 0;
  if (foldedA === foldedB) return 1;
  const longer = Math.max(foldedA.length, foldedB.length);
  const shorter = Math.min(foldedA.length, foldedB.length);
  if (shorter >= 3 && (foldedA.startsWith(foldedB) || foldedB.startsWith(foldedA))) return 0.85;
  if (longer - shorter > 2) return 0;
  // only similarity ≥ 0.8 matters to the scorer: a bounded distance is enough
  const d = editDistance(foldedA, foldedB, Math.max(1, Math.floor(longer * 0.25)));
  const sim = Math.max(0, 1 - d / longer);
  return longer >= 4 ? sim : d === 0 ? 1 : 0;
}
