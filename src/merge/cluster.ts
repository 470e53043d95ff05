/**
 * Putting accounts together.
 *
 * findMatch (one new account against the candidate events the store found through probeKeys) and
 * clusterAll (batch) use the same linkage: a newcomer joins an event when its best pair score with
 * one of the event's accounts reaches MERGE_THRESHOLD, no pair with any account is vetoed (an
 * account of the same report, a different kind of event, days or tens of km apart), and its mean
 * score over all the event's accounts reaches LINK_MEAN_THRESHOLD. The veto and the mean keep
 * chains (A~B, B~C, A≁C) from gluing unrelated events on one front together.
 */
import { numericKeys } from './blocking.js';
import { featuresOf, type Features } from './features.js';
import { LINK_MEAN_THRESHOLD, MERGE_THRESHOLD, pairScore, scorePair } from './score.js';
import type { Account, Cluster, MatchDecision } from './types.js';

/**
 * Features of accounts already seen, by their event object: the store compares each new account with the
 * same candidate accounts again and again within a batch, and the features cost more than the scores.
 * An entry is used only for the same index, report and outlet (events are never changed in place).
 */
const featureCache = new WeakMap<object, Features>();

export function accountFeatures(a: Account, index = 0): Features {
  const e = a.event;
  if (e === null || typeof e !== 'object') return featuresOf(e, index, a.report_id, a.outlet);
  const hit = featureCache.get(e);
  if (hit && hit.index === index && hit.report === a.report_id && hit.outlet === a.outlet) return hit;
  const f = featuresOf(e, index, a.report_id, a.outlet);
  featureCache.set(e, f);
  return f;
}

/** Linkage of one account with a group, as `link` keeps it (one object, reused: findMatch runs it on hundreds of groups an account) */
const link = { best: -10, bestAt: -1, mean: -10, veto: true };

/**
 * Linkage of one account with a group of accounts (their features as accountFeatures gives them): best
 * pair, mean, and whether any pair is vetoed, into `link`.
 */
function linkage(f: Features, accounts: Account[]): typeof link {
  let best = -Infinity;
  let bestAt = -1;
  let sum = 0;
  for (let k = 0; k < accounts.length; k++) {
    const s = pairScore(f, accountFeatures(accounts[k], k));
    if (s === -Infinity) {
      link.best = link.mean = -10;
      link.bestAt = -1;
      link.veto = true;
      return link;
    }
    sum += s;
    if (s > best) {
      best = s;
      bestAt = k;
    }
  }
  link.best = best;
  link.bestAt = bestAt;
  link.mean = accounts.length ? sum / accounts.length : -10;
  link.veto = false;
  return link;
}

/** The best existing cluster for a new account, or null when it is a new event. `score` is the best pair score. */
export function findMatch(account: Account, candidates: Cluster[]): MatchDecision | null {
  const f = accountFeatures(account);
  let bestDecision: MatchDecision | null = null;
  let bestKey = -Infinity;
  for (const c of candidates) {
    if (!c.accounts.length) continue;
    const l = linkage(f, c.accounts);
    if (l.veto || l.best < MERGE_THRESHOLD || l.mean < LINK_MEAN_THRESHOLD) continue;
    const key = l.best + 0.01 * l.mean;
    if (key > bestKey) {
      bestKey = key;
      const partner = c.accounts[l.bestAt];
      const explained = scorePair(f, accountFeatures(partner, l.bestAt), true);
      const who = partner.outlet ? `${partner.outlet} report ${partner.report_id}` : `report ${partner.report_id}`;
      bestDecision = {
        cluster_id: c.id,
        score: l.best,
        reasons: [`matches ${who}`, ...explained.reasons],
      };
    }
  }
  return bestDecision;
}

/** Blocks larger than this are compared only with their latest MAX_BLOCK members (degenerate input: no dates, no places). */
const MAX_BLOCK = 2000;

/** Hash of an integer key below 2^53. */
function hashKey(k: number): number {
  const lo = k % 67108864 | 0;
  const hi = (k / 67108864) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
/** at most this many members of each side are checked when two groups join */
const LINK_SAMPLE = 40;

class UnionFind {
  parent: Int32Array;
  members: number[][];
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.members = new Array(n);
    for (let i = 0; i < n; i++) {
      this.parent[i] = i;
      this.members[i] = [i];
    }
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) {
      const next = this.parent[i];
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const [big, small] = this.members[a].length >= this.members[b].length ? [a, b] : [b, a];
    this.parent[small] = big;
    for (const m of this.members[small]) this.members[big].push(m);
    this.members[small] = [];
  }
}

export interface ClusterStats {
  accounts: number;
  keys: number;
  probes: number;
  comparisons: number;
  edges: number;
  clusters: number;
  largestBlock: number;
  /** milliseconds spent per phase */
  ms: { features: number; blocking: number; pairs: number; linking: number };
}

