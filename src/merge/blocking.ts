/**
 * Blocking: accounts are compared only when they share a key, so merging grows as n log n.
 *
 * Every key carries the type family (V battles, explosions, violence against civilians; P protests,
 * riots; S strategic developments) and a 2-day date bucket. An account takes the buckets that its
 * date window touches: the day ±1 (time_precision 1), ±4 days (2), −15..+30 days (3, month); accounts
 * a day apart always share a bucket. Then, by place:
 *
 *   F|fam|lat:lon|bucket  a 0.1° grid cell (about 11 × 9 km). An account placed at a town
 *                         (geo_precision 1) takes every cell that a ±0.05° box around its point
 *                         touches (always 2×2); near a town (2), a ±0.15° box. Two points closer than
 *                         the larger half-box on both axes always share the cell of one of them.
 *   A|fam|region|bucket   the governorate (admin1; without it a 1° cell). Every account has it.
 *   W|fam|region|bucket   only weak places: geo_precision 3 (a region, its centroid coded) or no
 *                         coordinates at all.
 *
 * blockKeys(e) are the keys to index an event under; probeKeys(e) the keys to look candidates up
 * with. A precise account probes its F cells and W (the weak accounts of its governorate), so a busy
 * front costs it only the accounts in its few cells; a weak account probes A (everything in its
 * governorate). Looking up with blockKeys instead of probeKeys is also correct, only slower (every
 * account of the governorate in the date window becomes a candidate).
 */
import type { SitrepEvent } from '../model/index.js';
import { featuresOf, type Features } from './features.js';

export const CELL_DEG = 0.1;
const HALF_BOX = [0.05, 0.05, 0.15, 0.15];
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

function regionOf(f: Features): string {
  if (f.admin1) return f.admin1;
  if (!Number.isNaN(f.lat) && !Number.isNaN(f.lon)) return `c${Math.floor(f.lat)}:${Math.floor(f.lon)}`;
  return 'nowhere';
}

function buckets(f: Features): number[] | null {
  if (Number.isNaN(f.day)) return null;
  const [d0, d1] = DAY_RANGE[f.tp] ?? DAY_RANGE[3];
  const out: number[] = [];
  for (let b = Math.floor((f.day + d0) / BUCKET_DAYS); b <= Math.floor((f.day + d1) / BUCKET_DAYS); b++) out.push(b);
  return out;
}

function cells(f: Features): [number, number, number, number] {
  const h = HALF_BOX[f.gp] ?? 0.15;
  return [
    Math.floor((f.lat + 90 - h) / CELL_DEG),
    Math.floor((f.lat + 90 + h) / CELL_DEG),
    Math.floor((f.lon + 180 - h) / CELL_DEG),
    Math.floor((f.lon + 180 + h) / CELL_DEG),
  ];
}

function stringKeys(f: Features, probe: boolean): string[] {
  const bs = buckets(f)?.map((b) => `d${b}`) ?? ['undated'];
  const region = regionOf(f);
  const out: string[] = [];
  const weak = isWeakPlace(f);
  if (!weak) {
    const [a0, a1, o0, o1] = cells(f);
    for (const b of bs) for (let a = a0; a <= a1; a++) for (let o = o0; o <= o1; o++) out.push(`F|${f.family}|${a}:${o}|${b}`);
  }
  const tags = probe ? (weak ? ['A'] : ['W']) : weak ? ['A', 'W'] : ['A'];
  for (const t of tags) for (const b of bs) out.push(`${t}|${f.family}|${region}|${b}`);
  return out;
}

export function keysOfFeatures(f: Features): string[] {
  return stringKeys(f, false);
}

/** Keys to index an event under: two events can only match when one's probeKeys meet the other's blockKeys (and when their blockKeys meet). */
export function blockKeys(e: SitrepEvent): string[] {
  return stringKeys(featuresOf(e), false);
}

/** Keys to look up an event's candidates with (a subset of what blockKeys would find, and enough). */
export function probeKeys(e: SitrepEvent): string[] {
  return stringKeys(featuresOf(e), true);
}

// ---- numeric keys for batch clustering ----

const LAT_CELLS = Math.ceil(180 / CELL_DEG) + 2;
const LON_CELLS = Math.ceil(360 / CELL_DEG) + 2;
const FAMILY_CODE = { V: 0, P: 1, S: 2 } as const;
export const KEY_F = 0;
export const KEY_A = 1;
export const KEY_W = 2;
const NO_BUCKET = 2 ** 17 - 1;

/**
 * Numeric keys for batch clustering, tighter than the string keys: an account is indexed under its
 * own cell and its own day only, and probes the cells its box touches over its date window. A pair
 * is found from the side whose box and window cover the other (so the same guarantees hold) and
 * sometimes from both sides; the caller dedupes. The tag (F/A/W) is `key % 4`.
 */
export function numericKeys(f: Features, regions: Map<string, number>, index: number[], probe: number[]): void {
  const fam = FAMILY_CODE[f.family];
  // day numbers since 1970: offset so that old dates stay positive
  const hasDay = !Number.isNaN(f.day);
  const own = hasDay ? f.day + 40_000 : NO_BUCKET;
  const [d0, d1] = hasDay ? (DAY_RANGE[f.tp] ?? DAY_RANGE[3]) : [0, 0];
  const name = regionOf(f);
  let region = regions.get(name);
  if (region === undefined) {
    region = regions.size;
    regions.set(name, region);
  }
  const weak = isWeakPlace(f);
  const regionKey = (day: number): number => ((day * 1_000_000 + region) * 3 + fam) * 4;
  const cellKey = (day: number, a: number, o: number): number => (((day * LAT_CELLS + a) * LON_CELLS + o) * 3 + fam) * 4 + KEY_F;
  index.push(regionKey(own) + KEY_A);
  if (weak) index.push(regionKey(own) + KEY_W);
  else index.push(cellKey(own, Math.floor((f.lat + 90) / CELL_DEG), Math.floor((f.lon + 180) / CELL_DEG)));
  const [a0, a1, o0, o1] = weak ? [0, -1, 0, -1] : cells(f);
  for (let day = own + d0; day <= own + d1; day++) {
    probe.push(regionKey(day) + (weak ? KEY_A : KEY_W));
    for (let a = a0; a <= a1; a++) for (let o = o0; o <= o1; o++) probe.push(cellKey(day, a, o));
  }
}
