/**
 * Blocking: accounts are compared only when they share a key, so merging grows as n log n.
 *
 * Every key carries the type family (V battles, explosions, violence against civilians; P protests,
 * riots; S strategic developments) and a 2-day date bucket. An account takes the buckets that its
 * date window touches: the day ±1 (time_precision 1), ±4 days (2), −15..+30 days (3, month); accounts
 * a day apart always share a bucket. Then, by place:
 *
 *   F|fam|lat:lon|bucket    a 0.1° grid cell (about 11 × 9 km), for accounts placed at or near a
 *                           town (geo_precision 1 or 2). An account takes every cell that a box
 *                           around its point touches: ±0.05° (1), ±0.1° (2). Two points closer than
 *                           the larger half-box on both axes always share the cell of one of them.
 *   A|fam|Rlat:lon|bucket   a 0.5° cell. Precise accounts take their own; weak ones every cell a
 *                           ±0.5° box touches, so that "Hama countryside" (coded at Hama's centroid)
 *                           meets a town across the governorate border.
 *   W|fam|Rlat:lon|bucket   weak accounts only (geo_precision 3, or no coordinates: then their
 *                           governorate's centroid), their own 0.5° cell.
 * Accounts with no place at all share "nowhere"; undated ones "undated".
 *
 * blockKeys(e) are the keys to index an event under; probeKeys(e) the keys to look its candidates up
 * with: a precise account probes its F cells and the W cells around it (weak accounts nearby), so a
 * busy front costs it only the accounts in its few cells; a weak account probes A (everything around
 * it). Looking up with blockKeys instead of probeKeys is also correct, only slower.
 */
import type { SitrepEvent } from '../model/index.js';
import { featuresOf, type Features } from './features.js';

export const CELL_DEG = 0.1;
export const REGION_DEG = 0.5;
const HALF_BOX = [0.05, 0.05, 0.1, 0.1];
const REGION_HALF_BOX = 0.5;
const DAY_RANGE: [number, number][] = [
  [-1, 1],
  [-1, 1],
  [-4, 4],
  [-15, 30],
];
const BUCKET_DAYS = 2;

/** Weak place: only the region is known. */
export function isWeakPlace(f: Features): boolean {
  return !f.hasPoint || f.gp >= 3;
}

function located(f: Features): boolean {
  return !Number.isNaN(f.lat) && !Number.isNaN(f.lon);
}

function buckets(f: Features): number[] | null {
  if (Number.isNaN(f.day)) return null;
  const [d0, d1] = DAY_RANGE[f.tp] ?? DAY_RANGE[3];
  const out: number[] = [];
  for (let b = Math.floor((f.day + d0) / BUCKET_DAYS); b <= Math.floor((f.day + d1) / BUCKET_DAYS); b++) out.push(b);
  return out;
}

function box(f: Features, half: number, size: number): [number, number, number, number] {
  return [
    Math.floor((f.lat + 90 - half) / size),
    Math.floor((f.lat + 90 + half) / size),
    Math.floor((f.lon + 180 - half) / size),
    Math.floor((f.lon + 180 + half) / size),
  ];
}

function ownRegion(f: Features): string {
  return located(f) ? `R${Math.floor((f.lat + 90) / REGION_DEG)}:${Math.floor((f.lon + 180) / REGION_DEG)}` : 'nowhere';
}

function regionBox(f: Features): string[] {
  if (!located(f)) return ['nowhere'];
  const [a0, a1, o0, o1] = box(f, REGION_HALF_BOX, REGION_DEG);
  const out: string[] = [];
  for (let a = a0; a <= a1; a++) for (let o = o0; o <= o1; o++) out.push(`R${a}:${o}`);
  return out;
}

function stringKeys(f: Features, probe: boolean): string[] {
  const bs = buckets(f)?.map((b) => `d${b}`) ?? ['undated'];
  const out: string[] = [];
  const weak = isWeakPlace(f);
  const add = (tag: string, places: string[]): void => {
    for (const b of bs) for (const p of places) out.push(`${tag}|${f.family}|${p}|${b}`);
  };
  if (!weak) {
    const [a0, a1, o0, o1] = box(f, HALF_BOX[f.gp] ?? 0.15, CELL_DEG);
    const cells: string[] = [];
    for (let a = a0; a <= a1; a++) for (let o = o0; o <= o1; o++) cells.push(`${a}:${o}`);
    add('F', cells);
    if (probe) add('W', regionBox(f));
    else add('A', [ownRegion(f)]);
  } else if (probe) add('A', regionBox(f));
  else {
    add('A', regionBox(f));
    add('W', [ownRegion(f)]);
  }
  return out;
}

/** Keys to index an event under; two events can only match when they share one (or when one's probeKeys meet the other's blockKeys). */
export function blockKeys(e: SitrepEvent): string[] {
  return stringKeys(featuresOf(e), false);
}

