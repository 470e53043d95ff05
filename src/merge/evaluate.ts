/**
 * Pairwise scoring of a merge against gold: two reports are together when one cluster (a merged
 * event) rests on both. Precision, recall and F1 over such report pairs. A report may sit in several
 * clusters (it tells several events); pairs are counted once. Only reports that the gold names count.
 */
import type { Account } from './types.js';
import { sourceAccounts } from './sources.js';

export interface PairwiseResult {
  precision: number;
  recall: number;
  f1: number;
  gold_pairs: number;
  system_pairs: number;
  true_pairs: number;
}

function pairsOf(clusters: string[][], universe: Set<string> | null): Set<string> {
  const out = new Set<string>();
  for (const c of clusters) {
    const items = [...new Set(c)].filter((x) => !universe || universe.has(x)).sort();
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++) out.add(`${items[i]}\u0000${items[j]}`);
  }
  return out;
}

export function pairwiseScore(goldClusters: string[][], systemClusters: string[][]): PairwiseResult {
  const universe = new Set(goldClusters.flat());
  const gold = pairsOf(goldClusters, null);
  const sys = pairsOf(systemClusters, universe);
  let tp = 0;
  for (const p of sys) if (gold.has(p)) tp++;
  const precision = sys.size ? tp / sys.size : gold.size ? 0 : 1;
  const recall = gold.size ? tp / gold.size : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, gold_pairs: gold.size, system_pairs: sys.size, true_pairs: tp };
}

/** Index groups from clusterAll as groups of report ids: the reports each event rests on (sourceAccounts). */
export function reportGroups(accounts: Account[], groups: number[][]): string[][] {
  return groups.map((g) => [...new Set(sourceAccounts(g.map((i) => accounts[i])).map((a) => a.report_id))]);
}
