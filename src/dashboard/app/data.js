// The events the dashboard holds, in columns for fast filtering (100,000 events in a few milliseconds),
// and the view state, which lives entirely in the URL's query string so a view can be shared.
import { EVENT_TYPES } from './dom.js';

export const STATE_KEYS = ['view', 'from', 'to', 'type', 'actor', 'admin1', 'admin2', 'outlet', 'verified', 'q', 'bbox', 'b0', 'b1', 'bin', 'event', 'map', 'an', 'na'];
export const FILTER_KEYS = ['from', 'to', 'type', 'actor', 'admin1', 'admin2', 'outlet', 'verified', 'q'];
/** bbox: minLon,minLat,maxLon,maxLat, set from the map when 'only in the map view' is ticked */

export function readState() {
  const u = new URLSearchParams(location.search);
  const s = {};
  for (const k of STATE_KEYS) s[k] = u.get(k) || '';
  if (!s.view) s.view = 'events';
  return s;
}

export function writeState(state, push = false) {
  const u = new URLSearchParams();
  for (const k of STATE_KEYS) if (state[k] && !(k === 'view' && state[k] === 'events')) u.set(k, state[k]);
  const s = u.toString();
  const url = location.pathname + (s ? '?' + s : '') + location.hash;
  if (url !== location.pathname + location.search + location.hash) {
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }
}

const DAY_MS = 86400000;
export const NO_DAY = -1e9;
export function dayNumber(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return NO_DAY;
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return Number.isFinite(t) ? Math.floor(t / DAY_MS) : NO_DAY;
}
export function isoDay(n) { return new Date(n * DAY_MS).toISOString().slice(0, 10); }

export const splitList = (s) => (s ? String(s).split(/;\s*/).map((x) => x.trim()).filter(Boolean) : []);

class Interner {
  constructor() { this.ids = new Map(); this.names = []; }
  id(s) {
    let i = this.ids.get(s);
    if (i === undefined) { i = this.names.length; this.ids.set(s, i); this.names.push(s); }
    return i;
  }
}

export class Dataset {
  constructor() {
    this.events = [];
    this.byId = new Map();
    this.catalog = []; // actors from /api/actors: [{name, aliases: []}]
    this.version = 0;
    this.rebuild();
  }

  setAll(events) { this.events = events; this.rebuild(); }

  append(events) {
    for (const e of events) {
      const at = this.byId.get(e.id);
      if (at === undefined) this.events.push(e); else this.events[at] = e;
    }
    this.rebuild();
  }

  upsert(events) { this.append(events); }

  remove(ids) {
    const gone = new Set(ids);
    if (!ids.some((id) => this.byId.has(id))) return;
    this.events = this.events.filter((e) => !gone.has(e.id));
    this.rebuild();
  }

  get(id) { const i = this.byId.get(id); return i === undefined ? undefined : this.events[i]; }

  rebuild() {
    const ev = this.events.filter((e) => e && !e.deleted);
    this.events = ev;
    const n = ev.length;
    this.byId = new Map();
    this.day = new Int32Array(n);
    this.type = new Uint8Array(n);
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.fat = new Int32Array(n);
    this.ver = new Uint8Array(n);
    this.prec = new Uint8Array(n);
    this.a1 = new Int32Array(n);
    this.a2 = new Int32Array(n);
    this.admin = new Interner();
    this.actors = new Interner();
    this.outlets = new Interner();
    const actStart = new Int32Array(n + 1), outStart = new Int32Array(n + 1);
    const act = [], out = [];
    let minDay = Infinity, maxDay = -Infinity;
    for (let i = 0; i < n; i++) {
      const e = ev[i];
      this.byId.set(e.id, i);
      const d = dayNumber(e.event_date);
      this.day[i] = d;
      if (d !== NO_DAY) { if (d < minDay) minDay = d; if (d > maxDay) maxDay = d; }
      const t = EVENT_TYPES.indexOf(e.event_type);
      this.type[i] = t < 0 ? EVENT_TYPES.length : t;
      this.lat[i] = typeof e.latitude === 'number' ? e.latitude : NaN;
      this.lon[i] = typeof e.longitude === 'number' ? e.longitude : NaN;
      this.fat[i] = e.fatalities | 0;
      this.ver[i] = e.verified ? 1 : 0;
      this.prec[i] = e.geo_precision || 1;
      this.a1[i] = this.admin.id(e.admin1 || '');
      this.a2[i] = this.admin.id(e.admin2 || '');
      actStart[i] = act.length;
      for (const a of [e.actor1, e.actor2, ...splitList(e.assoc_actor_1), ...splitList(e.assoc_actor_2)]) if (a) act.push(this.actors.id(a));
      outStart[i] = out.length;
      for (const o of splitList(e.source)) out.push(this.outlets.id(o));
    }
    actStart[n] = act.length;
    outStart[n] = out.length;
    this.actStart = actStart; this.act = Int32Array.from(act);
    this.outStart = outStart; this.out = Int32Array.from(out);
    this.minDay = minDay; this.maxDay = maxDay;
    this.text = null; // built on the first full-text search
    this.version++;
  }

