/**
 * Event vocabulary (data/triggers.json) loaded once: trigger phrases per pattern family,
 * negative cues (plans, forecasts, habits, opinion), casualty words, number words.
 */
import { readDataJson } from './data-path.js';
import { PhraseTrie } from './phrase-trie.js';
import { phraseKeys } from './normalise.js';
import type { EventType } from '../model/index.js';

export type Family =
  | 'territory' | 'clash' | 'suicide' | 'chemical' | 'ied' | 'grenade' | 'air' | 'shelling'
  | 'attack' | 'abduction' | 'sexual' | 'protest' | 'riot' | 'arrest' | 'agreement' | 'base'
  | 'looting' | 'transfer' | 'change' | 'disrupted' | 'other';

export interface FamilyInfo {
  event_type: EventType;
  sub_event_type: string;
  /** for territory: the sub-event type when state forces gain */
  state_sub_event_type?: string;
  priority: number;
}

export interface TriggerDef {
  family: Family;
  strong: boolean;
  /** the subject loses the place ("withdrew from") */
  reverse: boolean;
}

export type NegativeKind = 'plan' | 'forecast' | 'habit' | 'opinion' | 'attempt' | 'reference' | 'span' | 'response';
export type CasualtyKind = 'killed' | 'injured' | 'arrested' | 'combined' | 'none';

interface TriggerFile {
  families: Record<Family, FamilyInfo>;
  triggers: { family: Family; strength: 'strong' | 'weak'; reverse?: boolean; phrases: string[] }[];
  note_prefixes: { labels: Record<string, Family> };
  negative_cues: Record<NegativeKind, string[]>;
  casualties: Record<CasualtyKind, string[]>;
  counts: {
    numbers: Record<string, number>;
    vague: Record<string, number>;
    lower_bound: string[];
    person_nouns: string[];
  };
  air_cues: string[];
  recall_cues: { phrases: string[] };
  cumulative_tolls: { since_words: string[]; since_the: string[] };
  default_actor: { air: string; other: string };
}

const file = readDataJson<TriggerFile>('triggers.json');

export const FAMILIES: Readonly<Record<Family, FamilyInfo>> = file.families;

export const TRIGGER_TRIE = new PhraseTrie<TriggerDef>();
for (const t of file.triggers) {
  for (const p of t.phrases) TRIGGER_TRIE.add(p, { family: t.family, strong: t.strength === 'strong', reverse: !!t.reverse });
}

export const NEGATIVE_TRIE = new PhraseTrie<NegativeKind>();
for (const [kind, phrases] of Object.entries(file.negative_cues) as [NegativeKind, string[]][]) {
  for (const p of phrases) NEGATIVE_TRIE.add(p, kind);
}

export const CASUALTY_TRIE = new PhraseTrie<CasualtyKind>();
for (const [kind, phrases] of Object.entries(file.casualties) as [CasualtyKind, string[]][]) {
  for (const p of phrases) CASUALTY_TRIE.add(p, kind);
}

/** number words → value ("eight" → 8) */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries(file.counts.numbers).map(([k, v]) => [phraseKeys(k).join(' '), v]),
);

/** vague counts → ACLED's figure ("dozens" → 12) */
export const VAGUE_TRIE = new PhraseTrie<number>();
for (const [k, v] of Object.entries(file.counts.vague)) VAGUE_TRIE.add(k, v);

export const LOWER_BOUND_TRIE = new PhraseTrie<true>();
for (const p of file.counts.lower_bound) LOWER_BOUND_TRIE.add(p, true);

export const PERSON_NOUNS: ReadonlySet<string> = new Set(file.counts.person_nouns.map((p) => phraseKeys(p)[0]));

export const AIR_CUES = new PhraseTrie<true>();
for (const p of file.air_cues) AIR_CUES.add(p, true);

/** What may follow "since" in a toll counted over a period ("since it began", "since April", "since the ceasefire") */
export const CUMULATIVE_SINCE: { words: ReadonlySet<string>; afterThe: ReadonlySet<string> } = {
  words: new Set(file.cumulative_tolls.since_words.map((w) => phraseKeys(w)[0])),
  afterThe: new Set(file.cumulative_tolls.since_the.map((w) => phraseKeys(w)[0])),
};

/** Words that, before an event's trigger in its sentence, tell an earlier event the article recalls ("Last week, ...") */
export const RECALL_CUES = new PhraseTrie<true>();
for (const p of file.recall_cues.phrases) RECALL_CUES.add(p, true);

/** "Looting:" at the head of a note → family */
export const NOTE_LABELS: ReadonlyMap<string, Family> = new Map(
  Object.entries(file.note_prefixes.labels).map(([k, v]) => [phraseKeys(k).join(' '), v]),
);

export const DEFAULT_ACTOR = file.default_actor;
