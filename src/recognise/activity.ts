/**
 * Where the reports of a batch place their events: a coarse grid of counts (cells of a quarter degree,
 * about 25 km). When a name is shared by villages far apart and nothing in its own report settles it,
 * the one where the other reports of the batch are busy is the likelier ("shelled Talaf": the Talaf on
 * the front that the neighbouring reports describe, not its namesake 170 km behind the lines). Built
 * from events' coordinates by pipeline/batch.ts; read by the place recogniser. Pure data, no I/O.
 */
const CELL = 0.25;
/** centre(ANYWHERE): where the batch's events crowd, whatever the province */
export const ANYWHERE = '*';

const cellKey = (lat: number, lon: number): number => Math.floor(lat / CELL) * 4096 + Math.floor(lon / CELL);

export class ActivityMap {
  private readonly cells = new Map<number, number>();
  private readonly points = new Map<string, { lat: number; lon: number }[]>();
  private readonly centres = new Map<string, { lat: number; lon: number } | null>();
  size = 0;
  /** the same, of the events whose place the report spelled as the gazetteer does (a loose match may be a namesake) */
  exact?: ActivityMap;

  /** one event at a point (in a province) */
  add(lat: number, lon: number, admin1 = ''): void {
    const k = cellKey(lat, lon);
    this.cells.set(k, (this.cells.get(k) ?? 0) + 1);
    this.size++;
    for (const key of admin1 ? [admin1, ANYWHERE] : [ANYWHERE]) {
      const list = this.points.get(key) ?? [];
      list.push({ lat, lon });
      this.points.set(key, list);
      this.centres.delete(key);
    }
  }

  /**
   * Takes back one event added at a point (a report's own events, while it is read again), from the counts
   * around points; the centres stay those of the whole batch (one report moves them little, and they are
   * costly to find again).
   */
  remove(lat: number, lon: number): void {
    const k = cellKey(lat, lon);
    const n = this.cells.get(k);
    if (!n) return;
    if (n === 1) this.cells.delete(k);
    else this.cells.set(k, n - 1);
    this.size--;
  }

  /** puts back an event taken back by remove */
  restore(lat: number, lon: number): void {
    const k = cellKey(lat, lon);
    this.cells.set(k, (this.cells.get(k) ?? 0) + 1);
    this.size++;
  }

  /**
   * Where a province's events crowd (those `keep` keeps: a part of the province): the middle of the events
   * within 15 km of the one with most such neighbours; undefined with fewer than 3 events there. (Where a village the gazetteer lacks most likely
   * lies, when a report names it with its province only: events/refiners/unlisted.ts.)
   */
  centre(admin1: string, keep?: (p: { lat: number; lon: number }) => boolean): { lat: number; lon: number } | undefined {
    const hit = keep ? undefined : this.centres.get(admin1);
    if (hit !== undefined) return hit ?? undefined;
    const ps = (this.points.get(admin1) ?? []).filter((p) => !keep || keep(p));
    // points by cells of 0.2 degree (22 km of latitude, 18 of longitude here): a point's neighbours within
    // 15 km lie in its cell or the eight around it
    const grid = new Map<number, { lat: number; lon: number }[]>();
    const key = (r: number, c: number): number => r * 4096 + c;
    for (const p of ps) {
      const k = key(Math.floor(p.lat / 0.2), Math.floor(p.lon / 0.2));
      const list = grid.get(k);
      if (list) list.push(p);
      else grid.set(k, [p]);
    }
    let best: { lat: number; lon: number }[] = [];
    for (const p of ps) {
      const r = Math.floor(p.lat / 0.2), c = Math.floor(p.lon / 0.2);
      const cos = Math.cos((p.lat * Math.PI) / 180);
      const near: { lat: number; lon: number }[] = [];
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          for (const q of grid.get(key(r + dr, c + dc)) ?? []) {
            if (Math.hypot(q.lat - p.lat, (q.lon - p.lon) * cos) * 111 <= 15) near.push(q);
          }
        }
      }
      if (near.length > best.length) best = near;
    }
    const c = best.length >= 3
      ? { lat: best.reduce((a, q) => a + q.lat, 0) / best.length, lon: best.reduce((a, q) => a + q.lon, 0) / best.length }
      : null;
    if (!keep) this.centres.set(admin1, c);
    return c ?? undefined;
  }

  /** events around a point: its cell, and half of each of the 8 cells around it */
  around(lat: number, lon: number): number {
    const r = Math.floor(lat / CELL), c = Math.floor(lon / CELL);
    let n = 0;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const v = this.cells.get((r + dr) * 4096 + c + dc);
        if (v) n += dr === 0 && dc === 0 ? v : v / 2;
      }
    }
    return n;
  }
}
