// The map: Leaflet with the canvas renderer, a basemap drawn from bundled boundaries and place labels
// (no tile server), and one canvas layer for the events, clustered on a pixel grid in JS so that
// 100,000 events redraw in milliseconds. Colour = event type, size = fatalities (points) or count
// (clusters); geo_precision 2/3 is drawn as a shaded area around the coded point.
import { EVENT_TYPES, typeColor } from './dom.js';

/* global L */
const TILE = 256;
const CELL = 48; // cluster grid in pixels
const CLUSTER_BELOW_ZOOM = 11;
const PRECISION_METERS = { 2: 6000, 3: 25000 };
const LABEL_MIN_ZOOM = { 1: 5, 2: 7, 3: 9, 4: 10 };

const projX = (lon, scale) => (scale * (lon + 180)) / 360;
const projY = (lat, scale) => {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return scale * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI));
};

export class EventMap {
  constructor(el, { onSelect, onMove }) {
    this.onSelect = onSelect;
    this.ds = null;
    this.idx = new Uint32Array(0);
    this.selected = null;
    this.items = [];
    this.basemap = null;
    this.map = L.map(el, { preferCanvas: true, renderer: L.canvas({ padding: 0.3 }), minZoom: 4, maxZoom: 15, zoomSnap: 1, worldCopyJump: false, fadeAnimation: false });
    this.map.attributionControl.setPrefix('Leaflet');
    this.map.setView([35.0, 38.5], 7);
    this.map.createPane('events');
    this.map.getPane('events').style.zIndex = 450;
    this.map.getPane('events').style.pointerEvents = 'none';
    this.canvas = L.DomUtil.create('canvas', 'sitrep-events', this.map.getPane('events'));
    this.tip = L.DomUtil.create('div', 'map-tip', el);
    this.tip.hidden = true;
    this.map.on('moveend', () => { this.redraw(); onMove?.(this.view()); });
    this.map.on('zoomstart', () => { this.canvas.style.visibility = 'hidden'; });
    this.map.on('resize', () => this.redraw());
    this.map.on('click', (e) => this.click(e));
    this.map.on('mousemove', (e) => this.hover(e));
    this.map.on('mouseout', () => { this.tip.hidden = true; });
  }

  view() {
    const c = this.map.getCenter();
    return `${this.map.getZoom()}/${c.lat.toFixed(3)}/${c.lng.toFixed(3)}`;
  }

