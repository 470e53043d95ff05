// The timeline: events per day (or per week over long spans), stacked by type, on a canvas.
// Dragging across it brushes a period that filters the map, the list and the other views.
import { EVENT_TYPES, typeColor } from './dom.js';
import { binEvents, isoDay, dayNumber } from './data.js';

export class Timeline {
  constructor(canvas, { onBrush }) {
    this.canvas = canvas;
    this.onBrush = onBrush;
    this.bins = null;
    this.brush = null; // [day0, day1]
    this.drag = null;
    canvas.addEventListener('mousedown', (e) => this.down(e));
    window.addEventListener('mousemove', (e) => this.move(e));
    window.addEventListener('mouseup', (e) => this.up(e));
    // the size is taken from the observer, so drawing never forces a layout of the page
    this.size = null;
    new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      this.size = { w: Math.round(r.width), h: Math.round(r.height) };
      this.draw();
    }).observe(canvas);
  }

  setData(ds, idxNoBrush, state) {
    if (!Number.isFinite(ds.minDay)) { this.bins = null; this.draw(); return; }
    let min = state.from ? Math.max(dayNumber(state.from), ds.minDay) : ds.minDay;
    let max = state.to ? Math.min(dayNumber(state.to), ds.maxDay) : ds.maxDay;
    if (max < min) max = min;
    if (max - min < 6) { min -= 3; max += 3; }
    this.bins = binEvents(ds, idxNoBrush, min, max, state.bin);
    const title = document.getElementById('timeline-title');
    if (title) title.textContent = this.bins.week ? 'Events per week (by type)' : 'Events per day (by type)';
    this.brush = state.b0 || state.b1 ? [state.b0 ? dayNumber(state.b0) : this.bins.start, state.b1 ? dayNumber(state.b1) : max] : null;
    this.draw();
  }

  geometry() {
    const w = (this.size && this.size.w) || this.canvas.clientWidth || 600;
    const h = (this.size && this.size.h) || this.canvas.clientHeight || 120;
    return { w, h, left: 36, right: 8, top: 6, bottom: 20 };
  }

  dayToX(d) {
    const g = this.geometry(), b = this.bins;
    const span = b.nbins * b.size;
    return g.left + ((d - b.start) / span) * (g.w - g.left - g.right);
  }

  xToDay(x) {
    const g = this.geometry(), b = this.bins;
    const span = b.nbins * b.size;
    const d = b.start + ((x - g.left) / (g.w - g.left - g.right)) * span;
    return Math.max(b.start, Math.min(b.start + span - 1, Math.floor(d)));
  }

  draw() {
    const c = this.canvas;
    const g = this.geometry();
    const dpr = window.devicePixelRatio || 1;
    c.width = g.w * dpr; c.height = g.h * dpr;
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.paint(ctx, g);
  }

  paint(ctx, g) {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, g.w, g.h);
    const b = this.bins;
    ctx.font = '10px system-ui, sans-serif';
    if (!b) { ctx.fillStyle = '#777'; ctx.fillText('No dated events', g.left, g.h / 2); return; }
    const { nbins, counts, T } = b;
    let max = 1;
    for (let k = 0; k < nbins; k++) { let s = 0; for (let t = 0; t < T; t++) s += counts[k * T + t]; if (s > max) max = s; }
    const plotW = g.w - g.left - g.right, plotH = g.h - g.top - g.bottom;
    const bw = plotW / nbins;
    const dx = (d) => g.left + ((d - b.start) / (nbins * b.size)) * plotW;
    for (let k = 0; k < nbins; k++) {
      let y = g.top + plotH;
      for (let t = 0; t < T; t++) {
        const n = counts[k * T + t];
        if (!n) continue;
        const bh = (n / max) * plotH;
        ctx.fillStyle = typeColor(EVENT_TYPES[t]);
        ctx.fillRect(g.left + k * bw + (bw > 3 ? 0.5 : 0), y - bh, Math.max(1, bw - (bw > 3 ? 1 : 0)), bh);
        y -= bh;
      }
    }
    // axes
    ctx.strokeStyle = '#999';
    ctx.beginPath(); ctx.moveTo(g.left, g.top + plotH + 0.5); ctx.lineTo(g.w - g.right, g.top + plotH + 0.5); ctx.stroke();
    ctx.fillStyle = '#555';
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    ctx.fillText(String(max), g.left - 4, g.top + 4);
    ctx.fillText('0', g.left - 4, g.top + plotH);
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    const ticks = Math.max(2, Math.floor(plotW / 90));
    const span = nbins * b.size;
    for (let j = 0; j <= ticks; j++) {
      const d = b.start + Math.round((j / ticks) * (span - 1));
      const x = dx(d + 0.5);
      ctx.fillText(isoDay(d), Math.min(g.w - 30, Math.max(g.left + 24, x)), g.top + plotH + 4);
    }
    const br = this.drag ? [Math.min(this.drag.a, this.drag.b), Math.max(this.drag.a, this.drag.b)] : this.brush;
    if (br) {
      const x0 = dx(br[0]), x1 = dx(br[1] + 1);
      ctx.fillStyle = 'rgba(0,0,0,0.25)';
      ctx.fillRect(g.left, g.top, Math.max(0, x0 - g.left), plotH);
      ctx.fillRect(x1, g.top, Math.max(0, g.w - g.right - x1), plotH);
      ctx.strokeStyle = '#111';
      ctx.strokeRect(x0 + 0.5, g.top + 0.5, Math.max(1, x1 - x0 - 1), plotH - 1);
    }
  }

  down(e) {
    if (!this.bins || e.button !== 0) return;
    const x = e.clientX - this.canvas.getBoundingClientRect().left;
    const d = this.xToDay(x);
    this.drag = { a: d, b: d, x0: x, moved: false };
    e.preventDefault();
  }

  move(e) {
    if (!this.drag) return;
    const x = e.clientX - this.canvas.getBoundingClientRect().left;
    if (Math.abs(x - this.drag.x0) > 3) this.drag.moved = true;
    this.drag.b = this.xToDay(x);
    this.draw();
  }

  up() {
    if (!this.drag) return;
    const { a, b, moved } = this.drag;
    this.drag = null;
    if (!moved) { this.brush = null; this.onBrush(null); return; }
    const lo = Math.min(a, b), hi = Math.max(a, b);
    const size = this.bins.size;
    // snap to whole bins
    const s = this.bins.start;
    const lo2 = s + Math.floor((lo - s) / size) * size;
    const hi2 = s + Math.floor((hi - s) / size) * size + size - 1;
    this.brush = [lo2, hi2];
    this.onBrush([isoDay(lo2), isoDay(hi2)]);
  }

  /** The timeline as a picture of width w, for the PNG export. */
  toCanvas(w, h = 140) {
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const ctx = c.getContext('2d');
    this.paint(ctx, { w, h, left: 36, right: 8, top: 6, bottom: 20 });
    return c;
  }
}
