// The dashboard's entry point: loads the events from the local API, keeps the view state in the URL,
// and wires the filters, the map, the timeline, the list and the other views together.
import { h, clear, debounce, download, EVENT_TYPES, typeColor } from './dom.js';
import { getJSON, takeTokenFromFragment } from './api.js';
import { Dataset, readState, writeState, FILTER_KEYS, splitList } from './data.js';
import { EventMap } from './map.js';
import { Timeline } from './timeline.js';
import { renderEventDetail, loadEvent } from './event.js';
import { renderActors } from './actors.js';
import { renderSources } from './sources.js';
import { renderReview, reviewKey } from './review.js';
import { renderImport } from './importer.js';
import { toCSV, toGeoJSON } from './exports.js';

const FIRST_PAGE = 1000;
const PAGE = 10000;
const LIST_STEP = 100;
/**
 * The most events the dashboard holds, newest first (a tab keeps about 1 KB an event; a team's store may
 * hold millions): `?max=N` in the address changes it. The API and `sitrep events` reach the rest.
 */
const MAX_EVENTS = (() => {
  const m = Number(new URLSearchParams(location.search).get('max'));
  return Number.isInteger(m) && m > 0 ? m : 200_000;
})();

const app = {
  ds: new Dataset(),
  state: readState(),
  idx: new Uint32Array(0),
  idxNoBrush: new Uint32Array(0),
  outlets: [],
  timings: {},
  loading: true,
};
window.__sitrep = app; // for the browser tests and the benchmark

const $ = (id) => document.getElementById(id);
const status = (msg, kind = '') => { const s = $('status'); s.textContent = msg; s.className = kind; };
app.status = status;

app.setState = (patch, { push = false, refilter = true } = {}) => {
  Object.assign(app.state, patch);
  writeState(app.state, push);
  if (refilter) app.apply();
};

/** Runs the filters and redraws whatever is on screen. Returns the milliseconds it took. */
app.apply = () => {
  const t0 = performance.now();
  const s = app.state;
  app.idxNoBrush = app.ds.filter(s, false);
  app.idx = s.b0 || s.b1 ? app.ds.filter(s, true) : app.idxNoBrush;
  const t1 = performance.now();
  app.map.setData(app.ds, app.idx, s.event);
  const tm = performance.now();
  app.timeline.setData(app.ds, app.idxNoBrush, s);
  const tt = performance.now();
  renderCount();
  renderCurrentView();
  const t2 = performance.now();
  app.timings.filterMs = t1 - t0;
  app.timings.mapMs = tm - t1;
  app.timings.timelineMs = tt - tm;
  app.timings.viewMs = t2 - tt;
  app.timings.applyMs = t2 - t0;
  return t2 - t0;
};

/** Indices newest first (undated last), as a typed array: 100,000 events sort in a few milliseconds. */
app.sortedIdx = (idx = app.idx) => {
  const day = app.ds.day;
  const keys = new Float64Array(idx.length);
  const SHIFT = 4194304; // 2^22 events at most
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    const d = day[i] < -1e8 ? 0 : day[i] + 1e5; // undated sorts last
    keys[k] = (3e5 - d) * SHIFT + i;
  }
  keys.sort();
  const out = new Array(keys.length);
  for (let k = 0; k < keys.length; k++) out[k] = keys[k] % SHIFT;
  return out;
};

/** After a write: replace/add the events the API returned, drop the ones that are gone. */
app.changed = (updated = [], removed = []) => {
  if (removed.length) app.ds.remove(removed);
  if (updated.length) app.ds.upsert(updated.filter((e) => e && e.id));
  fillFilterOptions();
  app.apply();
};

app.openEvent = (id) => {
  if (app.state.view !== 'events' && app.state.view !== 'review') app.setState({ view: 'events' }, { refilter: false });
  app.setState({ event: id }, { push: true, refilter: false });
  showView();
  app.map.setData(app.ds, app.idx, id);
};

function renderLegend() {
  const on = app.state.type ? app.state.type.split(',') : [];
  for (const b of document.querySelectorAll('#legend .legend-item')) b.classList.toggle('off', on.length > 0 && !on.includes(b.dataset.type));
}

