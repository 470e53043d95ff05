/**
 * A word trie over folded phrases: built once from a data file, then walked over a
 * text's tokens in one pass (longest match at each position), so recognition costs
 * O(tokens × longest phrase) whatever the size of the lexicon.
 */
import type { Token } from './normalise.js';
import { phraseKeys } from './normalise.js';

interface Node<V> {
  next: Map<string, Node<V>>;
  values?: V[];
}

export interface PhraseMatch<V> {
  /** first token index */
  from: number;
  /** one past the last token index */
  to: number;
  values: V[];
}

export class PhraseTrie<V> {
  private readonly root: Node<V> = { next: new Map() };

  /** Adds a phrase (folded like the text) with a value; values of one phrase accumulate. */
  add(phrase: string, value: V): void {
    const keys = phraseKeys(phrase);
    if (!keys.length) return;
    let node = this.root;
    for (const k of keys) {
      let child = node.next.get(k);
      if (!child) {
        child = { next: new Map() };
        node.next.set(k, child);
      }
      node = child;
    }
    (node.values ??= []).push(value);
  }

  /** The longest phrase starting at token i, or null. */
  matchAt(tokens: readonly Token[], i: number, limit = tokens.length): PhraseMatch<V> | null {
    // no allocation until a match is certain: this runs at every token of every report
    let node: Node<V> | undefined = this.root.next.get(tokens[i]?.key);
    if (!node) return null;
    let bestTo = -1;
    let bestValues: V[] | undefined;
    for (let j = i; ; ) {
      if (node.values) {
        bestTo = j + 1;
        bestValues = node.values;
      }
      j++;
      if (j >= limit) break;
      node = node.next.get(tokens[j].key);
      if (!node) break;
    }
    return bestValues ? { from: i, to: bestTo, values: bestValues } : null;
  }

  /** Every non-overlapping longest match, left to right. */
  matchAll(tokens: readonly Token[], from = 0, to = tokens.length): PhraseMatch<V>[] {
    const out: PhraseMatch<V>[] = [];
    for (let i = from; i < to; ) {
      const m = this.matchAt(tokens, i, to);
      if (m) {
        out.push(m);
        i = m.to;
      } else i++;
    }
    return out;
  }
}