  setView(s) {
    const m = /^(\d+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(s || '');
    if (m) this.map.setView([+m[2], +m[3]], +m[1], { animate: false });
  }

  async loadBasemap(url) {
    const res = await fetch(url);
    const bm = await res.json();
    this.basemap = bm;
    this.map.attributionControl.addAttribution(bm.attribution.replace(/[<>&]/g, ''));
    const feats = bm.boundaries.features;
    const gov = feats.filter((f) => f.properties.level === 1);
    const dist = feats.filter((f) => f.properties.level === 2);
    const renderer = L.canvas({ padding: 0.3 });
    L.geoJSON({ type: 'FeatureCollection', features: gov }, { renderer, interactive: false, style: { color: '#b9b2a3', weight: 0, fillColor: '#f6f3ec', fillOpacity: 1 } }).addTo(this.map);
    L.geoJSON({ type: 'FeatureCollection', features: dist }, { renderer, interactive: false, style: { color: '#c9c2b4', weight: 0.7, dashArray: '3 3', fill: false } }).addTo(this.map);
    L.geoJSON({ type: 'FeatureCollection', features: gov }, { renderer, interactive: false, style: { color: '#8d8575', weight: 1.4, fill: false } }).addTo(this.map);
    this.govLabels = gov.map((f) => ({ name: f.properties.name, ...labelPoint(f.geometry) }));
    this.redraw();
  }

  setData(ds, idx, selected) {
    this.ds = ds;
    this.idx = idx;
    this.selected = selected ?? null;
    this.redraw();
  }

  redraw() {
    const map = this.map;
    const size = map.getSize();
    const dpr = window.devicePixelRatio || 1;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(this.canvas, topLeft);
    this.canvas.width = size.x * dpr;
    this.canvas.height = size.y * dpr;
    this.canvas.style.width = size.x + 'px';
    this.canvas.style.height = size.y + 'px';
    this.canvas.style.visibility = '';
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const t0 = performance.now();
    this.items = this.draw(ctx, size.x, size.y);
    this.drawnEvents = this.items.reduce((n, it) => n + (it.kind === 'cluster' ? it.n : 1), 0);
    this.lastDrawMs = performance.now() - t0;
  }

  /** Draws labels and events onto ctx for the map's current view; returns the hit-test items. */
  draw(ctx, w, h) {
    const map = this.map;
    const z = map.getZoom();
    const scale = TILE * Math.pow(2, z);
    const origin = map.project(map.containerPointToLatLng([0, 0]), z);
    const ox = origin.x, oy = origin.y;
    const toX = (lon) => projX(lon, scale) - ox;
    const toY = (lat) => projY(lat, scale) - oy;
    const occupied = [];
    ctx.clearRect(0, 0, w, h);
    if (this.basemap) this.drawLabels(ctx, z, toX, toY, w, h, occupied);
    const items = [];
    const ds = this.ds;
    if (!ds || !this.idx.length) return items;
    const { lat, lon, type, fat } = ds;
    const T = EVENT_TYPES.length + 1;
    const cluster = z < CLUSTER_BELOW_ZOOM;
    const cells = new Map();
    const singles = [];
    const pad = CELL;
    for (const i of this.idx) {
      const la = lat[i], lo = lon[i];
      if (la !== la || lo !== lo) continue; // NaN: no coordinates
      const x = projX(lo, scale) - ox, y = projY(la, scale) - oy;
      if (x < -pad || y < -pad || x > w + pad || y > h + pad) continue;
      if (!cluster) { singles.push(i, x, y); continue; }
      const key = Math.floor((x + pad) / CELL) * 100000 + Math.floor((y + pad) / CELL);
      let c = cells.get(key);
      if (!c) { c = { n: 0, sx: 0, sy: 0, fat: 0, types: new Uint32Array(T), first: i }; cells.set(key, c); }
      c.n++; c.sx += x; c.sy += y; c.fat += fat[i]; c.types[type[i]]++;
    }
    if (cluster) {
      for (const c of cells.values()) {
        if (c.n === 1) { const i = c.first; singles.push(i, c.sx, c.sy); continue; }
      }
    }
    // events on the same spot (one town, several events) are fanned out around it so each can be clicked
    const spots = new Map();
    for (let k = 0; k < singles.length; k += 3) {
      const key = Math.round(singles[k + 1] / 3) * 100000 + Math.round(singles[k + 2] / 3);
      const list = spots.get(key);
      if (list) list.push(k); else spots.set(key, [k]);
    }
    const centres = new Float64Array(singles.length); // the true point, for precision areas and the fan's hub
    centres.set(singles);
    for (const list of spots.values()) {
      if (list.length < 2 || list.length > 60) continue;
      const cx = singles[list[0] + 1], cy = singles[list[0] + 2];
      let big = 0;
      for (const k of list) big = Math.max(big, Math.min(22, 4.5 + 2.2 * Math.sqrt(fat[singles[k]])));
      const r = big + 8 + list.length * 2.5;
      ctx.strokeStyle = 'rgba(60,60,60,0.5)';
      ctx.lineWidth = 1;
      list.forEach((k, j) => {
        const a = (j / list.length) * Math.PI * 2 - Math.PI / 2;
        singles[k + 1] = cx + Math.cos(a) * r;
        singles[k + 2] = cy + Math.sin(a) * r;
        ctx.beginPath(); ctx.moveTo(cx, cy); ctx.lineTo(singles[k + 1], singles[k + 2]); ctx.stroke();
      });
    }
    // single events: precision areas first, then points
    const metersPerPx = (la) => (40075016.686 * Math.cos((la * Math.PI) / 180)) / scale;
    for (let k = 0; k < singles.length; k += 3) {
      const i = singles[k];
      const p = ds.prec[i];
      if (p >= 2) {
        const r = PRECISION_METERS[p] / metersPerPx(lat[i]);
        if (r > 6) {
          ctx.beginPath();
          ctx.arc(centres[k + 1], centres[k + 2], r, 0, Math.PI * 2);
          ctx.fillStyle = hexAlpha(typeColor(ds.events[i].event_type), 0.14);
          ctx.fill();
          ctx.setLineDash([4, 3]);
          ctx.strokeStyle = hexAlpha(typeColor(ds.events[i].event_type), 0.6);
          ctx.lineWidth = 1;
          ctx.stroke();
          ctx.setLineDash([]);
        }
      }
    }
    for (let k = 0; k < singles.length; k += 3) {
      const i = singles[k], x = singles[k + 1], y = singles[k + 2];
      const r = Math.min(22, 4.5 + 2.2 * Math.sqrt(fat[i]));
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fillStyle = typeColor(ds.events[i].event_type);
      ctx.globalAlpha = ds.prec[i] >= 2 ? 0.75 : 0.95;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = this.selected === ds.events[i].id ? 3 : 1.2;
      ctx.strokeStyle = this.selected === ds.events[i].id ? '#111' : '#fff';
      ctx.stroke();
      items.push({ kind: 'event', x, y, r: Math.max(r, 6), i });
    }
    if (cluster) {
      for (const c of cells.values()) {
        if (c.n === 1) continue;
        const x = c.sx / c.n, y = c.sy / c.n;
        const r = Math.min(34, 9 + 3.2 * Math.log2(c.n) + Math.min(6, Math.sqrt(c.fat) / 4));
        let a = -Math.PI / 2;
        for (let t = 0; t < T; t++) {
          if (!c.types[t]) continue;
          const da = (c.types[t] / c.n) * Math.PI * 2;
          ctx.beginPath();
          ctx.moveTo(x, y);
          ctx.arc(x, y, r, a, a + da);
          ctx.closePath();
          ctx.fillStyle = typeColor(EVENT_TYPES[t]);
          ctx.fill();
          a += da;
        }
        ctx.beginPath();
        ctx.arc(x, y, r * 0.58, 0, Math.PI * 2);
        ctx.fillStyle = 'rgba(255,255,255,0.92)';
        ctx.fill();
        ctx.beginPath();
        ctx.arc(x, y, r, 0, Math.PI * 2);
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 1.5;
        ctx.stroke();
        ctx.fillStyle = '#222';
        ctx.font = `bold ${c.n >= 1000 ? 9 : 10}px system-ui, sans-serif`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(c.n >= 10000 ? Math.round(c.n / 1000) + 'k' : String(c.n), x, y);
        items.push({ kind: 'cluster', x, y, r, n: c.n, fat: c.fat });
      }
    }
    return items;
  }

  drawLabels(ctx, z, toX, toY, w, h, occupied) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const put = (text, x, y, font, color) => {
      if (x < -50 || y < -20 || x > w + 50 || y > h + 20) return;
      ctx.font = font;
      const tw = ctx.measureText(text).width;
      const box = [x - tw / 2 - 2, y - 8, x + tw / 2 + 2, y + 8];
      for (const b of occupied) if (box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]) return;
      occupied.push(box);
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.strokeText(text, x, y);
      ctx.fillStyle = color;
      ctx.fillText(text, x, y);
    };
    if (z <= 8 && this.govLabels) {
      for (const g of this.govLabels) put(g.name.toUpperCase(), toX(g.lon), toY(g.lat), 'italic 10px system-ui, sans-serif', '#9a917f');
    }
    for (const p of this.basemap.places) {
      if (z < LABEL_MIN_ZOOM[p.r]) continue;
      const x = toX(p.lon), y = toY(p.lat);
      if (x < -50 || y < -20 || x > w + 50 || y > h + 20) continue;
      ctx.beginPath();
      ctx.arc(x, y, p.r <= 2 ? 2.5 : 1.8, 0, Math.PI * 2);
      ctx.fillStyle = '#555';
      ctx.fill();
      put(p.n, x, y - 9, `${p.r === 1 ? 'bold 12px' : p.r === 2 ? '11px' : '10px'} system-ui, sans-serif`, '#333');
    }
  }

  hit(pt) {
    for (let k = this.items.length - 1; k >= 0; k--) {
      const it = this.items[k];
      if ((it.x - pt.x) ** 2 + (it.y - pt.y) ** 2 <= it.r * it.r) return it;
    }
    return null;
  }

  click(e) {
    const it = this.hit(e.containerPoint);
    if (!it) return;
    if (it.kind === 'cluster') {
      this.map.setView(this.map.containerPointToLatLng([it.x, it.y]), Math.min(this.map.getZoom() + 2, CLUSTER_BELOW_ZOOM), { animate: false });
    } else {
      this.onSelect?.(this.ds.events[it.i].id);
    }
  }

  hover(e) {
    const it = this.hit(e.containerPoint);
    this.map.getContainer().style.cursor = it ? 'pointer' : '';
    if (!it) { this.tip.hidden = true; return; }
    let text;
    if (it.kind === 'cluster') text = `${it.n} events, ${it.fat} fatalities — click to zoom in`;
    else {
      const ev = this.ds.events[it.i];
      text = `${ev.event_date || '?'} · ${ev.event_type} · ${ev.location || ev.admin1 || ''} · ${ev.fatalities} killed` + (ev.geo_precision >= 2 ? ` · area (precision ${ev.geo_precision})` : '');
    }
    this.tip.textContent = text;
    this.tip.hidden = false;
    this.tip.style.left = e.containerPoint.x + 12 + 'px';
    this.tip.style.top = e.containerPoint.y + 12 + 'px';
  }

  /** A picture of the map as it is now (basemap, labels, events), for the PNG export. */
  toCanvas() {
    const size = this.map.getSize();
    const c = document.createElement('canvas');
    c.width = size.x; c.height = size.y;
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#dfe7ec';
    ctx.fillRect(0, 0, size.x, size.y);
    const z = this.map.getZoom();
    const scale = TILE * Math.pow(2, z);
    const origin = this.map.project(this.map.containerPointToLatLng([0, 0]), z);
    const path = (geom) => {
      const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
      ctx.beginPath();
      for (const poly of polys) for (const ring of poly) {
        ring.forEach(([lo, la], j) => {
          const x = projX(lo, scale) - origin.x, y = projY(la, scale) - origin.y;
          if (j) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        });
        ctx.closePath();
      }
    };
    if (this.basemap) {
      for (const f of this.basemap.boundaries.features) if (f.properties.level === 1) { path(f.geometry); ctx.fillStyle = '#f6f3ec'; ctx.fill(); }
      ctx.setLineDash([3, 3]);
      for (const f of this.basemap.boundaries.features) if (f.properties.level === 2) { path(f.geometry); ctx.strokeStyle = '#c9c2b4'; ctx.lineWidth = 0.7; ctx.stroke(); }
      ctx.setLineDash([]);
      for (const f of this.basemap.boundaries.features) if (f.properties.level === 1) { path(f.geometry); ctx.strokeStyle = '#8d8575'; ctx.lineWidth = 1.4; ctx.stroke(); }
    }
    const layer = document.createElement('canvas');
    layer.width = size.x; layer.height = size.y;
    this.draw(layer.getContext('2d'), size.x, size.y);
    ctx.drawImage(layer, 0, 0);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = '#444';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(this.basemap ? this.basemap.attribution : '', size.x - 4, size.y - 3);
    return c;
  }
}

function hexAlpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** A point to hang a polygon's label on: the centroid of its largest ring. */
function labelPoint(geom) {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let best = null, bestA = -1;
  for (const poly of polys) {
    const ring = poly[0];
    let a = 0, cx = 0, cy = 0;
    for (let j = 0, k = ring.length - 1; j < ring.length; k = j++) {
      const f = ring[k][0] * ring[j][1] - ring[j][0] * ring[k][1];
      a += f; cx += (ring[k][0] + ring[j][0]) * f; cy += (ring[k][1] + ring[j][1]) * f;
    }
    if (Math.abs(a) > bestA && a !== 0) { bestA = Math.abs(a); best = { lon: cx / (3 * a), lat: cy / (3 * a) }; }
  }
  return best || { lon: 0, lat: 0 };
}
