// Place recognition over cleaned text: gazetteer names (transliteration-tolerant), region phrases
// ("southern Idlib", "the countryside of Hama", "Idlib province"), nearness phrases ("outskirts of X",
// "east of X") and disambiguation of repeated names from the sentence's and the document's other places.
//
// Speed: the gazetteer is read from data/places/index.txt (no key computed at start-up); the text is tokenised
// once by a hand-written scanner; a token's light key is its lower case when it is plain ASCII, and its fuzzy key
// is computed only when needed (memoised by spelling); a name grows token by token only while some gazetteer
// key begins with it (prefix search in the sorted tables); the candidates and their first ranking are memoised
// by key; the *_BEFORE patterns run only when the window's last word can end one. No per-name loop or regex.
import type { Place, PlaceMention } from './types.js';
import type { ActivityMap } from './activity.js';
import {
  placesKnowledge, placePrior, distanceKm, spellingSimilarity, skeletonKey, shortKey, isStopWord, regionPoint, towards, acrossEdge, buildingAfter, ARTICLES, lightToken, fuzzyToken, memoised,
  type GazetteerPlace, type PlacesKnowledge,
} from '../knowledge/places.js';

export interface PlaceContext {
  /** admin1 names already known for the document (from other mentions), to settle ambiguous names */
  admin1Hints?: string[];
  /** where the other reports of the batch place their events (settles namesakes the report leaves open) */
  activity?: ActivityMap;
}

const CAP = 1; // starts with a capital (or is Arabic script / a code like M4)
const ARTICLE = 2; // an article that belongs to the next word
const POSSESSIVE = 4; // ended in 's
const JOIN = 8; // next token may continue a name (space or hyphen between, same line)

/** The words of a text, as parallel arrays (long texts have millions: no object per word). */
class Toks {
  length = 0;
  start: Int32Array;
  end: Int32Array;
  sentence: Int32Array;
  flags: Uint8Array;
  light: string[] = [];
  /** fuzzy keys, computed when first needed (fuzzyOf) */
  fz: (string | undefined)[] = [];
  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.sentence = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }
  push(start: number, end: number, light: string, flags: number, sentence: number): void {
    const n = this.length;
    if (n === this.start.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(n * 2 + 16); b.set(a); return b; };
      this.start = grow(this.start); this.end = grow(this.end); this.sentence = grow(this.sentence); this.flags = grow(this.flags);
    }
    this.start[n] = start; this.end[n] = end; this.sentence[n] = sentence; this.flags[n] = flags;
    this.light.push(light);
    this.fz.push(undefined);
    this.length = n + 1;
  }
  cap(i: number): boolean { return (this.flags[i]! & CAP) !== 0; }
  article(i: number): boolean { return (this.flags[i]! & ARTICLE) !== 0; }
  possessive(i: number): boolean { return (this.flags[i]! & POSSESSIVE) !== 0; }
  joinNext(i: number): boolean { return (this.flags[i]! & JOIN) !== 0; }
}

interface RawMatch {
  first: number; // token index of the first token (article included)
  last: number; // token index of the last token
  start: number;
  end: number;
  lightKey: string;
  candidates: number[];
  exact: Set<number>;
  hasArticle: boolean;
  sentence: number;
  /** found only by consonant skeleton: kept only where the context agrees */
  weak?: boolean;
  /** found by the short-vowel key ("Hbit" for Habit): the spelling differs by design, so no spelling filter */
  short?: boolean;
  /** what the candidates were found by (the same key gives the same candidates and the same first ranking) */
  memoKey?: string;
}

/** candidates (shared, never changed in place) by what they were found by */
const candMemo = new Map<string, { candidates: number[]; exact: Set<number> }>();
/** first ranking (before context) by memoKey: the filtered candidates, their order, and whether the first dominates */
const firstMemo = new Map<string, { candidates: number[]; ranked: GazetteerPlace[]; dominant: boolean; base?: Resolved['base']; weak?: boolean }>();

const ARABIC = /[\u0600-\u06ff]/;
const UPPER = /^\p{Lu}/u;

/** token spelling → light key; texts repeat their words, so keys are computed once per spelling */
const lightMemo = memoised(lightToken, 200000);
const PLAIN = /^[A-Za-z0-9]+$/;
/** letters and digits only: the light key is the lower case */
const lightOf = (raw: string): string => (PLAIN.test(raw) ? raw.toLowerCase() : lightMemo(raw));
/** light key → fuzzy key */
const fuzzyOfLight = memoised(fuzzyToken, 200000);
const fuzzyOf = (T: Toks, i: number): string => (T.fz[i] ??= fuzzyOfLight(T.light[i]!));

/** character classes by UTF-16 code unit, filled on first sight: 1 word character (letter, mark, digit), 2 other, 0 not yet known */
const CHAR_CLASS = new Uint8Array(65536);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
for (let c = 0; c < 128; c++) CHAR_CLASS[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 2;
function charClass(c: number): number {
  let k = CHAR_CLASS[c]!;
  if (k === 0) CHAR_CLASS[c] = k = c < 0xdc00 || c > 0xdfff ? (WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2) : 2;
  return k;
}
const WORD_AT = /[\p{L}\p{M}\p{N}]/uy;
/** length of the word character at i (0: none; 2 for a letter outside the BMP) */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return charClass(c) === 1 ? 1 : 0;
  WORD_AT.lastIndex = i;
  return WORD_AT.test(text) ? 2 : 0;
}
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019 || c === 0x2018 || c === 96 || c === 0x2bf || c === 0x2be || c === 0x2bc;
const SENTENCE_GAP = /[.!?;:]\s|\n|[.!?]$/;
const JOIN_GAP = /^(?:[ \t\u00a0]{1,2}|[ \t]?[-‐‑–][ \t]?)['’‘`ʿʾ]?$/;

/**
 * Words of the text: a run of letters, marks and digits, with inner apostrophes ("Ma'arrat") and one trailing
 * one; a trailing "'s" is a possessive. (A hand-written scanner: this runs over every character.)
 */
function tokenize(text: string): Toks {
  const toks = new Toks(Math.min(1 << 16, (text.length >> 2) + 16));
  let sentence = 0;
  let prevEnd = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let w = wordCharAt(text, i);
    if (w === 0) { i++; continue; }
    const start = i;
    i += w;
    for (;;) {
      while (i < n && (w = wordCharAt(text, i)) > 0) i += w;
      // an apostrophe followed by a word character continues the word; a last one ends it
      if (i < n && isApostrophe(text.charCodeAt(i))) {
        if (i + 1 < n && wordCharAt(text, i + 1) > 0) { i++; continue; }
        i++;
      }
      break;
    }
    const mEnd = i;
    let rawEnd = mEnd;
    // trailing "'s" is a possessive; a trailing apostrophe is dropped
    let possessive = false;
    if (mEnd - start > 3) {
      const q = text.charCodeAt(mEnd - 2);
      const sch = text.charCodeAt(mEnd - 1);
      if ((q === 39 || q === 0x2019) && (sch === 115 || sch === 83)) { rawEnd -= 2; possessive = true; }
    }
    if (rawEnd > start && isApostrophe(text.charCodeAt(rawEnd - 1))) rawEnd--;
    if (toks.length > 0) {
      const prev = toks.length - 1;
      let join: boolean;
      if (start - prevEnd === 1 && text.charCodeAt(prevEnd) === 32) {
        join = !toks.possessive(prev);
      } else {
        const gap = text.slice(prevEnd, start);
        if (SENTENCE_GAP.test(gap) || /^[.!?]/.test(gap)) sentence++;
        join = !toks.possessive(prev) && JOIN_GAP.test(gap);
      }
      toks.flags[prev] = join ? toks.flags[prev]! | JOIN : toks.flags[prev]! & ~JOIN;
    }
    const raw = text.slice(start, rawEnd);
    const light = lightOf(raw);
    prevEnd = mEnd;
    if (light === '') continue;
    const c0 = raw.charCodeAt(0);
    const cap = c0 < 128
      ? (c0 >= 65 && c0 <= 90)
      : UPPER.test(raw[0]!) || ARABIC.test(raw[0]!);
    toks.push(start, rawEnd, light, (cap ? CAP : 0) | (possessive ? POSSESSIVE : 0), sentence);
  }
  // articles: al-/el- always; As/An/At… only capitalised before a capitalised word or hyphenated
  for (let i = 0; i < toks.length - 1; i++) {
    const l = toks.light[i]!;
    if (l.length > 3 || !toks.joinNext(i) || !ARTICLES.has(l)) continue;
    const hyphen = /[-‐‑–]/.test(text.slice(toks.end[i]!, toks.start[i + 1]!));
    if (l === 'al' || l === 'el' || hyphen || (toks.cap(i) && toks.cap(i + 1))) toks.flags[i] = toks.flags[i]! | ARTICLE;
  }
  return toks;
}

