/** Merge-block keys as 48-bit integers, and the actor names an event is indexed under. */
function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A block key (text from src/merge) as a 52-bit integer (two FNV-1a hashes): a collision only adds a
 * candidate that the merger then rejects. Stored in databases: never change it without a migration.
 */
export function hashKey(key: string): number {
  return fnv1a(key, 0x811c9dc5) * 0x100000 + (fnv1a(key, 0x050c5d1f) & 0xfffff);
}

/** actor1, actor2 and each associated actor ('; '-separated), without blanks or repeats. */
export function actorsOf(e: { actor1: string; actor2: string; assoc_actor_1: string; assoc_actor_2: string }): string[] {
  const out = new Set<string>();
  for (const a of [e.actor1, e.actor2]) if (a && a.trim()) out.add(a.trim());
  for (const list of [e.assoc_actor_1, e.assoc_actor_2])
    for (const a of (list ?? '').split(';')) if (a.trim()) out.add(a.trim());
  return [...out];
}

/** 0.1° grid cells: the map-box index. */
export const CELL_DEG = 0.1;
const CELL_COLS = 10_000;

export function cellOf(lat: number | null | undefined, lon: number | null | undefined): number | null {
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  return Math.floor((lat + 90) / CELL_DEG) * CELL_COLS + Math.floor((lon + 180) / CELL_DEG);
}

/** The cells a box (minLon, minLat, maxLon, maxLat) touches, or null when there are more than `max`. */
export function cellsOfBox(b: [number, number, number, number], max = 400): number[] | null {
  const [minLon, minLat, maxLon, maxLat] = b;
  const r0 = Math.floor((Math.max(-90, minLat) + 90) / CELL_DEG);
  const r1 = Math.floor((Math.min(90, maxLat) + 90) / CELL_DEG);
  const c0 = Math.floor((Math.max(-180, minLon) + 180) / CELL_DEG);
  const c1 = Math.floor((Math.min(180, maxLon) + 180) / CELL_DEG);
  if ((r1 - r0 + 1) * (c1 - c0 + 1) > max) return null;
  const out: number[] = [];
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) out.push(r * CELL_COLS + c);
  return out;
}
