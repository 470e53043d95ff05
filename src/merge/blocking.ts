/**
 * Blocking: two accounts are compared only when they share a key, so merging grows as n log n.
 *
 * A key is  family × grid cell × date bucket:
 *  - family: V (battles, explosions, violence against civilians), P (protests, riots), S (strategic);
 *  - cell: a 0.2° grid (about 22 × 18 km). An account takes every cell that a box around its point
 *    touches: ±0.1° for a named town (geo_precision 1), ±0.25° near a town (2), ±0.6° for a region (3).
 *    Two points closer than the larger half-box on both axes always share the cell of one of them.
 *    Without coordinates the governorate's centroid counts as a region (geo_precision 3);
 *  - bucket: 2-day buckets covering the day ±1 (time_precision 1), ±4 days (2), or the month (3,
 *    −15..+30 days around the coded date). Accounts a day apart always share a bucket.
 * Accounts with neither place nor date share one key per family ("nowhere"/"undated").
 */
import type { SitrepEvent } from '../model/index.js';
import { featuresOf, type Features } from './features.js';

export const CELL_DEG = 0.2;
const HALF_BOX = [0.1, 0.1, 0.25, 0.6];
const DAY_RANGE: [number, number][] = [
  [-1, 1],
  [-1, 1],
  [-4, 4],
  [-15, 30],
];
const BUCKET_DAYS = 2;
const FAMILY_CODE = { V: 0, P: 1, S: 2 } as const;

/** Cell ranges and bucket range of an account: [lat0, lat1, lon0, lon1, b0, b1]; NaN where unknown. */
function ranges(f: Features): number[] {
  let la0 = NaN;
  let la1 = NaN;
  let lo0 = NaN;
  let lo1 = NaN;
  if (!Number.isNaN(f.lat) && !Number.isNaN(f.lon)) {
    const h = HALF_BOX[f.gp] ?? 0.6;
    la0 = Math.floor((f.lat + 90 - h) / CELL_DEG);
    la1 = Math.floor((f.lat + 90 + h) / CELL_DEG);
    lo0 = Math.floor((f.lon + 180 - h) / CELL_DEG);
    lo1 = Math.floor((f.lon + 180 + h) / CELL_DEG);
  }
  let b0 = NaN;
  let b1 = NaN;
  if (!Number.isNaN(f.day)) {
    const [d0, d1] = DAY_RANGE[f.tp] ?? DAY_RANGE[3];
    b0 = Math.floor((f.day + d0) / BUCKET_DAYS);
    b1 = Math.floor((f.day + d1) / BUCKET_DAYS);
  }
  return [la0, la1, lo0, lo1, b0, b1];
}

/** String keys, as the store indexes them: "V|912:1082|d9876". */
export function keysOfFeatures(f: Features): string[] {
  const [la0, la1, lo0, lo1, b0, b1] = ranges(f);
  const cells: string[] = [];
  if (Number.isNaN(la0)) cells.push('nowhere');
  else for (let a = la0; a <= la1; a++) for (let o = lo0; o <= lo1; o++) cells.push(`${a}:${o}`);
  const buckets: string[] = [];
  if (Number.isNaN(b0)) buckets.push('undated');
  else for (let b = b0; b <= b1; b++) buckets.push(`d${b}`);
  const out: string[] = [];
  for (const c of cells) for (const b of buckets) out.push(`${f.family}|${c}|${b}`);
  return out;
}

/** Keys for blocking: two events can only match when they share a key (type family, area, date bucket). */
export function blockKeys(e: SitrepEvent): string[] {
  return keysOfFeatures(featuresOf(e));
}

const LAT_CELLS = Math.ceil(180 / CELL_DEG) + 2;
const LON_CELLS = Math.ceil(360 / CELL_DEG) + 2;
const BUCKETS = 2 ** 17;

/**
 * The same keys as numbers (for batch clustering), appended to `out`:
 * ((bucket × LAT_CELLS + lat) × LON_CELLS + lon) × 3 + family; under 2^53.
 */
export function numericKeys(f: Features, out: number[]): void {
  const [la0, la1, lo0, lo1, b0, b1] = ranges(f);
  const fam = FAMILY_CODE[f.family];
  const laS = Number.isNaN(la0) ? LAT_CELLS - 1 : la0;
  const laE = Number.isNaN(la0) ? LAT_CELLS - 1 : la1;
  const loS = Number.isNaN(lo0) ? LON_CELLS - 1 : lo0;
  const loE = Number.isNaN(lo0) ? LON_CELLS - 1 : lo1;
  // day numbers since 1970 may be negative for old dates: offset so buckets stay positive
  const bS = Number.isNaN(b0) ? BUCKETS - 1 : b0 + 20_000;
  const bE = Number.isNaN(b0) ? BUCKETS - 1 : b1 + 20_000;
  for (let b = bS; b <= bE; b++)
    for (let a = laS; a <= laE; a++)
      for (let o = loS; o <= loE; o++) out.push(((b * LAT_CELLS + a) * LON_CELLS + o) * 3 + fam);
}