const DIR = String.raw`(?:north|south|east|west|northeast|northwest|southeast|southwest|north[- ]east|north[- ]west|south[- ]east|south[- ]west|central|middle|eastern|western|northern|southern|northeastern|northwestern|southeastern|southwestern|north[- ]eastern|north[- ]western|south[- ]eastern|south[- ]western)`;
/** before an admin1 name: the phrase makes it a region ("southern Idlib", "the countryside of Hama") */
const REGION_BEFORE = new RegExp(
  String.raw`(?:(?:\b(?:the\s+)?(?:far\s+)?${DIR}\s+(?:(?:countryside|rural\s+areas?|parts?|areas?|regions?|outskirts)\s+of\s+(?:the\s+)?)?)|(?:\b(?:the\s+)?(?:countryside|rural\s+areas?|province|governorate|region|suburbs|desert)\s+of\s+(?:the\s+)?)|\b(?:rural|greater)\s+)$`,
  'i',
);
/** after an admin1 name: "Idlib province", "Hama's northern countryside", "Aleppo western countryside" */
const REGION_AFTER = new RegExp(
  String.raw`^(?:['’]s)?\s+(?:${DIR}\s+)?(?:countryside|province|governorate|rural\s+areas?|suburbs|desert|badia|region|countryside\s+areas?)\b`,
  'i',
);
/** before a town: near it ("outskirts of", "near", "east of", "the vicinity of the village of") */
const NEAR_BEFORE = new RegExp(
  String.raw`\b(?:outskirts|outskirt|vicinity|surroundings|environs|edges?|periphery|perimeter|farms|farmlands|orchards|fields|countryside|axis|axes|fronts?|frontlines?|front\s+lines?|entrances?|${DIR}\s+(?:outskirts|countryside|side|part|parts|edge|entrance|axis|front)|(?:\d+\s*)?(?:km|kms|kilometers|kilometres|miles)\s+(?:${DIR}\s+)?|${DIR})\s+of\s+(?:the\s+)?(?:(?:town|village|city|area|areas|region|hill|villages|towns)\s+of\s+)?$|\b(?:near|nearby|around|outside|close\s+to|next\s+to|adjacent\s+to|surrounding|(?:on|at)\s+the\s+(?:edge|edges|outskirts)\s+of)\s+(?:the\s+)?(?:(?:town|village|city|area|hill)\s+of\s+)?$`,
  'i',
);
/** after a town: an area around it ("Kabani axis", "Tal Abyad area", "Afrin countryside") */
const NEAR_AFTER = new RegExp(
  String.raw`^(?:['’]s)?\s+(?:${DIR}\s+)?(?:outskirts|outskirt|countryside|suburbs|area|areas|axis|axes|front|frontline|frontlines|surroundings|vicinity|environs|farms|farmlands|plain|plains|region|outskirt)\b`,
  'i',
);
/** between a place and the next one that locates it: "X village in", "X, near", "X east of the town of" */
const LINK = new RegExp(
  String.raw`^\s*(?:(?:village|town|city|area|areas|neighbou?rhoods?|district|quarter|camp|hill|farms|checkpoint|base|road|villages|towns)\s+)?(?:,\s*(?:in\s+|near\s+)?|(?:in|near|outside|of|at|by|close\s+to|next\s+to|${DIR}\s+of|in\s+the\s+(?:vicinity|outskirts|countryside|surroundings)\s+of|on\s+the\s+outskirts\s+of)\s+)(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$`,
  'i',
);
/** "X neighbourhood of Aleppo", "the X area of Damascus city", "X district in Aleppo" */
const QUARTER_LINK = /^\s*(?:neighbou?rhood|quarter|district|area)\s+(?:of|in)\s+(?:the\s+)?(?:city\s+of\s+)?$/i;
const DISTRICT_AFTER = /^(?:['’]s)?\s+(?:district|region|mintaqa|area\s+district)\b/i;
const CITY_AFTER = /^\s+(?:city|town)\b/i;

// The *_BEFORE patterns end at the name ("...$") and so are tried at every position of the window: they run
// only when the window's last word can end one of them.
const DIR_WORDS = ['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest', 'central', 'middle',
  'eastern', 'western', 'northern', 'southern', 'northeastern', 'northwestern', 'southeastern', 'southwestern'];
const REGION_LAST = new Set([...DIR_WORDS, 'of', 'the', 'rural', 'greater']);
const NEAR_LAST = new Set(['of', 'the', 'near', 'nearby', 'around', 'outside', 'to', 'surrounding']);
/** the last word of a window that ends in white space (lower case), else '' */
function lastWord(before: string): string {
  let e = before.length;
  while (e > 0 && /\s/.test(before[e - 1]!)) e--;
  if (e === before.length) return '';
  let b = e;
  while (b > 0) {
    const c = before.charCodeAt(b - 1) | 32;
    if (c < 97 || c > 122) break;
    b--;
  }
  return before.slice(b, e).toLowerCase();
}
const regionBefore = (before: string): RegExpExecArray | null => (REGION_LAST.has(lastWord(before)) ? REGION_BEFORE.exec(before) : null);
const nearBefore = (before: string): RegExpExecArray | null => (NEAR_LAST.has(lastWord(before)) ? NEAR_BEFORE.exec(before) : null);

/** English words that never begin a place name, even capitalised ("Hasraya In Hama") */
const FUNCTION_WORDS = new Set([
  'in', 'on', 'at', 'of', 'and', 'the', 'to', 'from', 'by', 'for', 'with', 'near', 'or', 'as', 'into', 'onto',
  'after', 'before', 'between', 'since', 'while', 'during', 'an', 'a', 'but', 'if', 'then', 'this', 'that',
]);

/** how many mentions before and after one are its context (keeps long documents linear) */
const CONTEXT_WINDOW = 40;

/** an exact spelling of a name beats a transliteration variant of another's */
const EXACT_BONUS = 2;

/** A dateline in capitals at the head of a line ("IDLIB, Syria (North Press) –", "AZAZ (AA) -"): a place, not an acronym */
function dateline(text: string, m: { start: number; end: number }): boolean {
  const lineStart = text.lastIndexOf('\n', m.start - 1) + 1;
  return /^\s*$/.test(text.slice(lineStart, m.start)) && /^\s*(?:,[^\n(]{0,30})?\(/.test(text.slice(m.end, m.end + 40));
}

function isAcronym(text: string): boolean {
  return text.length <= 5 && (text.match(/[A-Z]/g)?.length ?? 0) >= 2;
}

/** admin1 a mention of this place can stand for ("Idlib" city → Idleb), if any */
function regionOf(p: GazetteerPlace): string | undefined {
  if (p.capitalOf) return p.capitalOf;
  if (p.kind === 'admin1') return p.admin1;
  return undefined;
}

function findMatches(text: string, toks: Toks, kn: PlacesKnowledge): RawMatch[] {
  const out: RawMatch[] = [];
  // an article glued to a capitalised word ("Eljoz", "Alzahraa", "Elshaer") is dropped from the keys,
  // unless the whole word is a name in its own right
  for (let k = 1; k < toks.length; k++) {
    if (!toks.cap(k - 1) || !toks.joinNext(k - 1) || toks.article(k - 1)) continue;
    const l = toks.light[k]!;
    if (toks.cap(k) && l.length >= 5 && /^(?:al|el)/.test(l) && !kn.light.has(l)) {
      toks.light[k] = l.slice(2);
      toks.fz[k] = undefined;
    }
  }
  let i = 0;
  while (i < toks.length) {
    // a match starts at a capitalised word, or at an article glued to one
    let c = i;
    let hasArticle = false;
    while (c < toks.length && toks.article(c) && toks.joinNext(c) && c - i < 1) { c++; hasArticle = true; }
    if (c >= toks.length || !toks.cap(c) || (toks.light[c]!.length < 2 && !/\d/.test(toks.light[c]!)) || FUNCTION_WORDS.has(toks.light[c]!)) { i++; continue; }
    let best: RawMatch | undefined;
    let lk = '';
    let fk = '';
    let j = c;
    let content = 0;
    while (j < toks.length && content < kn.maxTokens) {
      if (toks.article(j)) {
        if (!toks.joinNext(j) || (j > c && toks.article(j - 1))) break;
        j++;
        continue;
      }
      const tl = toks.light[j]!;
      const lower = !toks.cap(j) && !/\d/.test(tl);
      lk = content === 0 ? tl : lk + ' ' + tl;
      const ex = kn.light.peek(lk);
      // a lower-case word continues a name only in an exact spelling ("Kabani axis", "al-Ghab plain")
      if (lower && ex === undefined) break;
      fk = content === 0 ? fuzzyOf(toks, j) : fk + ' ' + fuzzyOf(toks, j);
      content++;
      const fzv = lower ? undefined : kn.fuzzy.peek(fk);
      if (ex !== undefined || fzv !== undefined) {
        const memoKey = fzv === undefined ? lk : lk + '\u0001' + fk;
        let c = candMemo.get(memoKey);
        if (!c) {
          const exact = ex === undefined ? undefined : typeof ex === 'number' ? [ex] : ex;
          const fz = fzv === undefined ? undefined : typeof fzv === 'number' ? [fzv] : fzv;
          const cands = new Set<number>(exact ?? []);
          for (const x of fz ?? []) cands.add(x);
          c = { candidates: [...cands], exact: new Set(exact ?? []) };
          if (candMemo.size > 50000) candMemo.clear();
          candMemo.set(memoKey, c);
        }
        best = {
          first: i, last: j, start: toks.start[i]!, end: toks.end[j]!, lightKey: lk, candidates: c.candidates,
          exact: c.exact, hasArticle, sentence: toks.sentence[i]!, memoKey,
        };
      }
      if (!toks.joinNext(j)) break;
      // no longer name begins so: stop here
      if (!kn.light.hasPrefix(lk) && !kn.fuzzy.hasPrefix(fk)) break;
      j++;
    }
    if (!best) best = shortMatch(toks, i, c, hasArticle, kn) ?? skeletonMatch(toks, i, c, hasArticle, kn);
    else if (best.last + 1 < toks.length && toks.joinNext(best.last) && toks.cap(best.last + 1)) {
      // a longer name by its consonant skeleton beats a shorter one by its key ("Orm Eljoz" is Urum al-Jawz, not Orm)
      const longer = skeletonMatch(toks, i, c, hasArticle, kn);
      if (longer && longer.last > best.last) best = longer;
    }
    if (best && accept(text, toks, best, kn)) {
      out.push(best);
      i = best.last + 1;
    } else i++;
  }
  return out;
}

/** At a capitalised word that no name begins with: 1–3 words by their short-vowel key ("Hbit" ~ "Habit", "Nqeir" ~ "Nuqayr"). */
function shortMatch(toks: Toks, i: number, c: number, hasArticle: boolean, kn: PlacesKnowledge): RawMatch | undefined {
  let best: RawMatch | undefined;
  let lk = '';
  let fk = '';
  for (let j = c; j < toks.length && j - c < 3; j++) {
    const tl = toks.light[j]!;
    if (!toks.cap(j) || toks.article(j) || /\d/.test(tl)) break;
    fk = j === c ? fuzzyOf(toks, j) : fk + ' ' + fuzzyOf(toks, j);
    lk = j === c ? tl : lk + ' ' + tl;
    if (lk.length >= 4) {
      const sh = shortKey(fk);
      const cands = kn.short.get(sh);
      if (cands) {
        best = {
          first: i, last: j, start: toks.start[i]!, end: toks.end[j]!, lightKey: lk, candidates: cands, exact: new Set(),
          hasArticle, sentence: toks.sentence[i]!, short: true, memoKey: '\u0003' + lk,
        };
      }
    }
    if (!toks.joinNext(j)) break;
  }
  return best;
}

/** Last resort at a capitalised word: the consonant skeleton of 1–3 words ("Hbit" ~ "Habit", "Kafruma" ~ "Kafr Ruma"). */
function skeletonMatch(toks: Toks, i: number, c: number, hasArticle: boolean, kn: PlacesKnowledge): RawMatch | undefined {
  let best: RawMatch | undefined;
  let lk = '';
  let fk = '';
  let letters = 0;
  for (let j = c; j < toks.length && j - c < 3; j++) {
    const tl = toks.light[j]!;
    if (!toks.cap(j) || toks.article(j) || /\d/.test(tl)) break;
    fk = j === c ? fuzzyOf(toks, j) : fk + ' ' + fuzzyOf(toks, j);
    lk = j === c ? tl : lk + ' ' + tl;
    letters += tl.length;
    if (letters >= 4) {
      let sk = skeletonKey(fk);
      let cands = kn.skeleton.get(sk);
      if (!cands && j === c && /^(?:al|el)[^aeiou]/.test(tl) && tl.length >= 6) {
        // an article glued to the word: "Elshaer"
        sk = skeletonKey(fuzzyToken(tl.slice(2)));
        cands = kn.skeleton.get(sk);
      }
      if (cands && sk.length >= 3) {
        best = {
          first: i, last: j, start: toks.start[i]!, end: toks.end[j]!, lightKey: lk, candidates: cands, exact: new Set(),
          hasArticle, sentence: toks.sentence[i]!, weak: true, memoKey: '\u0002' + lk + '\u0001' + sk,
        };
      }
    }
    if (!toks.joinNext(j)) break;
  }
  return best;
}

/** a person's title or role, just before a name ("spokesperson Farhad Shami", "Lt. Col. Ali Hanna") */
const PERSON_ROLE = /\b(?:spokes(?:man|woman|person)|commander|official|director|leader|activist|journalist|member|head|chief|named|called|Mr|Dr|Maj|Col|Lt|Gen|Brig|Capt)\.?\s+$/i;
/** a unit named after a person ("the Abu Bakr al-Siddiq brigade", "Omar ibn al-Khattab battalion") */
const UNIT_AFTER = /^(?:\s+(?:al|el)-[A-Z][\w']*)?["'\u201d\u2019]?\s+(?:brigade|battalion|regiment|division|group|corps|faction|brigades|battalions)\b/i;

/**
 * A place's name that is here part of a person's: a surname after a given name ("Jamil Hanna", the council
 * member, is not Hanna village), a kunya with its nisba ("Abu Omar al-Shami" is no Abu Umar), a name after
 * a role ("spokesperson Farhad Shami"), or a unit named after a person ("Abu Bakr al-Siddiq brigade").
 */
function personName(text: string, toks: Toks, m: RawMatch, kn: PlacesKnowledge): boolean {
  const calledTown = /^\s+(?:city|town|village)\b/i.test(text.slice(m.end, m.end + 10)) ||
    /\b(?:city|town|village|villages|towns)\s+of\s+$/i.test(text.slice(Math.max(0, m.start - 20), m.start));
  if (calledTown) return false;
  const after = text.slice(m.end, m.end + 60);
  const first = m.first;
  const kunya = /^(?:abu|umm|um|ibn)$/.test(toks.light[first]!);
  if (UNIT_AFTER.test(after) && (kunya || toks.light.slice(first, m.last + 1).some((l) => kn.nameStop.has(l!)))) return true;
  let p = first - 1;
  // (past an article left behind: "Omar al-Shami" read from "Shami")
  if (p >= 1 && toks.article(p) && toks.joinNext(p)) p--;
  if (p >= 0 && toks.cap(p) && !toks.article(p) && toks.joinNext(p) && toks.sentence[p] === toks.sentence[first]) {
    // a given name or a kunya's "Abu" just before ("Jamil Hanna", "Abu Omar al-Shami"), or a name after a role ("spokesperson Farhad Shami")
    if (kn.nameStop.has(toks.light[p]!) || /^(?:abu|umm|ibn|bin)$/.test(toks.light[p]!)) return true;
    if (PERSON_ROLE.test(text.slice(Math.max(0, toks.start[p]! - 20), toks.start[p]!))) return true;
  }
  // a kunya: "Abu Omar al-Shami", "Abu Yahya al-Urduni" (a nisba after it)
  if (kunya && /^\s+(?:al|el)-[A-Z][a-z']*i\b/.test(after)) return true;
  return false;
}

function accept(text: string, toks: Toks, m: RawMatch, kn: PlacesKnowledge): boolean {
  const content: number[] = [];
  for (let k = m.first; k <= m.last; k++) if (!toks.article(k)) content.push(k);
  if (content.every((k) => isStopWord(toks.light[k]!, fuzzyOf(toks, k)))) return false;
  if (personName(text, toks, m, kn)) return false;
  let feature = false;
  for (const x of m.exact) if (kn.isFeature(x)) { feature = true; break; }
  if (!feature && !dateline(text, m) && content.some((k) => isAcronym(text.slice(toks.start[k]!, toks.end[k]!)) || toks.light[k]!.length < 2)) return false;
  // part of a building's name ("the Ismail Lata Primary School"), unless a town's ("the Idlib National Hospital")
  if (!feature && m.end < text.length && text.charCodeAt(m.end) !== 46 && buildingAfter(text.slice(m.end, m.end + 60)) &&
    ![...m.exact].some((x) => { const p = kn.place(x); return p.kind === 'town' || p.kind === 'city' || p.capitalOf !== undefined || p.population >= 20000; })) return false;
  if (content.length === 1) {
    const k = content[0]!;
    const light = toks.light[k]!;
    if (light.length < 3 && !/\d/.test(light)) return false;
    if (!m.hasArticle && kn.weakStop.has(light)) return false;
    const tEnd = toks.end[k]!, tStart = toks.start[k]!;
    // a word the text calls a town ("Harem city", "the village of Salim")
    const calledTown = /^\s+(?:city|town|village)\b/i.test(text.slice(tEnd, tEnd + 10)) ||
      /\b(?:city|town|village)\s+of\s+$/i.test(text.slice(Math.max(0, tStart - 20), tStart));
    // a personal name is no place on its own, unless the text calls it a village ("Salim village")
    if (kn.nameStop.has(light) && !(calledTown && m.exact.size > 0)) return false;
    if (m.weak && kn.english.has(light)) return false;
    if (!m.hasArticle && kn.english.has(light)) {
      // an English word: only a big town or a province capital is taken ("Mare" is not Mare'), or, within
      // a sentence, a town spelled exactly so, or a word the text calls a town ("Harem city")
      const idx = m.last;
      const sentenceStart = idx === 0 || toks.sentence[idx - 1] !== toks.sentence[k];
      const ok = m.candidates.some((x) => {
        const p = kn.place(x);
        if (!m.exact.has(x)) return false;
        if (p.population >= 50000 || p.capitalOf !== undefined) return true;
        return !sentenceStart && (calledTown || p.kind === 'town' || p.kind === 'city');
      });
      if (!ok) return false;
    }
  }
  return true;
}

interface Resolved {
  m: RawMatch;
  best: GazetteerPlace;
  ranked: GazetteerPlace[];
  dominant: boolean;
  /** prior scores of the candidates (place index → baseScore), valid while m.candidates is unchanged */
  base?: { candidates: number[]; scores: Map<number, number> };
}

/** a big town or a province capital spelled exactly so: it stands even where the sentence names another province */
function isBigExact(p: GazetteerPlace, m: RawMatch, kn: PlacesKnowledge): boolean {
  if (!(p.population >= 50000 || p.capitalOf !== undefined || p.id.startsWith('feature:'))) return false;
  for (const x of m.exact) if (kn.place(x) === p) return true;
  return false;
}

function baseScore(m: RawMatch, x: number, pref: string | undefined, kn: PlacesKnowledge): number {
  const p = kn.place(x);
  return (
    placePrior(p) +
    // a big town is not lightly taken for a village of the same name
    (p.population >= 40000 ? 2 : 0) +
    (m.exact.has(x) ? EXACT_BONUS : 0) +
    (p.id === pref ? 2 : 0) +
    // the closer the spelling to one of the place's names, the better ("Ziyara" is Az-Ziyarah, not Izra)
    (m.candidates.length > 1 ? 3 * spellingSimilarity(m.lightKey, x) : 0)
  );
}

function clusterBest(ranked: { p: GazetteerPlace; s: number }[]): boolean {
  // dominant: the runner-up is far behind, or is the same place (a duplicate record nearby)
  if (ranked.length < 2) return true;
  const [a, b] = ranked as [{ p: GazetteerPlace; s: number }, { p: GazetteerPlace; s: number }];
  return a.s - b.s >= 2 || distanceKm(a.p, b.p) < 5;
}

/**
 * A match on its own: a province's name is its capital or the province; fuzzy-only readings must look like the
 * spelling; then the candidates ranked by prior. Undefined when no candidate is left.
 */
function rankAlone(m: RawMatch, kn: PlacesKnowledge): Resolved | undefined {
  {
    // a province's name is its capital or the province itself, not a village of the same name
    const a1 = kn.admin1Alias.get(m.lightKey);
    if (a1) {
      const keep = m.candidates.filter((x) => {
        const p = kn.place(x);
        return p.capitalOf !== undefined || p.kind === 'admin1' || (p.kind === 'admin2' && p.admin1 === a1);
      });
      if (keep.length) m.candidates = keep;
    }
  }
  // fuzzy-only readings must still look like the spelling in the text ("Ziyara" is not "Izra")
  if (!(m.weak || m.short || m.exact.size === m.candidates.length)) {
    const minSim = m.lightKey.length <= 5 ? 0.7 : 0.55;
    const kept = m.candidates.filter((x) => m.exact.has(x) || spellingSimilarity(m.lightKey, x) >= minSim);
    // none looks like the spelling: the name may be written without a short vowel ("Nqeir" for Nuqayr, whose
    // transliteration key "nkar" is also Nuquru's); a weak reading, standing only where the context agrees
    if (kept.length || m.exact.size) m.candidates = kept;
    else {
      m.candidates = kn.short.get(shortKey(m.lightKey.split(' ').map(fuzzyOfLight).join(' '))) ?? [];
      m.weak = true;
    }
  }
  if (m.candidates.length === 0) return undefined;
  // each match on its own (prior only)
  const pref = kn.preferred.get(m.lightKey);
  const ranked = m.candidates
    .map((x) => ({ x, p: kn.place(x), s: baseScore(m, x, pref, kn) }))
    .sort((a, b) => b.s - a.s);
  const scores = new Map<number, number>();
  for (const r of ranked) scores.set(r.x, r.s);
  return { m, best: ranked[0]!.p, ranked: ranked.map((r) => r.p), dominant: clusterBest(ranked), base: { candidates: m.candidates, scores } };
}

const syrianSets = new WeakMap<PlacesKnowledge, Set<string>>();
function syrianAdmin1Of(kn: PlacesKnowledge): Set<string> {
  let s = syrianSets.get(kn);
  if (!s) {
    s = new Set([...kn.admin1.values()].filter((a) => a.country === 'Syria').map((a) => a.name));
    syrianSets.set(kn, s);
  }
  return s;
}

/** Every place mention in the text, with its gazetteer entry and geo_precision. */
export function recognisePlaces(text: string, context: PlaceContext = {}): PlaceMention[] {
  const kn = placesKnowledge();
  const toks = tokenize(text);
  const matches = findMatches(text, toks, kn);
  if (matches.length === 0) return [];

  const first: Resolved[] = [];
  for (const m of matches) {
    const key = m.memoKey;
    const hit = key === undefined ? undefined : firstMemo.get(key);
    if (hit) {
      m.candidates = hit.candidates;
      if (hit.weak) m.weak = true;
      first.push({ m, best: hit.ranked[0]!, ranked: hit.ranked, dominant: hit.dominant, base: hit.base });
      continue;
    }
    const r = rankAlone(m, kn);
    if (!r) continue;
    if (key !== undefined) {
      if (firstMemo.size > 50000) firstMemo.clear();
      firstMemo.set(key, { candidates: m.candidates, ranked: r.ranked, dominant: r.dominant, base: r.base, weak: m.weak });
    }
    first.push(r);
  }
  if (first.length === 0) return [];

  // context from the unambiguous ones (and from admin1 names used as regions)
  const ctx: { idx: number; sentence: number; admin1?: string; admin2?: string }[] = [];
  const docAdmin1 = new Map<string, number>();
  const anchors: { lat: number; lon: number; idx: number }[] = [];
  // admin1s a sentence names as regions ("in southern Idlib", "Hama countryside", "Idlib province")
  const sentRegions = new Map<number, Set<string>>();
  const sentParts = new Map<number, RegionPart[]>();
  first.forEach((r, idx) => {
    if (r.m.weak) return;
    const region = kn.admin1Alias.get(r.m.lightKey) ?? regionOf(r.best);
    if (region) {
      const before = text.slice(Math.max(0, r.m.start - 80), r.m.start);
      const after = text.slice(r.m.end, r.m.end + 60);
      const rb = regionBefore(before);
      const ra = REGION_AFTER.exec(after);
      if (rb || ra) {
        const rural = /countryside|rural|suburbs/i.test((ra?.[0] ?? '') + ' ' + (rb?.[0] ?? ''));
        const a1 = rural ? kn.admin1.get(region)?.countryside ?? region : region;
        if (!sentRegions.has(r.m.sentence)) sentRegions.set(r.m.sentence, new Set());
        sentRegions.get(r.m.sentence)!.add(a1);
        // "the southern countryside of Aleppo": the part of the province, seen from its main town
        const dir = /\b(?:north|south|east|west)/i.test((ra?.[0] ?? '') + ' ' + (rb?.[0] ?? ''))
          ? (ra?.[0] ?? '') + ' ' + (rb?.[0] ?? '') : '';
        const cap = dir ? kn.findId(kn.admin1.get(region)?.capitalId ?? '') : undefined;
        if (cap) {
          const list = sentParts.get(r.m.sentence) ?? [];
          list.push({ admin1: a1, from: cap, dir: dir.toLowerCase() });
          sentParts.set(r.m.sentence, list);
        }
      }
    }
    const a1 = region ?? (r.dominant ? r.best.admin1 : undefined);
    const a2 = r.dominant && !region && r.best.admin2 ? r.best.admin2 : undefined;
    if (a1 || a2) ctx.push({ idx, sentence: r.m.sentence, admin1: a1, admin2: a2 });
    if (a1) docAdmin1.set(a1, (docAdmin1.get(a1) ?? 0) + 1);
    if (r.dominant && !region && r.best.precision < 3) anchors.push({ lat: r.best.lat, lon: r.best.lon, idx });
  });
  const ctxAt: ((typeof ctx)[number] | undefined)[] = new Array(first.length);
  for (const c of ctx) ctxAt[c.idx] = c;
  const anchorAt: ((typeof anchors)[number] | undefined)[] = new Array(first.length);
  for (const a of anchors) anchorAt[a.idx] = a;
  const hints = new Set(context.admin1Hints ?? []);
  const syrianAdmin1 = syrianAdmin1Of(kn);
  const syrianContext = [...docAdmin1.keys(), ...hints].some((a) => syrianAdmin1.has(a));

  const out: PlaceMention[] = [];
  // resolved last to first, so that "X in Hama" / "X near Saraqib" can read the mention after X
  const d: Doc = { text, kn, first, resolved: new Array(first.length), sentRegions, sentParts, ctxAt, anchorAt, hints, syrianContext, activity: context.activity };
  for (let idx = first.length - 1; idx >= 0; idx--) d.resolved[idx] = resolveOne(d, first[idx]!, idx);
  settleLists(d);
  for (const x of d.resolved) if (x) out.push(x);
  return out;
}

// resolveOne and its parts are separate functions: each is optimised (compiled) on its own, and only when hot.

interface Anchor { lat: number; lon: number; idx: number }
/** a part of a province: the places of admin1 that lie in direction `dir` (north/south/east/west words) of `from` */
interface RegionPart { admin1: string; from: { lat: number; lon: number }; dir: string }

interface CtxEntry { idx: number; sentence: number; admin1?: string; admin2?: string }
/** one document's matches and what they say about each other */
interface Doc {
  text: string;
  kn: PlacesKnowledge;
  first: Resolved[];
  resolved: (PlaceMention | undefined)[];
  /** admin1s a sentence names as regions */
  sentRegions: Map<number, Set<string>>;
  /** parts of provinces a sentence names ("southern Idlib", "the eastern countryside of Hama") */
  sentParts: Map<number, RegionPart[]>;
  ctxAt: (CtxEntry | undefined)[];
  anchorAt: (Anchor | undefined)[];
  hints: Set<string>;
  syrianContext: boolean;
  activity: ActivityMap | undefined;
}

function nearAnchors(d: Doc, idx: number): Anchor[] {
  const out: Anchor[] = [];
  for (let j = Math.max(0, idx - CONTEXT_WINDOW); j <= idx + CONTEXT_WINDOW && j < d.anchorAt.length; j++) {
    const a = d.anchorAt[j];
    if (a) out.push(a);
  }
  return out;
}

const DROP = -1;

/**
 * The sentence names its region: a reading outside it is a namesake, or the place is missing from the
 * gazetteer; then try the consonant skeleton inside the region, else leave the region to speak. Inside the
 * region, or just across its edge (reports say "northern Homs" of villages in southern Hama).
 * Returns 1 when the candidates were narrowed, 0 when not, DROP when the mention is to be dropped.
 */
function narrowToSentenceRegion(d: Doc, r: Resolved, regs: Set<string>): number {
  const { kn } = d;
  const m = r.m;
  const caps = [...regs].map((a) => kn.findId(kn.admin1.get(a)?.capitalId ?? '')).filter((p) => p !== undefined);
  const inRegion = (x: number): boolean => {
    const p = kn.place(x);
    return regs.has(p.admin1) || caps.some((c) => acrossEdge(p, c));
  };
  const inside = m.candidates.filter(inRegion);
  if (inside.length) {
    if (inside.length < m.candidates.length) { m.candidates = inside; return 1; }
    return 0;
  }
  const sk = skeletonKey(m.lightKey.split(' ').map(fuzzyToken).join(' '));
  const alt = (kn.skeleton.get(sk) ?? []).filter(inRegion);
  if (alt.length) { m.candidates = alt; m.exact = new Set(); return 1; }
  return isBigExact(r.best, m, kn) ? 0 : DROP;
}

/**
 * "X in Hama", "X near Ma'arrat al-Nu'man", "X village in southern Idlib": the next mention places X;
 * "X neighbourhood of Aleppo" is coded at the city. DROP when X cannot lie there.
 */
function narrowByLink(d: Doc, r: Resolved, idx: number): { forced: boolean; quarterOf?: Place } | typeof DROP {
  const { kn, text, first } = d;
  const m = r.m;
  const next = d.resolved[idx + 1];
  if (!(next && first[idx + 1]!.m.sentence === m.sentence && !kn.admin1Alias.has(m.lightKey) && (regionOf(r.best) === undefined || !isBigExact(r.best, m, kn)))) return { forced: false };
  const between = text.slice(m.end, next.start);
  if (between.length > 45) return { forced: false };
  // "the towns of A, B, C": a list, not "A, <in> B"
  if (LIST_SEP.test(between) && LIST_GOES_ON.test(text.slice(next.end, next.end + 8))) return { forced: false };
  const target = next.place;
  const town = target.kind === 'city' || target.kind === 'town' || target.kind === 'neighbourhood';
  if (QUARTER_LINK.test(between) && town && next.precision === 1) return { forced: false, quarterOf: target };
  if (!LINK.test(between)) return { forced: false };
  // a province, or a province capital named bare ("X in Idlib"): the province, and a margin across its edge
  const isRegion = (next.precision === 3 && target.kind === 'admin1') || kn.admin1Alias.has(first[idx + 1]!.m.lightKey);
  const capital = kn.findId(kn.admin1.get(target.admin1)?.capitalId ?? '') ?? target;
  const fits = (p: GazetteerPlace): boolean =>
    isRegion ? p.admin1 === target.admin1 || acrossEdge(p, capital) : distanceKm(p, target) < 40;
  const ok = m.candidates.filter((x) => fits(kn.place(x)));
  if (ok.length) {
    if (ok.length < m.candidates.length) { m.candidates = ok; return { forced: true }; }
    return { forced: false };
  }
  return isBigExact(r.best, m, kn) ? { forced: false } : DROP;
}

/** The candidates ranked with what the other mentions say (same sentence, the document around); undefined: drop. */
function rankInContext(d: Doc, r: Resolved, idx: number): { best: GazetteerPlace; ranked: GazetteerPlace[] } | undefined {
  const { kn, hints, syrianContext, ctxAt } = d;
  const m = r.m;
  const pref = kn.preferred.get(m.lightKey);
  const sa1 = new Set<string>();
  const sa2 = new Set<string>();
  const da1 = new Set<string>();
  // the mentions around this one (a window, so that long documents stay linear)
  for (let j = Math.max(0, idx - CONTEXT_WINDOW); j <= idx + CONTEXT_WINDOW && j < ctxAt.length; j++) {
    const c = ctxAt[j];
    if (!c || c.idx === idx) continue;
    if (c.admin1) da1.add(c.admin1);
    if (c.sentence !== m.sentence) continue;
    if (c.admin1) sa1.add(c.admin1);
    if (c.admin2) sa2.add(c.admin2);
  }
  const near = nearAnchors(d, idx);
  const parts = d.sentParts.get(m.sentence) ?? [];
  let cands = m.candidates;
  if (m.weak) {
    // a skeleton match stands only where the sentence or document points to the same area
    cands = cands.filter((x) => {
      const p = kn.place(x);
      if (sa1.has(p.admin1) || da1.has(p.admin1) || hints.has(p.admin1)) return true;
      // or where the batch's other reports are busy (places spelled as the gazetteer does)
      if (d.activity && (d.activity.exact ?? d.activity).around(p.lat, p.lon) >= WEAK_BUSY) return true;
      return near.some((a) => distanceKm(a, p) < 30);
    });
    if (cands.length === 0) return undefined;
  }
  const scored: { p: GazetteerPlace; s: number; x: number }[] = [];
  for (const x of cands) {
    const p = kn.place(x);
    let s = r.base && r.base.candidates === m.candidates ? r.base.scores.get(x) ?? baseScore(m, x, pref, kn) : baseScore(m, x, pref, kn);
    if (sa1.has(p.admin1)) s += 3.5;
    for (const part of parts) {
      if (part.admin1 === p.admin1) s += towards(p, part.from, part.dir) ? 2 : -1;
      // just across the edge in that direction ("the northern countryside of Homs" of a village in southern Hama)
      else if (!sa1.has(p.admin1) && acrossEdge(p, part.from) && towards(p, part.from, part.dir)) s += 5.5;
    }
    if (sa2.has(p.admin2)) s += 2;
    if (da1.has(p.admin1)) s += 2.5;
    if (hints.has(p.admin1)) s += 3.5;
    // a document about Syrian places: a namesake across the border is unlikely
    if (p.country !== 'Syria' && syrianContext && !(sa1.has(p.admin1) || da1.has(p.admin1))) s -= 3;
    // the other reports of the batch: a namesake where they are busy
    if (d.activity) s += Math.log1p(d.activity.around(p.lat, p.lon));
    const dmin = nearestKm(near, idx, p);
    if (dmin < 10) s += 3;
    else if (dmin < 25) s += 2;
    else if (dmin < 60) s += 1;
    scored.push({ p, s, x });
  }
  scored.sort((a, b) => b.s - a.s);
  const best = scored[0]!.p;
  // in a report about Syrian places, a mere look-alike across the border is more likely a Syrian
  // place the gazetteer lacks than the foreign one
  if (best.country !== 'Syria' && syrianContext && !sa1.has(best.admin1) && !da1.has(best.admin1) && !hints.has(best.admin1) &&
    !m.exact.has(scored[0]!.x)) return undefined;
  return { best, ranked: scored.map((x) => x.p) };
}

/** events of the batch around a place (activity.around) that let a weak reading stand there */
const WEAK_BUSY = 3;

/** distance to the nearest other anchor, exact below 10 km, else exact only below 60 km (Infinity beyond) */
function nearestKm(near: Anchor[], idx: number, p: GazetteerPlace): number {
  let dmin = Infinity;
  for (const a of near) {
    if (a.idx === idx) continue;
    // the great-circle distance is at least the latitude difference: no need to compute it beyond 60 km
    if (Math.abs(a.lat - p.lat) * 111.19 >= 60) continue;
    const dk = distanceKm(a, p);
    if (dk < dmin) { dmin = dk; if (dmin < 10) break; }
  }
  return dmin;
}

function resolveOne(d: Doc, r: Resolved, idx: number): PlaceMention | undefined {
  const { kn } = d;
  const m = r.m;
  let best = r.best;
  let ranked = r.ranked;
  let forced = false;
  const regs = d.sentRegions.get(m.sentence);
  // (a province's main town stands where the sentence names another province, if spelled as it is: "Rakaya" is
  // not Raqqa in a sentence about Idlib)
  if (regs && !kn.admin1Alias.has(m.lightKey) && (regionOf(r.best) === undefined || !isBigExact(r.best, m, kn))) {
    const f = narrowToSentenceRegion(d, r, regs);
    if (f === DROP) return undefined;
    if (f === 1) forced = true;
  }
  const link = narrowByLink(d, r, idx);
  if (link === DROP) return undefined;
  if (link.forced) forced = true;
  if (!r.dominant || ranked.length > 1 || m.weak || forced) {
    const c = rankInContext(d, r, idx);
    if (!c) return undefined;
    best = c.best;
    ranked = c.ranked;
  }
  return mentionOf(d, r, best, ranked, link.quarterOf);
}

/** what separates the items of a list of places: "A, B", "A, and B", "A and B", "A or B" */
const LIST_SEP = /^\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)$/;
/** after an item, the list goes on */
const LIST_GOES_ON = /^\s*(?:,|and\b|or\b)/;
/** an item of a list lies this close to another item, or it is read anew */
const LIST_SPREAD_KM = 15;

/**
 * "the towns of al-Hamidiah, Doqmaq, al-Qahera, Amqiyah and Ankawi": the villages a list names lie together,
 * on one front. An item read far from all the others (while they lie near each other) is read again among
 * its candidates near them; with none there, it is a village of that front that the gazetteer lacks (a
 * namesake elsewhere was read), and is placed beside its neighbour in the list (precision 2), under its own name.
 */
function settleLists(d: Doc): void {
  const { text, first, resolved } = d;
  let i = 0;
  while (i < resolved.length) {
    // the run of mentions from i joined by list separators, in one sentence
    let j = i;
    while (j + 1 < resolved.length && resolved[j] && resolved[j + 1] && first[j + 1]!.m.sentence === first[i]!.m.sentence &&
      LIST_SEP.test(text.slice(resolved[j]!.end, resolved[j + 1]!.start))) j++;
    if (j - i + 1 >= 3) settleList(d, i, j);
    i = j + 1;
  }
}

function settleList(d: Doc, from: number, to: number): void {
  const { resolved, first, kn } = d;
  const items: number[] = [];
  for (let k = from; k <= to; k++) if (resolved[k]!.precision < 3 && resolved[k]!.place.country) items.push(k);
  if (items.length < 3) return;
  const near = (a: Place, b: Place): boolean => Math.abs(a.lat - b.lat) < 0.5 && distanceKm(a, b) <= LIST_SPREAD_KM;
  for (const k of items) {
    const me = resolved[k]!;
    const others = items.filter((o) => o !== k).map((o) => resolved[o]!.place);
    if (others.some((o) => near(me.place, o))) continue;
    // the others must lie together (most of them near another one)
    const together = others.filter((o) => others.some((q) => q !== o && near(o, q))).length;
    if (together < Math.max(2, Math.ceil(others.length * 0.6))) continue;
    const r = first[k]!;
    const better = r.m.candidates.map((x) => kn.place(x)).filter((p) => others.some((o) => near(p, o)));
    if (better.length) {
      better.sort((a, b) => placePrior(b) - placePrior(a));
      resolved[k] = { ...me, place: stripExtra(better[0]!), inexact: true };
      continue;
    }
    if (isBigExact(r.best, r.m, kn) || me.place.population >= 20000) continue;
    // beside its neighbour in the list (lists follow the land), the one before it, else the one after
    const pos = items.indexOf(k);
    const beside = resolved[items[pos > 0 ? pos - 1 : pos + 1]!]!.place;
    resolved[k] = { ...me, place: { ...stripExtra(beside), name: me.text, kind: 'village', population: 0 }, precision: 2, inexact: true, alternatives: [me.place] };
  }
}

/** The mention of a resolved match: region and nearness phrases around it, alternatives. */
function mentionOf(d: Doc, r: Resolved, best: GazetteerPlace, ranked: GazetteerPlace[], quarterOf: Place | undefined): PlaceMention {
  const { kn, text } = d;
  const m = r.m;
  let start = m.start;
  let end = m.end;
  let precision: 1 | 2 | 3 = best.precision;
  let place: Place = best;
  const before = text.slice(Math.max(0, start - 80), start);
  const after = text.slice(end, end + 60);
  const region = kn.admin1Alias.get(m.lightKey) ?? regionOf(best);
  const rb = regionBefore(before);
  const ra = REGION_AFTER.exec(after);
  const cityAfter = CITY_AFTER.test(after);
  if (region && !cityAfter && (rb || ra || best.kind === 'admin1' || (best.kind === 'admin2' && kn.admin1Alias.has(m.lightKey)))) {
    // a region: coded at its main town, admin1 set
    let a1 = region;
    if (/countryside|rural|suburbs/i.test((ra?.[0] ?? '') + ' ' + (rb?.[0] ?? ''))) a1 = kn.admin1.get(region)?.countryside ?? region;
    const info = kn.admin1.get(a1);
    const cap = info ? kn.findId(info.capitalId) : undefined;
    // "southern Idlib", "Hama's northern countryside": the middle of that part of the province
    const dir = /north|south|east|west/i.exec((rb?.[0] ?? '') + ' ' + (ra?.[0] ?? '')) ? (rb?.[0] ?? '') + ' ' + (ra?.[0] ?? '') : '';
    // (not for a city's countryside: "eastern countryside of Damascus" is the Ghouta, not the eastern desert)
    const part = dir && a1 === region ? regionPoint(a1, dir) : undefined;
    const base = part ?? cap ?? best;
    place = { ...stripExtra(base), kind: 'admin1', admin1: a1, admin2: a1 === base.admin1 ? base.admin2 : '' };
    precision = 3;
    if (rb) start -= rb[0].length - (rb[0].length - rb[0].trimStart().length);
    if (ra) end += ra[0].length;
  } else {
    const nb = nearBefore(before);
    const na = NEAR_AFTER.exec(after);
    const da = DISTRICT_AFTER.exec(after);
    if (da) {
      const adm2 = ranked.find((p) => p.kind === 'admin2' && distanceKm(p, best) < 40);
      if (adm2 || best.kind === 'admin2') {
        const town = best.kind === 'admin2' ? ranked.find((p) => p.kind !== 'admin2' && p.admin2 === best.admin2) : best;
        const a2 = adm2 ?? best;
        place = { ...stripExtra(town ?? a2), kind: 'admin2', admin2: a2.admin2 };
        precision = 3;
        end += da[0].length;
      } else if (precision < 2) precision = 2;
    } else if (nb || na) {
      if (precision < 2) precision = 2;
      if (na) end += na[0].length;
    }
    if (best.kind === 'admin2' && !da) {
      // a bare district name: the district's main town when the name is also a town's
      const town = ranked.find((p) => p.kind !== 'admin2' && p.admin2 === best.admin2 && p.country === best.country);
      if (town) {
        place = town;
        precision = nb || na ? 2 : town.precision;
      }
    }
  }
  // up to 3 other readings more than 5 km away: the context's ranking, then the rest of the first one
  const alternatives: Place[] = [];
  const pick = (p: GazetteerPlace): boolean => {
    if (p !== best && distanceKm(p, best) > 5) alternatives.push(stripExtra(p));
    return alternatives.length >= 3;
  };
  let full = false;
  for (const p of ranked) if ((full = pick(p))) break;
  if (!full && ranked !== r.ranked) {
    const seen = new Set(ranked);
    for (const p of r.ranked) if (!seen.has(p) && pick(p)) break;
  }
  if (quarterOf) {
    // a neighbourhood, district or area of a town the gazetteer does not list: coded at the town
    place = { ...quarterOf, name: `${quarterOf.name} - ${text.slice(m.start, m.end)}`, kind: 'neighbourhood' };
    precision = 1;
  }
  const mention: PlaceMention = { start, end, text: text.slice(start, end), place: stripExtra(place), precision };
  // a transliteration variant of the name, not one of its spellings nor a near one ("Tal Adah" is Tall Adah)
  let exact = false;
  for (const x of m.exact) if (kn.place(x) === best) { exact = true; break; }
  if (!exact) for (const x of m.candidates) if (kn.place(x) === best && spellingSimilarity(m.lightKey, x) >= 0.85) { exact = true; break; }
  if (!exact && !quarterOf && !region) mention.inexact = true;
  if (alternatives.length) mention.alternatives = alternatives;
  return mention;
}

/** The Place contract only (no gazetteer internals), so mentions serialise cleanly. */
function stripExtra(p: Place): Place {
  return {
    name: p.name, country: p.country, admin1: p.admin1, admin2: p.admin2, admin3: p.admin3,
    lat: p.lat, lon: p.lon, kind: p.kind, population: p.population,
  };
}

/**
 * The mention to code an event at, among a sentence's or document's mentions: the first named place
 * (a town, village or site, or near one: precision 1 or 2), else the first region (3).
 */
export function primaryPlace(mentions: PlaceMention[]): PlaceMention | undefined {
  return mentions.find((m) => m.precision < 3) ?? mentions[0];
}

/**
 * The province a set of mentions (a sentence's, an event's or a document's) points to: a vote in which a
 * region phrase counts 1.5, a place 1 and the primary place 0.6 more. On ACLED-style notes this agrees
 * with the coded admin1 slightly more often than the primary place's own admin1.
 */
export function admin1Vote(mentions: PlaceMention[]): string | undefined {
  const primary = primaryPlace(mentions);
  const votes = new Map<string, number>();
  for (const m of mentions) {
    if (!m.place.admin1) continue;
    const w = (m.precision === 3 ? 1.5 : 1) + (m === primary ? 0.6 : 0);
    votes.set(m.place.admin1, (votes.get(m.place.admin1) ?? 0) + w);
  }
  let best: string | undefined;
  let bestW = 0;
  for (const [a, w] of votes) if (w > bestW) { best = a; bestW = w; }
  return best;
}