/** Keys to look up an event's candidates with: finds every event that blockKeys would, in fewer candidates. */
export function probeKeys(e: SitrepEvent): string[] {
  return stringKeys(featuresOf(e), true);
}

/** blockKeys(e) and probeKeys(e), from one reading of its features. */
export function blockAndProbeKeys(e: SitrepEvent): { block: string[]; probe: string[] } {
  const f = featuresOf(e);
  return { block: stringKeys(f, false), probe: stringKeys(f, true) };
}

// ---- numeric keys for batch clustering ----

const LAT_CELLS = Math.ceil(180 / CELL_DEG) + 2;
const LON_CELLS = Math.ceil(360 / CELL_DEG) + 2;
const FAMILY_CODE = { V: 0, P: 1, S: 2 } as const;
/** cells, for accounts near a town or without a name (indexed), probed by all precise accounts */
export const KEY_F = 0;
/** weak accounts around (indexed by weak ones under their own region cell), probed by weak ones */
export const KEY_A = 1;
/** weak accounts, indexed under every region cell of their box: probed by precise ones */
export const KEY_W = 2;
/** a town's folded name and day: town-level accounts */
export const KEY_N = 3;
/** cells of town-level accounts: probed by accounts near a town or without a name */
export const KEY_H = 4;
const NO_DAY = 2 ** 17 - 1;
const NOWHERE = 0;

function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 1;
}

/**
 * Numeric keys for batch clustering, tighter than the string keys. An account is indexed under its own
 * cell (or name) and its own day only, and probes over its box and its date window, so a pair is found
 * from the side that covers the other (sometimes from both; the caller dedupes). Two town-level
 * accounts are compared only when their folded names agree: two different towns more than 1.5 km
 * apart are vetoed anyway, and closer ones (a town and its quarter) score too low to merge. Accounts
 * near a town, or without a name, meet everything in their box. The tag is `key % 8`.
 */
export function numericKeys(f: Features, index: number[], probe: number[]): void {
  const fam = FAMILY_CODE[f.family];
  // day numbers since 1970, offset so that old dates stay positive
  const hasDay = !Number.isNaN(f.day);
  const own = hasDay ? f.day + 40_000 : NO_DAY;
  const [d0, d1] = hasDay ? (DAY_RANGE[f.tp] ?? DAY_RANGE[3]) : [0, 0];
  const key = (day: number, a: number, o: number, tag: number): number => (((day * LAT_CELLS + a) * LON_CELLS + o) * 3 + fam) * 8 + tag;
  if (!located(f)) {
    for (let day = own + d0; day <= own + d1; day++) probe.push(key(day, NOWHERE, NOWHERE, KEY_A));
    index.push(key(own, NOWHERE, NOWHERE, KEY_A));
    return;
  }
  // region cells are numbered from 1 (0 is nowhere)
  const ra = Math.floor((f.lat + 90) / REGION_DEG) + 1;
  const ro = Math.floor((f.lon + 180) / REGION_DEG) + 1;
  if (isWeakPlace(f)) {
    // weak (few): found by the precise under every region cell of its box and day of its window (W);
    // finds the other weak ones (A: weak accounts only, their own cell and day)
    const [r0, r1, q0, q1] = box(f, REGION_HALF_BOX, REGION_DEG);
    index.push(key(own, ra, ro, KEY_A));
    for (let day = own + d0; day <= own + d1; day++)
      for (let a = r0; a <= r1; a++)
        for (let o = q0; o <= q1; o++) {
          index.push(key(day, a + 1, o + 1, KEY_W));
          probe.push(key(day, a + 1, o + 1, KEY_A));
        }
    return;
  }
  // precise: the weak around it
  probe.push(key(own, ra, ro, KEY_W));
  const cellA = Math.floor((f.lat + 90) / CELL_DEG);
  const cellO = Math.floor((f.lon + 180) / CELL_DEG);
  const [c0, c1, p0, p1] = box(f, HALF_BOX[f.gp] ?? 0.15, CELL_DEG);
  const town = f.gp <= 1 && f.folded.length > 0;
  if (town) {
    // a named town: the same name over its window; the near-a-town and unnamed ones in its box
    const h = nameHash(f.folded);
    const nameKey = (day: number): number => ((day * 2147483648 + h) * 3 + fam) * 8 + KEY_N;
    index.push(nameKey(own), key(own, cellA, cellO, KEY_H));
    for (let day = own + d0; day <= own + d1; day++) {
      probe.push(nameKey(day));
      for (let a = c0; a <= c1; a++) for (let o = p0; o <= p1; o++) probe.push(key(day, a, o, KEY_F));
    }
    return;
  }
  // near a town, or no name: everything precise in its box
  index.push(key(own, cellA, cellO, KEY_F));
  for (let day = own + d0; day <= own + d1; day++)
    for (let a = c0; a <= c1; a++)
      for (let o = p0; o <= p1; o++) {
        probe.push(key(day, a, o, KEY_F));
        probe.push(key(day, a, o, KEY_H));
      }
}
