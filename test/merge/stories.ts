// Scoring a merge over reports against stories (the held-out set's measure), shared by the article tests:
// pairwise P/R/F1 (two reports together when one merged event rests on both) and the pairs it gets wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pairwiseScore, type PairwiseResult } from '../../src/merge/index.js';
import type { Store } from '../../src/store/index.js';

export interface Stories {
  /** the gold grouping: the report ids of each story (singletons: unrelated reports that must stay apart) */
  gold: string[][];
  storyOf: Map<string, string>;
}

/** A fixture folder's stories.json: story id → the report ids that tell it. */
export function loadStories(dir: string): Stories {
  const stories: Record<string, string[]> = JSON.parse(readFileSync(join(dir, 'stories.json'), 'utf8'));
  const storyOf = new Map<string, string>();
  for (const [s, ids] of Object.entries(stories)) for (const id of ids) storyOf.set(id, s);
  return { gold: Object.values(stories), storyOf };
}

export function fmt(r: PairwiseResult): string {
  return `P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)} (gold pairs ${r.gold_pairs}, system ${r.system_pairs}, right ${r.true_pairs})`;
}

/** the pairs a grouping gets wrong: joined across stories, and gold pairs missed */
export function wrongPairs(s: Stories, system: string[][]): { joined: string[]; missed: string[] } {
  const together = new Set<string>();
  for (const c of system)
    for (const a of c) for (const b of c) if (a < b && s.storyOf.has(a) && s.storyOf.has(b)) together.add(`${a} + ${b}`);
  const joined = [...together].filter((p) => {
    const [a, b] = p.split(' + ');
    return s.storyOf.get(a) !== s.storyOf.get(b);
  });
  const missed: string[] = [];
  for (const ids of s.gold)
    for (const a of ids) for (const b of ids) if (a < b && !together.has(`${a} + ${b}`)) missed.push(`${a} + ${b}`);
  return { joined, missed };
}

/** Scores a grouping and tells the test's diagnostics the score and every wrong pair. */
export function report(t: { diagnostic(m: string): void }, s: Stories, label: string, system: string[][]): PairwiseResult {
  const r = pairwiseScore(s.gold, system);
  t.diagnostic(`${label}: pairwise ${fmt(r)}`);
  const { joined, missed } = wrongPairs(s, system);
  t.diagnostic(`  joined across stories (${joined.length}): ${joined.join('; ')}`);
  t.diagnostic(`  missed (${missed.length}): ${missed.join('; ')}`);
  return r;
}

/** The reports each of a store's events rests on (its `docs`), page by page. */
export async function storeGroups(store: Pick<Store, 'listEvents'>): Promise<string[][]> {
  const system: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<Store['listEvents']>> = await store.listEvents({}, { limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const e of page.events) system.push(e.docs);
    cursor = page.next_cursor;
  } while (cursor);
  return system;
}
