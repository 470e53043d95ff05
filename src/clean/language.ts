/** Language of a cleaned text (ISO 639-1), from the script and, for Latin script, common words. Pure and fast. */
import { readFileSync } from 'node:fs';

interface ScriptRule {
  name: string;
  re: RegExp;
  default: string;
  hints: { lang: string; letters: Set<string> }[];
}
interface LatinRule {
  lang: string;
  words: Set<string>;
  letters: Set<string>;
}

let rules: { scripts: ScriptRule[]; latin: LatinRule[] } | null = null;

function load() {
  if (rules) return rules;
  const raw = JSON.parse(readFileSync(new URL('../../data/languages.json', import.meta.url), 'utf8')) as {
    scripts: { name: string; range: string; default: string; hints?: { lang: string; letters: string }[] }[];
    latin: Record<string, { words: string[]; letters: string }>;
  };
  rules = {
    scripts: raw.scripts.map((s) => ({
      name: s.name,
      re: new RegExp(`[${s.range}]`, 'gu'),
      default: s.default,
      hints: (s.hints ?? []).map((h) => ({ lang: h.lang, letters: new Set([...h.letters]) })),
    })),
    latin: Object.entries(raw.latin).map(([lang, r]) => ({
      lang,
      words: new Set(r.words),
      letters: new Set([...r.letters]),
    })),
  };
  return rules;
}

/** Reads at most this many characters: enough to decide, cheap on long texts. */
const SAMPLE = 3000;
/** Where English's commonest words make up this share of the words, the text is English: no more work. */
const ENGLISH_SURE = 0.12;

export function detectLanguage(text: string): string {
  const { scripts, latin } = load();
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  let latinLetters = 0;
  let otherLetters = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) latinLetters++;
    else if ((c >= 0x370 && c < 0x2000) || (c >= 0x3040 && c < 0xa000) || (c >= 0xfb50 && c < 0xff00)) otherLetters++;
  }
  // a script other than Latin settles it when it holds most of the letters
  let best: { rule: ScriptRule; chars: string[] } | null = null;
  for (const rule of otherLetters > latinLetters ? scripts : []) {
    const chars = sample.match(rule.re) ?? [];
    if (chars.length > latinLetters && (!best || chars.length > best.chars.length)) best = { rule, chars };
  }
  if (best) {
    let lang = best.rule.default;
    let top = 0;
    for (const h of best.rule.hints) {
      const n = best.chars.filter((c) => h.letters.has(c)).length;
      if (n > top) {
        top = n;
        lang = h.lang;
      }
    }
    return lang;
  }
  if (latinLetters === 0) return 'en';
  // most reports are English: a cheap look at the first words settles it
  const english = latin.find((r) => r.lang === 'en');
  const first = sample.slice(0, 1200).toLowerCase().match(/[a-z\u00c0-\u024f]+/g) ?? [];
  if (english && first.length >= 8) {
    let n = 0;
    for (const w of first) if (english.words.has(w)) n++;
    if (n / first.length >= ENGLISH_SURE) return 'en';
  }
  const words = sample.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  const special = new Map<string, number>();
  for (const ch of sample.match(/[^\x00-\x7F]/g) ?? []) special.set(ch, (special.get(ch) ?? 0) + 1);
  const scores = new Map<string, number>();
  for (const r of latin) {
    let s = 0;
    for (const w of words) if (r.words.has(w)) s++;
    for (const [ch, n] of special) if (r.letters.has(ch)) s += 0.5 * n;
    scores.set(r.lang, s);
  }
  const en = scores.get('en') ?? 0;
  let lang = 'en';
  let top = en;
  for (const [l, s] of scores) if (s > top) [lang, top] = [l, s];
  // English unless another language clearly leads (English reports quote names in other languages)
  return lang !== 'en' && top >= Math.max(3, en * 1.5) ? lang : 'en';
}