/** Batch clustering of many accounts (indexes into the input), n log n through blocking. */
export function clusterAll(accounts: Account[], stats?: Partial<ClusterStats>): number[][] {
  const n = accounts.length;
  const t0 = performance.now();
  // work in date-and-place order: an account's candidates then lie next to it in memory
  const raw: Features[] = new Array(n);
  for (let i = 0; i < n; i++) raw[i] = accountFeatures(accounts[i], i);
  const sortKey = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = raw[i];
    sortKey[i] = (Number.isNaN(f.day) ? 1e6 : f.day) * 1e4 + (Number.isNaN(f.lon) ? 0 : Math.floor((f.lon + 180) * 10));
  }
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  perm.sort((x, y) => sortKey[x] - sortKey[y] || x - y);
  const feats: Features[] = new Array(n);
  for (let k = 0; k < n; k++) feats[k] = raw[perm[k]];
  raw.length = 0;
  const t1 = performance.now();

  // block index: a hash table over the index keys (typed arrays, chained), probe keys kept per account
  const probeStart = new Int32Array(n + 1);
  const probeList: number[] = [];
  const indexKey: number[] = [];
  const indexOwner: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    probeStart[i] = probeList.length;
    idx.length = 0;
    numericKeys(feats[i], idx, probeList);
    for (const k of idx) {
      indexKey.push(k);
      indexOwner.push(i);
    }
  }
  probeStart[n] = probeList.length;
  const m = indexKey.length;
  let size = 16;
  while (size < m * 2) size *= 2;
  const mask = size - 1;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(m);
  const keyOf = new Float64Array(indexKey);
  const owner = new Int32Array(indexOwner);
  for (let e = 0; e < m; e++) {
    const h = hashKey(keyOf[e]) & mask;
    next[e] = head[h];
    head[h] = e;
  }
  indexKey.length = 0;
  indexOwner.length = 0;
  const t2 = performance.now();

  // candidate pairs: every account against the accounts indexed under its probe keys (a pair may be
  // found from both sides: the edge is then kept twice, which the union below ignores)
  const stamp = new Int32Array(n).fill(-1);
  const ei: number[] = [];
  const ej: number[] = [];
  const es: number[] = [];
  let comparisons = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const fi = feats[i];
    for (let k = probeStart[i]; k < probeStart[i + 1]; k++) {
      const key = probeList[k];
      let seen = 0;
      for (let e = head[hashKey(key) & mask]; e !== -1; e = next[e]) {
        if (keyOf[e] !== key) continue;
        // a degenerate block (thousands of accounts with no place and no date): the nearest MAX_BLOCK only
        if (++seen > MAX_BLOCK) break;
        const j = owner[e];
        if (j === i || stamp[j] === i) continue;
        stamp[j] = i;
        comparisons++;
        const s = pairScore(fi, feats[j]);
        if (s >= MERGE_THRESHOLD) {
          ei.push(Math.min(i, j));
          ej.push(Math.max(i, j));
          es.push(s);
        }
      }
      if (seen > largest) largest = seen;
    }
  }

  const t3 = performance.now();
  // strongest edges first; groups join only when no pair between them is vetoed and the mean holds
  const order = new Uint32Array(es.length);
  for (let k = 0; k < order.length; k++) order[k] = k;
  order.sort((x, y) => es[y] - es[x] || ei[x] - ei[y] || ej[x] - ej[y]);
  const uf = new UnionFind(n);
  for (let q = 0; q < order.length; q++) {
    const e = order[q];
    const ra = uf.find(ei[e]);
    const rb = uf.find(ej[e]);
    if (ra === rb) continue;
    const A = uf.members[ra];
    const B = uf.members[rb];
    if (A.length === 1 && B.length === 1) {
      uf.union(ra, rb);
      continue;
    }
    let ok = true;
    let sum = 0;
    let cnt = 0;
    const aN = Math.min(A.length, LINK_SAMPLE);
    const bN = Math.min(B.length, LINK_SAMPLE);
    for (let x = 0; x < aN && ok; x++) {
      for (let y = 0; y < bN; y++) {
        const s = pairScore(feats[A[x]], feats[B[y]]);
        if (s === -Infinity) {
          ok = false;
          break;
        }
        sum += s;
        cnt++;
      }
    }
    if (ok && sum / cnt >= LINK_MEAN_THRESHOLD) uf.union(ra, rb);
  }

  const t4 = performance.now();
  const groups: number[][] = [];
  for (let i = 0; i < n; i++) if (uf.parent[i] === i) groups.push(uf.members[i].map((k) => perm[k]).sort((a, b) => a - b));
  groups.sort((a, b) => a[0] - b[0]);
  if (stats) {
    stats.accounts = n;
    stats.keys = m;
    stats.probes = probeList.length;
    stats.comparisons = comparisons;
    stats.edges = es.length;
    stats.clusters = groups.length;
    stats.largestBlock = largest;
    stats.ms = { features: Math.round(t1 - t0), blocking: Math.round(t2 - t1), pairs: Math.round(t3 - t2), linking: Math.round(t4 - t3) };
  }
  return groups;
}