function renderCount() {
  renderLegend();
  const n = app.idx.length, all = app.ds.events.length;
  let fat = 0;
  for (const i of app.idx) fat += app.ds.fat[i];
  $('count').textContent = `${n.toLocaleString('en')} of ${all.toLocaleString('en')} events${app.capped ? ' (the newest)' : ''} · ${fat.toLocaleString('en')} fatalities${app.loading ? ' · loading…' : ''}`;
  const s = app.state;
  $('brush-label').textContent = s.b0 || s.b1 ? `selected ${s.b0 || '…'} to ${s.b1 || '…'}` : 'drag to select a period';
  $('brush-clear').hidden = !(s.b0 || s.b1);
}

let listShown = LIST_STEP;
function renderList(more = false) {
  const list = $('event-list');
  clear(list);
  const sorted = app.sortedIdx();
  listShown = more ? listShown + LIST_STEP : LIST_STEP;
  const shown = Math.min(listShown, sorted.length);
  const head = $('list-head');
  clear(head).append(h('span', null, sorted.length > shown ? `Latest ${shown} of ${sorted.length.toLocaleString('en')} events` : `${sorted.length} events`));
  const frag = document.createDocumentFragment();
  for (let k = 0; k < shown; k++) frag.append(eventRow(app.ds.events[sorted[k]]));
  if (sorted.length > shown) frag.append(h('li.more', null, h('button#list-more', { type: 'button', onclick: () => renderList(true) }, `Show ${Math.min(LIST_STEP, sorted.length - shown)} more`)));
  list.append(frag);
}

export function eventRow(e) {
  return h('li.event-row', { dataset: { id: e.id }, tabindex: 0, onclick: () => app.openEvent(e.id), onkeydown: (ev) => { if (ev.key === 'Enter') app.openEvent(e.id); } },
    h('span.swatch', { style: `background:${typeColor(e.event_type)}`, title: e.event_type }),
    h('span.date', null, e.event_date || 'undated'),
    h('span.what', null, `${e.sub_event_type || e.event_type}`),
    h('span.where', null, [e.location, e.admin1].filter(Boolean).join(', ')),
    h('span.who', null, [e.actor1, e.actor2].filter(Boolean).join(' vs ')),
    h('span.fat', { title: 'fatalities' }, e.fatalities ? `${e.fatalities} killed` : ''),
    e.verified ? h('span.badge.verified', null, 'verified') : null);
}
app.eventRow = eventRow;

async function renderDetail() {
  const d = $('detail');
  const id = app.state.event;
  if (!id || app.state.view !== 'events') { d.hidden = true; $('event-list').hidden = false; $('list-head').hidden = false; return; }
  d.hidden = false; $('event-list').hidden = true; $('list-head').hidden = true;
  clear(d).append(h('p', null, 'Loading event…'));
  try {
    const full = await loadEvent(id);
    if (app.state.event !== id) return;
    clear(d);
    d.append(h('button.back', { type: 'button', onclick: () => { app.setState({ event: '' }, { push: true, refilter: false }); showView(); app.map.setData(app.ds, app.idx, null); } }, '← Back to the list'));
    renderEventDetail(d, full, app);
  } catch (err) {
    clear(d).append(h('p.error', null, `Could not load event ${id}: ${err.message}`));
  }
}

function renderCurrentView() {
  const v = app.state.view;
  if (v === 'events') { renderList(); }
  else if (v === 'actors') renderActors($('view-actors'), app);
  else if (v === 'sources') renderSources($('view-sources'), app);
  else if (v === 'review') renderReview($('view-review'), app);
}

function showView() {
  const v = app.state.view;
  for (const name of ['events', 'actors', 'sources', 'review', 'import']) {
    $('view-' + name).hidden = name !== v;
    $('tab-' + name).classList.toggle('active', name === v);
    if (name === v) $('tab-' + name).setAttribute('aria-current', 'page'); else $('tab-' + name).removeAttribute('aria-current');
  }
  if (v === 'events') { app.map.map.invalidateSize(); renderList(); renderDetail(); }
  else if (v === 'import') renderImport($('view-import'), app);
  else renderCurrentView();
}
app.showView = showView;

