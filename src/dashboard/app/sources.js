// The source view: what each outlet reports (events by type in the current view, its grade and totals)
// and how each outlet names the same actor ("terrorists", "rebels", "regime forces"...), side by side.
import { h, clear, EVENT_TYPES, typeColor } from './dom.js';
import { getJSON } from './api.js';
import { splitList } from './data.js';

export function renderSources(el, app) {
  clear(el);
  const ds = app.ds;
  const per = new Map();
  const row = (name) => {
    let r = per.get(name);
    if (!r) { r = { name, inView: 0, fat: 0, types: {}, grade: null, reports: null, events: null }; per.set(name, r); }
    return r;
  };
  for (const o of app.outlets) if (o && o.name && o.reports !== 0) Object.assign(row(o.name), { grade: o.grade ?? null, reports: o.reports ?? null, events: o.events ?? null });
  for (const i of app.idx) {
    const e = ds.events[i];
    for (const o of splitList(e.source)) {
      const r = row(o);
      r.inView++; r.fat += e.fatalities || 0;
      r.types[e.event_type] = (r.types[e.event_type] || 0) + 1;
    }
  }
  const rows = [...per.values()].sort((a, b) => b.inView - a.inView || String(a.name).localeCompare(b.name));
  const table = h('table.outlets', null, h('caption', null, 'What each outlet reports (events in the current view)'),
    h('tr', null, ['outlet', 'grade', 'reports', 'events (all)', 'events in view', 'fatalities in view', 'by type'].map((c) => h('th', null, c))));
  for (const r of rows) {
    const bar = h('span.typebar');
    for (const t of EVENT_TYPES) if (r.types[t]) bar.append(h('span', { style: `background:${typeColor(t)};flex-grow:${r.types[t]}`, title: `${t}: ${r.types[t]}` }));
    table.append(h('tr', { dataset: { outlet: r.name } },
      h('td', null, h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); app.setState({ outlet: r.name, view: 'events' }, { push: true }); document.getElementById('f-outlet').value = r.name; app.showView(); } }, r.name)),
      h('td', null, r.grade ?? '—'), h('td', null, r.reports ?? '—'), h('td', null, r.events ?? '—'), h('td', null, String(r.inView)), h('td', null, String(r.fat)), h('td', null, bar)));
  }
  // naming
  const actorCounts = new Map();
  for (const i of app.idx) for (let j = ds.actStart[i]; j < ds.actStart[i + 1]; j++) actorCounts.set(ds.act[j], (actorCounts.get(ds.act[j]) || 0) + 1);
  const actors = [...actorCounts].sort((a, b) => b[1] - a[1]).map(([id]) => ds.actors.names[id]);
  for (const a of ds.catalog) if (a.name && !actors.includes(a.name)) actors.push(a.name);
  const chosen = app.state.na || '';
  const sel = h('select#naming-actor', { onchange: () => { app.setState({ na: sel.value }, { refilter: false }); loadNaming(out, sel.value, app); } },
    h('option', { value: '' }, 'all actors (table)'), actors.slice(0, 500).map((a) => h('option', { value: a }, a)));
  if (chosen && !actors.includes(chosen)) sel.append(h('option', { value: chosen }, chosen));
  sel.value = chosen;
  const out = h('div#naming');
  el.append(h('div.sources-layout', null, table,
    h('section.naming-wrap', null, h('h2', null, 'How each outlet names the same actors'), h('label', null, 'Actor ', sel), out)));
  loadNaming(out, chosen, app);
}

