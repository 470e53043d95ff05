// Place recognition over cleaned text: gazetteer names (transliteration-tolerant), region phrases
// ("southern Idlib", "the countryside of Hama", "Idlib province"), nearness phrases ("outskirts of X",
// "east of X") and disambiguation of repeated names from the sentence's and the document's other places.
//
// Speed: the text is tokenised once; each token's keys are computed once; token n-grams (up to the longest
// gazetteer name) are looked up in hash maps. No per-name loop, no per-name regex.
import type { Place, PlaceMention } from './types.js';
import {
  placesKnowledge, placePrior, distanceKm, ARTICLES, lightToken, fuzzyToken,
  type GazetteerPlace, type PlacesKnowledge,
} from '../knowledge/places.js';

export interface PlaceContext {
  /** admin1 names already known for the document (from other mentions), to settle ambiguous names */
  admin1Hints?: string[];
}

interface Token {
  start: number;
  end: number;
  light: string;
  fuzzy: string;
  cap: boolean; // starts with a capital (or is Arabic script / a code like M4)
  article: boolean; // an article that belongs to the next word
  possessive: boolean; // ended in 's
  joinNext: boolean; // next token may continue a name (space or hyphen between, same line)
  sentence: number;
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
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‘`ʿʾʼ][\p{L}\p{M}\p{N}]+)*['’‘`ʿʾʼ]?/gu;
const ARABIC = /[\u0600-\u06ff]/;
const UPPER = /^\p{Lu}/u;