// ---------- filters ----------
function fillSelect(sel, values, current) {
  const keep = sel.value || current;
  clear(sel).append(h('option', { value: '' }, sel.id === 'f-verified' ? 'any' : 'all'));
  for (const v of values) sel.append(h('option', { value: v }, v));
  if (keep && !values.includes(keep)) sel.append(h('option', { value: keep }, keep));
  sel.value = keep || '';
}

function fillFilterOptions() {
  const ds = app.ds, s = app.state;
  fillSelect($('f-type'), EVENT_TYPES, s.type);
  const a1 = new Set(), a2 = new Set();
  for (const e of ds.events) {
    if (e.admin1) a1.add(e.admin1);
    if (e.admin2 && (!s.admin1 || e.admin1 === s.admin1)) a2.add(e.admin2);
  }
  fillSelect($('f-admin1'), [...a1].sort(), s.admin1);
  fillSelect($('f-admin2'), [...a2].sort(), s.admin2);
  const outlets = new Set(ds.outlets.names);
  // outlets with reports only: the store also lists the outlets it knows by default (data/outlets.json)
  for (const o of app.outlets) if (o && o.name && !(typeof o.reports === "number" && o.reports === 0)) outlets.add(o.name);
  fillSelect($('f-outlet'), [...outlets].sort((a, b) => a.localeCompare(b)), s.outlet);
  const names = new Set(ds.actors.names);
  for (const a of ds.catalog) { if (a.name) names.add(a.name); for (const al of a.aliases || []) names.add(al); }
  const dl = clear($('actor-names'));
  for (const n of [...names].sort().slice(0, 3000)) dl.append(h('option', { value: n }));
}

function stateToForm() {
  const s = app.state;
  $('f-from').value = s.from; $('f-to').value = s.to;
  $('f-actor').value = s.actor; $('f-q').value = s.q;
  $('bin').value = s.bin || '';
  $('f-inmap').checked = !!s.bbox;
  for (const k of ['type', 'admin1', 'admin2', 'outlet', 'verified']) {
    const sel = $('f-' + k);
    if (s[k] && ![...sel.options].some((o) => o.value === s[k])) sel.append(h('option', { value: s[k] }, s[k]));
    sel.value = s[k];
  }
}

function wireFilters() {
  const form = $('filters');
  form.addEventListener('submit', (e) => e.preventDefault());
  const fromForm = () => {
    const patch = {};
    for (const k of FILTER_KEYS) patch[k] = ($('f-' + k).value || '').trim();
    // a 'change' after the 'input' that already applied it (e.g. leaving the search box) changes nothing
    if (FILTER_KEYS.every((k) => patch[k] === (app.state[k] || ''))) return;
    if (patch.admin1 !== app.state.admin1) { app.setState(patch, { refilter: false }); fillFilterOptions(); }
    app.setState(patch);
  };
  const later = debounce(fromForm, 180);
  form.addEventListener('input', (e) => (e.target.type === 'search' ? later() : fromForm()));
  form.addEventListener('change', fromForm);
  $('f-clear').addEventListener('click', () => {
    const patch = { b0: '', b1: '', bbox: '' };
    for (const k of FILTER_KEYS) patch[k] = '';
    app.setState(patch, { refilter: false });
    stateToForm();
    fillFilterOptions();
    app.apply();
  });
  $('brush-clear').addEventListener('click', () => app.setState({ b0: '', b1: '' }));
  $('bin').addEventListener('change', () => app.setState({ bin: $('bin').value }));
  $('f-inmap').addEventListener('change', (e) => { e.stopPropagation(); app.setState({ bbox: $('f-inmap').checked ? mapBox() : '' }); });
}

