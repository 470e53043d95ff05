/**
 * Actor recogniser: walks the actor word trie over the text's tokens (longest match),
 * so the cost does not grow with the size of the lexicon.
 *   "Warplanes, likely regime and/or Russian, ..." → Allied Syrian and/or Russian Forces
 *   "HTS-controlled areas" → HTS, marked as a modifier (it names who holds a place, not who acted)
 */
import type { ActorMention } from './types.js';
import { ACTOR_TRIE, type ActorEntry, type ActorTrieNode } from '../knowledge/actors.js';
import { keySet, tokenize, type Token } from '../knowledge/normalise.js';

export interface ActorHit extends ActorMention {
  /** token range [from, to) */
  from: number;
  to: number;
  /** the name qualifies something else: "HTS-held", "Turkish-backed", "regime-controlled" */
  modifier: boolean;
  /** not in the text: a default or an actor the event implies (protesters of a protest) */
  implied?: boolean;
}

/** words that, glued to an actor by a hyphen or following it, make it a qualifier */
const MODIFIER_WORDS = keySet([
  'controled', 'held', 'backed', 'afiliated', 'led', 'run', 'ocupied', 'alied', 'linked', 'suported', 'sponsored',
  'brokered', 'aligned', 'based', 'style', 'oriented', 'funded', 'armed', 'trained', 'imposed', 'control',
]);

const EQUIPMENT = keySet(['helicopters', 'helicopter', 'warplanes', 'warplane', 'jets', 'aircraft', 'planes', 'drones', 'drone', 'fighter jets', 'war planes']);
const AREA_WORDS = keySet(['areas', 'area', 'territory', 'territories', 'regions', 'region', 'parts', 'zones', 'zone', 'lands', 'land', 'neighbourhoods', 'neighborhoods', 'pocket']);

function accept(entry: ActorEntry, tokens: readonly Token[], from: number): boolean {
  if (!entry.caseSensitive) return true;
  for (let k = 0; k < entry.surface.length; k++) {
    const t = tokens[from + k];
    if (!t) return false;
    // "HTS" must be written in capitals; a possessive "HTS’" is fine
    const written = t.text.replace(/['’]s$/, '');
    if (written !== entry.surface[k]) return false;
  }
  return true;
}

/** The longest name starting at token i. */
function longestAt(tokens: readonly Token[], i: number): { entry: ActorEntry; to: number } | null {
  let node: ActorTrieNode | undefined = ACTOR_TRIE;
  let best: { entry: ActorEntry; to: number } | null = null;
  for (let j = i; j < tokens.length && node; j++) {
    node = node.next.get(tokens[j].key);
    if (node?.entry && accept(node.entry, tokens, i)) best = { entry: node.entry, to: j + 1 };
  }
  return best;
}

/** Every actor mention in a tokenised text. */
export function recogniseActorsInTokens(text: string, tokens: readonly Token[]): ActorHit[] {
  const out: ActorHit[] = [];
  for (let i = 0; i < tokens.length; ) {
    const best = longestAt(tokens, i);
    if (!best) {
      i++;
      continue;
    }
    // "the US-led coalition": a longer name that starts inside this one ("the US") and runs past it wins
    // (not "Syrian or Russian warplanes": "Russian warplanes" is no longer than "Syrian or Russian")
    let longer = false;
    for (let k = i + 1; k < best.to && !longer; k++) {
      const inner = longestAt(tokens, k);
      longer = !!inner && inner.to > best.to && inner.to - k > best.to - i;
    }
    if (longer) {
      i++;
      continue;
    }
    const start = tokens[i].start;
    const end = tokens[best.to - 1].end;
    const next = tokens[best.to];
    const glued = next && text.slice(end, next.start).trim() === '-';
    // "HTS-held", "regime-controlled", "HTS controlled areas" (but "HTS controlled Kafrsajna" is a capture)
    const after = tokens[best.to + 1];
    const modifier = !!next && MODIFIER_WORDS.has(next.key) && (glued || ((next.key === 'controled' || next.key === 'held') && !!after && AREA_WORDS.has(after.key)));
    // "US-led coalition helicopters": bare equipment right after a name is that actor's
    const prev = out[out.length - 1];
    if (prev && prev.to === i && best.entry.description && EQUIPMENT.has(tokens.slice(i, best.to).map((t) => t.key).join(' '))) {
      prev.end = end;
      prev.to = best.to;
      prev.text = text.slice(prev.start, end);
      i = best.to;
      continue;
    }
    out.push({
      start,
      end,
      text: text.slice(start, end),
      actor: best.entry.actor,
      inter: best.entry.inter,
      description: best.entry.description,
      from: i,
      to: best.to,
      modifier,
    });
    i = best.to;
  }
  return out;
}

/** Every actor mention in a text. */
export function recogniseActors(text: string): ActorHit[] {
  return recogniseActorsInTokens(text, tokenize(text));
}