/** The naming answer as a table: actor → outlet → forms, with the outlets in columns. */
export function namingMatrix(data) {
  const list = Array.isArray(data) ? data : data && (data.outlets ?? data.naming ?? []);
  const outlets = [];
  const rows = new Map();
  for (const o of Array.isArray(list) ? list : []) {
    const outlet = o.outlet ?? o.name ?? '?';
    if (!Array.isArray(o.actors)) continue;
    outlets.push(outlet);
    for (const a of o.actors) {
      let r = rows.get(a.actor);
      if (!r) rows.set(a.actor, (r = { actor: a.actor, total: 0, by: new Map() }));
      const forms = normaliseNaming([{ outlet, forms: a.forms ?? [] }])[0]?.forms ?? [];
      r.by.set(outlet, forms);
      r.total += forms.reduce((n, f) => n + (f.count ?? 1), 0);
    }
  }
  return { outlets, rows: [...rows.values()].sort((x, y) => y.total - x.total) };
}

/** Accepts the naming answer in the shapes an API may reasonably give, as [{outlet, forms:[{form,count}]}]. */
export function normaliseNaming(data) {
  const forms = (v) => {
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? { form: x, count: null } : { form: x.form ?? x.surface ?? x.name ?? x.text ?? '', count: x.count ?? x.n ?? null }));
    if (v && typeof v === 'object') return Object.entries(v).map(([form, count]) => ({ form, count: typeof count === 'number' ? count : null }));
    return [];
  };
  let d = data;
  if (d && !Array.isArray(d)) d = d.outlets ?? d.naming ?? d.results ?? d;
  if (Array.isArray(d)) {
    return d.map((x) => {
      // {outlet, actors: [{actor, forms}]}: the forms of every actor asked for, added up
      if (Array.isArray(x.actors)) {
        const sum = new Map();
        for (const a of x.actors) for (const f of forms(a.forms ?? [])) sum.set(f.form, (sum.get(f.form) ?? 0) + (f.count ?? 0));
        return { outlet: x.outlet ?? x.name ?? '?', forms: [...sum].map(([form, count]) => ({ form, count })) };
      }
      return { outlet: x.outlet ?? x.name ?? x.source ?? '?', forms: forms(x.forms ?? x.surface_forms ?? x.names ?? x.terms ?? []) };
    }).filter((o) => o.forms.length);
  }
  if (d && typeof d === 'object') return Object.entries(d).filter(([k]) => k !== 'actor').map(([outlet, v]) => ({ outlet, forms: forms(v) }));
  return [];
}

async function loadNaming(out, actor, app) {
  clear(out).append(h('p.muted', null, 'Loading…'));
  try {
    if (!actor) {
      const s = app.state;
      const m = namingMatrix(await getJSON('/api/outlets/naming', { from: s.b0 || s.from, to: s.b1 || s.to, admin1: s.admin1, event_type: s.type && !s.type.includes(',') ? s.type : undefined }));
      clear(out);
      if (!m.rows.length) { out.append(h('p.muted', null, 'No outlet in the store names an actor in this view.')); return; }
      out.append(h('table#naming-table.naming-table', null,
        h('tr', null, h('th', null, 'actor'), m.outlets.map((o) => h('th', null, o))),
        m.rows.slice(0, 40).map((r) => h('tr', { dataset: { actor: r.actor } }, h('th', null, r.actor),
          m.outlets.map((o) => h('td', null, (r.by.get(o) || []).slice(0, 8).map((f) => h('div', null, h('q', null, f.form), f.count !== null ? h('span.muted', null, ` ×${f.count}`) : null))))))));
      return;
    }
    const data = normaliseNaming(await getJSON('/api/outlets/naming', { actor }));
    clear(out);
    if (!data.length) { out.append(h('p.muted', null, `No outlet in the store names ${actor}.`)); return; }
    const grid = h('div.naming-grid');
    for (const o of data) {
      const sorted = [...o.forms].sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
      grid.append(h('div.naming-col', { dataset: { outlet: o.outlet } }, h('h3', null, o.outlet),
        h('ul.plain', null, sorted.map((f) => h('li', null, h('q', null, f.form), f.count !== null ? h('span.muted', null, ` ×${f.count}`) : null)))));
    }
    out.append(grid);
  } catch (err) {
    clear(out).append(h('p.muted', null, `naming not available: ${err.message}`));
  }
}