// ---------- exports ----------
function exportName(ext) {
  const s = app.state;
  const bits = ['sitrep', s.b0 || s.from, s.b1 || s.to, s.type, s.admin1].filter(Boolean).join('_').replace(/[^\w.-]+/g, '-');
  return `${bits}.${ext}`;
}
function wireExports() {
  const current = () => app.sortedIdx().map((i) => app.ds.events[i]);
  $('export-csv').addEventListener('click', () => download(exportName('csv'), new Blob([toCSV(current())], { type: 'text/csv' })));
  $('export-geojson').addEventListener('click', () => download(exportName('geojson'), new Blob([JSON.stringify(toGeoJSON(current()))], { type: 'application/geo+json' })));
  $('export-png').addEventListener('click', () => {
    if (app.state.view !== 'events') { app.setState({ view: 'events' }, { refilter: false }); showView(); }
    app.pngCanvas().toBlob((b) => download(exportName('png'), b), 'image/png');
  });
}
app.pngCanvas = () => {
  const m = app.map.toCanvas();
  const t = app.timeline.toCanvas(m.width, 150);
  const c = document.createElement('canvas');
  c.width = m.width; c.height = m.height + t.height + 24;
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(m, 0, 0);
  ctx.drawImage(t, 0, m.height + 24);
  ctx.fillStyle = '#222'; ctx.font = '12px system-ui, sans-serif'; ctx.textBaseline = 'middle';
  ctx.fillText($('count').textContent + filterSummary(), 6, m.height + 12);
  return c;
};
function filterSummary() {
  const s = app.state;
  const parts = [...FILTER_KEYS, 'b0', 'b1'].filter((k) => s[k]).map((k) => `${k}=${s[k]}`);
  return parts.length ? ' · ' + parts.join(' ') : '';
}

// ---------- loading ----------
async function loadEvents() {
  const t0 = performance.now();
  let cursor = null, first = true;
  const all = [];
  const redraw = debounce(() => { if (app.loading) { app.ds.setAll(all.slice()); fillFilterOptions(); app.apply(); } }, 1500);
  do {
    // a small first page so the first view comes quickly, then big pages
    const page = await getJSON('/api/events', { limit: Math.min(first ? FIRST_PAGE : PAGE, MAX_EVENTS - all.length), cursor });
    if (first) app.timings.firstPageAt = performance.now();
    const evs = page.events || [];
    for (const e of evs) all.push(e);
    cursor = page.next_cursor || null;
    if (first) {
      first = false;
      app.ds.setAll(all.slice());
      fillFilterOptions();
      stateToForm();
      if (!app.mapFromUrl) fitToEvents();
      app.apply();
      showView();
      app.timings.firstViewMs = performance.now() - t0;
      app.timings.firstViewSincePageStart = performance.now();
      document.body.dataset.ready = '1';
    } else if (cursor) redraw();
  } while (cursor && all.length < MAX_EVENTS);
  app.loading = false;
  app.capped = Boolean(cursor);
  app.ds.setAll(all);
  fillFilterOptions();
  stateToForm();
  app.apply();
  if (app.state.view === 'events' && app.state.event) renderDetail();
  // the full-text index is built while the analyst looks, so the first search is as quick as the next
  setTimeout(() => { const t = performance.now(); if (!app.ds.text) app.ds.buildText(); app.timings.textIndexMs = performance.now() - t; }, 50);
  app.timings.allLoadedMs = performance.now() - t0;
  app.timings.allLoadedSincePageStart = performance.now();
  document.body.dataset.loaded = '1';
  if (app.capped) status(`The newest ${all.length.toLocaleString('en')} events loaded; the store holds older ones too (add ?max=N to the address to load more, or use the API or sitrep events)`, 'warn');
  else status(`${all.length.toLocaleString('en')} events loaded`);
}

function mapBox() {
  const b = app.map.map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(4)).join(',');
}

/** Without a view in the URL, the map opens on the events (or on Syria when there are none). */
function fitToEvents() {
  const { lat, lon } = app.ds;
  let s = 90, w = 180, n = -90, e = -180;
  for (let i = 0; i < lat.length; i++) {
    if (lat[i] !== lat[i] || lon[i] !== lon[i]) continue;
    if (lat[i] < s) s = lat[i]; if (lat[i] > n) n = lat[i];
    if (lon[i] < w) w = lon[i]; if (lon[i] > e) e = lon[i];
  }
  if (n < s) return;
  app.map.map.fitBounds([[s, w], [n, e]], { padding: [40, 40], maxZoom: 9, animate: false });
}

