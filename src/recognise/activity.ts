/**
 * Where the reports of a batch place their events: a coarse grid of counts (cells of a quarter degree,
 * about 25 km). When a name is shared by villages far apart and nothing in its own report settles it,
 * the one where the other reports of the batch are busy is the likelier ("shelled Talaf": the Talaf on
 * the front that the neighbouring reports describe, not its namesake 170 km behind the lines). Built
 * from events' coordinates by pipeline/batch.ts; read by the place recogniser. Pure data, no I/O.
 */
const CELL = 0.25;

const cellKey = (lat: number, lon: number): number => Math.floor(lat / CELL) * 4096 + Math.floor(lon / CELL);

export class ActivityMap {
  private readonly cells = new Map<number, number>();
  size = 0;

  /** one event at a point */
  add(lat: number, lon: number): void {
    const k = cellKey(lat, lon);
    this.cells.set(k, (this.cells.get(k) ?? 0) + 1);
    this.size++;
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
