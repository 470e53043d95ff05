/**
 * The actor lexicon (data/actors.json) loaded once into lookup structures:
 * a map from every folded alias to its canonical name, and a word trie that the
 * actor recogniser walks over a text's tokens.
 */
import { readDataJson } from './data-path.js';
import { foldWord, isCaseSensitiveAlias, phraseKeys } from './normalise.js';

export interface FormerName {
  name: string;
  from?: string;
  to?: string;
  aliases?: string[];
}

/** One actor as the data file describes it. */
export interface ActorRecord {
  /** canonical ACLED-convention name, e.g. "HTS: Hayat Tahrir al-Sham" */
  name: string;
  acronym?: string;
  /** "state forces", "rebel group", "civilians", ... */
  kind: string;
  /** ACLED inter code 1..8 */
  inter: number;
  country?: string;
  aliases: string[];
  /** ways reports describe the actor without naming it ("regime forces") */
  descriptions: string[];
  former_names: FormerName[];
  affiliations: string[];
  /** coalitions the actor belonged to, with dates (YYYY-MM-DD, inclusive) */
  member_of?: { name: string; from?: string; to?: string }[];
}

interface ActorFile {
  actors: ActorRecord[];
  confused: { pairs: [string, string][] };
}

/** What a trie leaf says about the phrase that ends there. */
export interface ActorEntry {
  actor: string;
  inter: number;
  description: boolean;
  /** the phrase must match in capitals, word for word ("HTS", "IS") */
  caseSensitive: boolean;
  /** the words as written in the data file, for case-sensitive checks */
  surface: string[];
}

export interface ActorTrieNode {
  next: Map<string, ActorTrieNode>;
  entry?: ActorEntry;
}

const file = readDataJson<ActorFile>('actors.json');
const ACTORS: readonly ActorRecord[] = file.actors;
const BY_NAME = new Map<string, ActorRecord>(ACTORS.map((a) => [a.name, a]));

/** Pairs of actor name beginnings that outlets confuse or conflate (data/actors.json `confused`). */
export const CONFUSED_ACTOR_PAIRS: readonly (readonly [string, string])[] = file.confused.pairs;

/** folded alias phrase → canonical name (aliases that match in any case) */
const ALIAS_MAP = new Map<string, string>();
/** alias phrase as written → canonical name (acronyms that match only in capitals) */
const ACRONYM_MAP = new Map<string, string>();

/** Root of the word trie over every alias, description and former name. */
export const ACTOR_TRIE: ActorTrieNode = { next: new Map() };

const withoutParens = (s: string): string => s.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();

function addToTrie(phrase: string, actor: ActorRecord, description: boolean): void {
  const caseSensitive = isCaseSensitiveAlias(phrase);
  const keys = phraseKeys(phrase);
  if (!keys.length) return;
  let node = ACTOR_TRIE;
  for (const k of keys) {
    let child = node.next.get(k);
    if (!child) {
      child = { next: new Map() };
      node.next.set(k, child);
    }
    node = child;
  }
  // a name beats a description on the same words; the first listing wins otherwise
  if (node.entry && (node.entry.description === description || !node.entry.description)) return;
  node.entry = {
    actor: actor.name,
    inter: actor.inter,
    description,
    caseSensitive,
    surface: phrase.split(/[^\p{L}\p{N}'’]+/u).filter(Boolean),
  };
}

function addAlias(phrase: string, actor: ActorRecord): void {
  if (isCaseSensitiveAlias(phrase)) {
    if (!ACRONYM_MAP.has(phrase)) ACRONYM_MAP.set(phrase, actor.name);
    return;
  }
  const key = phraseKeys(phrase).join(' ');
  if (key && !ALIAS_MAP.has(key)) ALIAS_MAP.set(key, actor.name);
}

for (const actor of ACTORS) {
  const names = [actor.name, withoutParens(actor.name)];
  const colon = actor.name.match(/^([^:]{1,12}):\s*(.+)$/);
  if (colon) names.push(colon[1], colon[2]);
  if (actor.acronym) names.push(actor.acronym);
  for (const n of names) addAlias(n, actor);
  for (const a of actor.aliases) {
    addAlias(a, actor);
    addToTrie(a, actor, false);
  }
  for (const f of actor.former_names) {
    addAlias(f.name, actor);
    addToTrie(f.name, actor, false);
    for (const a of f.aliases ?? []) {
      addAlias(a, actor);
      addToTrie(a, actor, false);
    }
  }
  for (const d of actor.descriptions) {
    addAlias(d, actor);
    addToTrie(d, actor, true);
  }
  if (colon) addToTrie(colon[2], actor, false);
  addToTrie(withoutParens(actor.name), actor, false);
}

/**
 * Any alias, acronym, former name, description or canonical name → the canonical name;
 * null when unknown. `resolveActorAlias("Hay'at Tahrir al-Sham")` → "HTS: Hayat Tahrir al-Sham".
 */
export function resolveActorAlias(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  if (BY_NAME.has(trimmed)) return trimmed;
  const acronym = ACRONYM_MAP.get(trimmed);
  if (acronym) return acronym;
  const key = phraseKeys(trimmed).join(' ');
  const hit =
    ALIAS_MAP.get(key) ??
    ALIAS_MAP.get(phraseKeys(withoutParens(trimmed)).join(' ')) ??
    // "the Syrian army", "an unknown gunman"
    ALIAS_MAP.get(key.replace(/^(?:the|a|an) /, ''));
  if (hit) return hit;
  // acronyms typed in lower case ("hts"), but not two-letter words such as "is" or "un"
  if (trimmed.length > 2) {
    const upper = ACRONYM_MAP.get(trimmed.toUpperCase());
    if (upper) return upper;
  }
  return null;
}

/** Every actor in the lexicon, as the data file lists them. */
export function listActors(): readonly ActorRecord[] {
  return ACTORS;
}

/** The record of a canonical name, or undefined. */
export function actorRecord(name: string): ActorRecord | undefined {
  return BY_NAME.get(name);
}

/** The coalition an actor belonged to on a day ("AAS: Ahrar al-Sham" in April 2018 → "JTS: Syria Liberation Front"), or null. */
export function coalitionOf(name: string, date: string | null): string | null {
  if (!date) return null;
  for (const m of BY_NAME.get(name)?.member_of ?? []) {
    if ((!m.from || date >= m.from) && (!m.to || date <= m.to)) return m.name;
  }
  return null;
}

/** ACLED inter code of a canonical name (3, an armed group, when unknown). */
export function actorInter(name: string): number {
  return BY_NAME.get(name)?.inter ?? 3;
}

export { foldWord };