/** Fetches events changed since the newest one held (after an import or another analyst's edits). */
app.refresh = async () => {
  let since = '';
  for (const e of app.ds.events) if (e.updated_at && e.updated_at > since) since = e.updated_at;
  let cursor = null;
  const got = [];
  do {
    const page = await getJSON('/api/events', { limit: PAGE, cursor, updated_since: since || undefined });
    got.push(...(page.events || []));
    cursor = page.next_cursor || null;
  } while (cursor);
  let gone = got.filter((e) => e.deleted).map((e) => e.id);
  if (since) {
    try {
      const d = await getJSON('/api/deletions', { since });
      gone = gone.concat((d.deletions || d || []).map((x) => x.id));
    } catch { /* older API: no deletions route */ }
  }
  app.changed(got.filter((e) => !e.deleted), gone);
  return got;
};

async function boot() {
  app.timings.bootAt = performance.now();
  takeTokenFromFragment();
  app.mapFromUrl = !!app.state.map;
  app.map = new EventMap($('map'), {
    onSelect: (id) => app.openEvent(id),
    onMove: (v) => {
      app.state.map = v;
      if (app.state.bbox) app.setState({ bbox: mapBox() }); else writeState(app.state);
    },
  });
  app.map.setView(app.state.map);
  app.timeline = new Timeline($('timeline'), { onBrush: (r) => app.setState({ b0: r ? r[0] : '', b1: r ? r[1] : '' }) });
  const legend = $('legend');
  for (const t of EVENT_TYPES) {
    legend.append(h('button.legend-item', { type: 'button', dataset: { type: t }, title: `Click: show only ${t} (again: all). Shift-click: add or remove it`,
      onclick: (e) => {
        const now = app.state.type ? app.state.type.split(',') : [];
        let next;
        if (e.shiftKey) next = now.includes(t) ? now.filter((x) => x !== t) : [...now, t];
        else next = now.length === 1 && now[0] === t ? [] : [t];
        app.setState({ type: next.join(',') });
        stateToForm();
      } },
      h('span.swatch', { style: `background:${typeColor(t)}` }), t));
  }
  legend.append(h('span.legend-note', null, 'dot size: fatalities · dashed area: approximate place (precision 2–3) · ring: cluster of events, by type'));
  for (const a of document.querySelectorAll('#tabs a')) {
    a.addEventListener('click', (e) => { e.preventDefault(); app.setState({ view: a.dataset.view }, { push: true, refilter: false }); showView(); });
  }
  window.addEventListener('popstate', () => { app.state = readState(); stateToForm(); app.apply(); showView(); });
  document.addEventListener('keydown', (e) => { if (app.state.view === 'review') reviewKey(e, app); });
  wireFilters();
  wireExports();
  fillFilterOptions();
  stateToForm();
  showView();
  const events = loadEvents(); // first: the first page of events is what the first view waits for
  const basemap = app.map.loadBasemap('/ui/assets/basemap.json').catch((e) => status(`basemap: ${e.message}`, 'error'));
  getJSON('/api/actors').then((a) => { app.ds.catalog = normaliseActors(a); fillFilterOptions(); stateToForm(); if (app.state.actor) app.apply(); }).catch(() => {});
  getJSON('/api/outlets').then((o) => { app.outlets = Array.isArray(o) ? o : o.outlets || []; fillFilterOptions(); stateToForm(); if (app.state.view === 'sources') renderCurrentView(); }).catch(() => {});
  try {
    await events;
  } catch (err) {
    status(`Could not load events: ${err.message}`, 'error');
    document.body.dataset.ready = '1';
  }
  await basemap;
}

function normaliseActors(a) {
  const list = Array.isArray(a) ? a : a.actors || [];
  return list.map((x) => (typeof x === 'string' ? { name: x, aliases: [] } : { ...x, name: x.name || x.canonical || x.id, aliases: Array.isArray(x.aliases) ? x.aliases : splitList(x.aliases) }));
}

boot();