function tokenize(text: string): Token[] {
  const toks: Token[] = [];
  let sentence = 0;
  let prevEnd = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    let raw = m[0];
    const start = m.index;
    // leading ayn/hamza marks belong to the word ("`Afrin"); trailing "'s" is a possessive
    let possessive = false;
    const pm = /['’]s$/i.exec(raw);
    if (pm && raw.length > 3) { raw = raw.slice(0, -2); possessive = true; }
    raw = raw.replace(/['’‘`ʿʾʼ]$/, '');
    const gap = text.slice(prevEnd, start);
    if (toks.length > 0) {
      if (/[.!?;:]\s|\n|[.!?]$/.test(gap) || /^[.!?]/.test(gap)) sentence++;
      const prev = toks[toks.length - 1]!;
      prev.joinNext = !prev.possessive && /^(?:[ \t\u00a0]{1,2}|[ \t]?[-‐‑–][ \t]?)$/.test(gap);
    }
    const light = lightToken(raw);
    const end = start + raw.length;
    prevEnd = m.index + m[0].length;
    if (light === '') continue;
    const first = raw[0]!;
    toks.push({
      start, end, light, fuzzy: fuzzyToken(light),
      cap: UPPER.test(first) || ARABIC.test(first) || /^[A-Z]\d/.test(raw),
      article: false, possessive, joinNext: false, sentence,
    });
  }
  // articles: al-/el- always; As/An/At… only capitalised before a capitalised word or hyphenated
  for (let i = 0; i < toks.length - 1; i++) {
    const t = toks[i]!;
    if (!ARTICLES.has(t.light) || !t.joinNext) continue;
    const next = toks[i + 1]!;
    const hyphen = /[-‐‑–]/.test(text.slice(t.end, next.start));
    if (t.light === 'al' || t.light === 'el' || hyphen || (t.cap && next.cap)) t.article = true;
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
const DISTRICT_AFTER = /^(?:['’]s)?\s+(?:district|region|mintaqa|area\s+district)\b/i;
const CITY_AFTER = /^\s+(?:city|town)\b/i;

/** an exact spelling of a name beats a transliteration variant of another's */
const EXACT_BONUS = 2;

function isAcronym(text: string): boolean {
  return /^[A-Z]{2,5}$/.test(text);
}

/** admin1 a mention of this place can stand for ("Idlib" city → Idleb), if any */
function regionOf(p: GazetteerPlace): string | undefined {
  if (p.capitalOf) return p.capitalOf;
  if (p.kind === 'admin1') return p.admin1;
  return undefined;
}

function findMatches(text: string, toks: Token[], kn: PlacesKnowledge): RawMatch[] {
  const out: RawMatch[] = [];
  let i = 0;
  while (i < toks.length) {
    const t0 = toks[i]!;
    // a match starts at a capitalised word, or at an article glued to one
    let c = i;
    let hasArticle = false;
    while (c < toks.length && toks[c]!.article && toks[c]!.joinNext && c - i < 2) { c++; hasArticle = true; }
    if (c >= toks.length || !toks[c]!.cap) { i++; continue; }
    let best: RawMatch | undefined;
    const light: string[] = [];
    const fuzzy: string[] = [];
    let j = c;
    let content = 0;
    while (j < toks.length && content < kn.maxTokens) {
      const t = toks[j]!;
      if (t.article) {
        if (!t.joinNext) break;
        j++;
        continue;
      }
      const lower = !t.cap && !/\d/.test(t.light);
      light.push(t.light);
      fuzzy.push(t.fuzzy);
      content++;
      const lk = light.join(' ');
      const fk = fuzzy.join(' ');
      const exact = kn.light.get(lk);
      // a lower-case word continues a name only in an exact spelling ("Kabani axis", "al-Ghab plain")
      const fz = lower ? undefined : kn.fuzzy.get(fk);
      if (lower && !exact) break;
      if (exact || fz) {
        const cands = new Set<number>(exact ?? []);
        for (const x of fz ?? []) cands.add(x);
        best = {
          first: i, last: j, start: t0.start, end: t.end, lightKey: lk, candidates: [...cands],
          exact: new Set(exact ?? []), hasArticle, sentence: t0.sentence,
        };
      }
      if (!t.joinNext) break;
      j++;
    }
    if (best && accept(text, toks, best, kn)) {
      out.push(best);
      i = best.last + 1;
    } else i++;
  }
  return out;
}

function accept(text: string, toks: Token[], m: RawMatch, kn: PlacesKnowledge): boolean {
  const content = [];
  for (let k = m.first; k <= m.last; k++) if (!toks[k]!.article) content.push(toks[k]!);
  if (content.every((t) => kn.stop.has(t.light))) return false;
  if (content.length === 1) {
    const t = content[0]!;
    const surface = text.slice(t.start, t.end);
    if (t.light.length < 3 && !/\d/.test(t.light)) return false;
    if (isAcronym(surface) && !m.candidates.some((x) => kn.places[x]!.id.startsWith('feature:'))) return false;
    if (!m.hasArticle && kn.weakStop.has(t.light)) return false;
    if (!m.hasArticle && kn.english.has(t.light)) {
      // an English word: only a big town or a province capital is taken ("Mare" is not Mare')
      const big = m.candidates.some((x) => {
        const p = kn.places[x]!;
        return m.exact.has(x) && (p.population >= 50000 || p.capitalOf !== undefined);
      });
      if (!big) return false;
    }
  }
  return true;
}

interface Resolved {
  m: RawMatch;
  best: GazetteerPlace;
  ranked: GazetteerPlace[];
  dominant: boolean;
}

function clusterBest(ranked: { p: GazetteerPlace; s: number }[]): boolean {
  // dominant: the runner-up is far behind, or is the same place (a duplicate record nearby)
  if (ranked.length < 2) return true;
  const [a, b] = ranked as [{ p: GazetteerPlace; s: number }, { p: GazetteerPlace; s: number }];
  return a.s - b.s >= 2 || distanceKm(a.p, b.p) < 5;
}

/** Every place mention in the text, with its gazetteer entry and geo_precision. */
export function recognisePlaces(text: string, context: PlaceContext = {}): PlaceMention[] {
  const kn = placesKnowledge();
  const toks = tokenize(text);
  const matches = findMatches(text, toks, kn);
  if (matches.length === 0) return [];

  // pass 1: each match on its own (prior only)
  const first: Resolved[] = matches.map((m) => {
    const pref = kn.preferred.get(m.lightKey);
    const ranked = m.candidates
      .map((x) => ({ p: kn.places[x]!, s: placePrior(kn.places[x]!) + (m.exact.has(x) ? EXACT_BONUS : 0) + (kn.places[x]!.id === pref ? 2 : 0) }))
      .sort((a, b) => b.s - a.s);
    return { m, best: ranked[0]!.p, ranked: ranked.map((r) => r.p), dominant: clusterBest(ranked) };
  });

  // context from the unambiguous ones (and from admin1 names used as regions)
  const sentAdmin1 = new Map<number, Map<string, number>>(); // sentence → admin1 → count
  const sentAdmin2 = new Map<number, Set<string>>();
  const docAdmin1 = new Map<string, number>();
  const anchors: { lat: number; lon: number; idx: number }[] = [];
  const bump = (map: Map<string, number>, k: string): void => { map.set(k, (map.get(k) ?? 0) + 1); };
  first.forEach((r, idx) => {
    const region = kn.admin1Alias.get(r.m.lightKey) ?? regionOf(r.best);
    const a1 = region ?? (r.dominant ? r.best.admin1 : undefined);
    if (a1) {
      if (!sentAdmin1.has(r.m.sentence)) sentAdmin1.set(r.m.sentence, new Map());
      bump(sentAdmin1.get(r.m.sentence)!, a1);
      bump(docAdmin1, a1);
    }
    if (r.dominant && r.best.admin2 && !region) {
      if (!sentAdmin2.has(r.m.sentence)) sentAdmin2.set(r.m.sentence, new Set());
      sentAdmin2.get(r.m.sentence)!.add(r.best.admin2);
      if (r.best.kind === 'admin2') sentAdmin2.get(r.m.sentence)!.add(r.best.admin2);
    }
    if (r.dominant && !region && r.best.precision < 3) anchors.push({ lat: r.best.lat, lon: r.best.lon, idx });
  });
  const hints = new Set(context.admin1Hints ?? []);

  const out: PlaceMention[] = [];
  first.forEach((r, idx) => {
    const m = r.m;
    let best = r.best;
    let ranked = r.ranked;
    if (!r.dominant || ranked.length > 1) {
      const pref = kn.preferred.get(m.lightKey);
      const sa1 = sentAdmin1.get(m.sentence);
      const sa2 = sentAdmin2.get(m.sentence);
      const ownA1 = r.dominant ? r.best.admin1 : undefined;
      const scored = m.candidates.map((x) => {
        const p = kn.places[x]!;
        let s = placePrior(p) + (m.exact.has(x) ? EXACT_BONUS : 0) + (p.id === pref ? 1.5 : 0);
        const inSent = (sa1?.get(p.admin1) ?? 0) - (ownA1 === p.admin1 ? 1 : 0);
        if (inSent > 0) s += 4;
        if (sa2?.has(p.admin2) && p.admin2 !== r.best.admin2) s += 2;
        else if (sa2?.has(p.admin2)) s += 1;
        const inDoc = (docAdmin1.get(p.admin1) ?? 0) - (ownA1 === p.admin1 ? 1 : 0);
        if (inDoc > 0) s += 2;
        if (hints.has(p.admin1)) s += 1.5;
        let dmin = Infinity;
        for (const a of anchors) if (a.idx !== idx) dmin = Math.min(dmin, distanceKm(a, p));
        if (dmin < 10) s += 3;
        else if (dmin < 25) s += 2;
        else if (dmin < 60) s += 1;
        return { p, s };
      });
      scored.sort((a, b) => b.s - a.s);
      best = scored[0]!.p;
      ranked = scored.map((x) => x.p);
    }

    let start = m.start;
    let end = m.end;
    let precision: 1 | 2 | 3 = best.precision;
    let place: Place = best;
    const before = text.slice(Math.max(0, start - 80), start);
    const after = text.slice(end, end + 60);
    const region = kn.admin1Alias.get(m.lightKey) ?? regionOf(best);
    const rb = REGION_BEFORE.exec(before);
    const ra = REGION_AFTER.exec(after);
    const cityAfter = CITY_AFTER.test(after);
    if (region && !cityAfter && (rb || ra || best.kind === 'admin1')) {
      // a region: coded at its main town, admin1 set
      let a1 = region;
      if (ra && /countryside|rural|suburbs/i.test(ra[0])) a1 = kn.admin1.get(region)?.countryside ?? region;
      const info = kn.admin1.get(a1);
      const cap = info ? kn.byId.get(info.capitalId) : undefined;
      const base = cap ?? best;
      place = { ...stripExtra(base), kind: 'admin1', admin1: a1, admin2: a1 === base.admin1 ? base.admin2 : '' };
      precision = 3;
      if (rb) start -= rb[0].length - (rb[0].length - rb[0].trimStart().length);
      if (ra) end += ra[0].length;
    } else {
      const nb = NEAR_BEFORE.exec(before);
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
    const alternatives = ranked
      .filter((p) => p !== best && distanceKm(p, best) > 5)
      .slice(0, 3)
      .map(stripExtra);
    const mention: PlaceMention = { start, end, text: text.slice(start, end), place: stripExtra(place), precision };
    if (alternatives.length) mention.alternatives = alternatives;
    out.push(mention);
  });
  return out;
}

/** The Place contract only (no gazetteer internals), so mentions serialise cleanly. */
function stripExtra(p: Place): Place {
  return {
    name: p.name, country: p.country, admin1: p.admin1, admin2: p.admin2, admin3: p.admin3,
    lat: p.lat, lon: p.lon, kind: p.kind, population: p.population,
  };
}

/**
 * The mention to code an event at, among a sentence's or document's mentions: the first named town or
 * village (precision 1), else the first place near a town (2), else the first region (3).
 */
export function primaryPlace(mentions: PlaceMention[]): PlaceMention | undefined {
  return (
    mentions.find((m) => m.precision === 1) ??
    mentions.find((m) => m.precision === 2) ??
    mentions[0]
  );
}