  buildText() {
    const t = new Array(this.events.length);
    const S = ' \u0001 ';
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i];
      let s = (e.notes || '') + S + (e.location || '') + S + (e.admin1 || '') + S + (e.admin2 || '') + S + (e.admin3 || '') + S + (e.actor1 || '') + S + (e.actor2 || '') +
        S + (e.assoc_actor_1 || '') + S + (e.assoc_actor_2 || '') + S + (e.source || '') + S + e.event_type + S + (e.sub_event_type || '') + S + e.id;
      if (e.docs) for (const d of e.docs) s += S + d;
      if (e.evidence) for (const sp of e.evidence) s += S + sp.text;
      t[i] = s.toLowerCase();
    }
    this.text = t;
  }

  /** Names an actor query stands for: canonical names and aliases from the catalogue, exact first, then partial. */
  actorIds(query) {
    const q = query.trim().toLowerCase();
    const names = new Set();
    for (const a of this.catalog) {
      const all = [a.name, ...(a.aliases || [])].filter(Boolean).map((x) => String(x).toLowerCase());
      if (all.includes(q)) all.forEach((x) => names.add(x));
    }
    const ids = new Set();
    const parts = (s) => { const l = s.toLowerCase(); const m = /^([^:]+):\s*(.+)$/.exec(l); return m ? [l, m[1].trim(), m[2].trim()] : [l]; };
    this.actors.names.forEach((s, i) => { if (parts(s).some((p) => p === q || names.has(p))) ids.add(i); });
    if (!ids.size) {
      for (const a of this.catalog) {
        const all = [a.name, ...(a.aliases || [])].filter(Boolean).map((x) => String(x).toLowerCase());
        if (all.some((x) => x.includes(q))) all.forEach((x) => names.add(x));
      }
      this.actors.names.forEach((s, i) => { if (parts(s).some((p) => p.includes(q) || names.has(p))) ids.add(i); });
    }
    return ids;
  }

  /** Indices of the events that pass the filters (and the time brush unless withBrush is false). */
  filter(state, withBrush = true) {
    const n = this.events.length;
    const from = state.from ? dayNumber(state.from) : -Infinity;
    const to = state.to ? dayNumber(state.to) : Infinity;
    let lo = from, hi = to;
    if (withBrush && state.b0) lo = Math.max(lo, dayNumber(state.b0));
    if (withBrush && state.b1) hi = Math.min(hi, dayNumber(state.b1));
    const dated = lo !== -Infinity || hi !== Infinity;
    const types = state.type ? new Set(state.type.split(',').map((t) => EVENT_TYPES.indexOf(t)).map((i) => (i < 0 ? EVENT_TYPES.length : i))) : null;
    const typeMask = types ? new Uint8Array(EVENT_TYPES.length + 1) : null;
    if (types) for (const t of types) typeMask[t] = 1;
    const a1 = state.admin1 ? this.admin.ids.get(state.admin1) ?? -2 : -1;
    const a2 = state.admin2 ? this.admin.ids.get(state.admin2) ?? -2 : -1;
    const ver = state.verified === 'yes' ? 1 : state.verified === 'no' ? 0 : -1;
    let actorSet = null;
    if (state.actor) {
      const ids = this.actorIds(state.actor);
      actorSet = new Uint8Array(this.actors.names.length);
      for (const i of ids) actorSet[i] = 1;
    }
    let outletId = -1;
    if (state.outlet) {
      const want = state.outlet.toLowerCase();
      outletId = -2;
      this.outlets.names.forEach((o, i) => { if (o.toLowerCase() === want) outletId = i; });
    }
    let words = null;
    if (state.q) {
      words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      if (!this.text) this.buildText();
    }
    let box = null;
    if (state.bbox) {
      const b = state.bbox.split(',').map(Number);
      if (b.length === 4 && b.every(Number.isFinite)) box = b;
    }
    const res = new Uint32Array(n);
    let k = 0;
    const { day, type, act, actStart, out, outStart } = this;
    outer: for (let i = 0; i < n; i++) {
      if (dated) { const d = day[i]; if (d === NO_DAY || d < lo || d > hi) continue; }
      if (typeMask && !typeMask[type[i]]) continue;
      if (a1 !== -1 && this.a1[i] !== a1) continue;
      if (a2 !== -1 && this.a2[i] !== a2) continue;
      if (ver !== -1 && this.ver[i] !== ver) continue;
      if (box) { const la = this.lat[i], lo = this.lon[i]; if (!(lo >= box[0] && la >= box[1] && lo <= box[2] && la <= box[3])) continue; }
      if (actorSet) {
        let ok = false;
        for (let j = actStart[i]; j < actStart[i + 1]; j++) if (actorSet[act[j]]) { ok = true; break; }
        if (!ok) continue;
      }
      if (outletId !== -1) {
        let ok = false;
        for (let j = outStart[i]; j < outStart[i + 1]; j++) if (out[j] === outletId) { ok = true; break; }
        if (!ok) continue;
      }
      if (words) {
        const t = this.text[i];
        for (const w of words) if (!t.includes(w)) continue outer;
      }
      res[k++] = i;
    }
    return res.subarray(0, k);
  }
}

/** Events per bin (day or week) and type, for the timeline. */
export function binEvents(ds, idx, minDay, maxDay, mode = '') {
  const span = maxDay - minDay + 1;
  // per day when asked, unless that would mean more than 3,000 bars
  const week = mode === 'week' || (mode === 'day' ? span > 3000 : span > 180);
  const size = week ? 7 : 1;
  // weeks start on Monday: day 0 (1970-01-01) was a Thursday
  const start = week ? minDay - ((minDay + 3) % 7 + 7) % 7 : minDay;
  const nbins = Math.max(1, Math.floor((maxDay - start) / size) + 1);
  const T = EVENT_TYPES.length + 1;
  const counts = new Uint32Array(nbins * T);
  for (const i of idx) {
    const d = ds.day[i];
    if (d === NO_DAY || d < start || d > maxDay) continue;
    counts[Math.floor((d - start) / size) * T + ds.type[i]]++;
  }
  return { start, size, nbins, counts, T, week };
}
