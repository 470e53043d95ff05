// The actor view: the actors in the chosen period, each one's aliases, kind and affiliations over time
// (from the API's actor knowledge), and a network of who fought, arrested or agreed with whom, drawn
// from the events that pass the filters (so the time brush and every filter shape it).
import { h, clear } from './dom.js';
import { getJSON } from './api.js';
import { splitList } from './data.js';
import { fmt } from './event.js';

const SVG = 'http://www.w3.org/2000/svg';
const REL_COLORS = { fought: '#c0392b', arrested: '#8e44ad', agreed: '#27ae60', attacked: '#e67e22', other: '#7f8c8d' };

export function relation(e) {
  const sub = (e.sub_event_type || '').toLowerCase();
  if (e.event_type === 'Battles') return 'fought';
  if (sub.includes('arrest')) return 'arrested';
  if (sub.includes('agreement')) return 'agreed';
  if (e.event_type === 'Explosions/Remote violence' || e.event_type === 'Violence against civilians') return 'attacked';
  return 'other';
}

/** Nodes and edges from events: side 1 (actor1 + associates) against side 2 (actor2 + associates). */
export function buildNetwork(events) {
  const nodes = new Map();
  const edges = new Map();
  for (const e of events) {
    const s1 = [e.actor1, ...splitList(e.assoc_actor_1)].filter(Boolean);
    const s2 = [e.actor2, ...splitList(e.assoc_actor_2)].filter(Boolean);
    for (const a of [...s1, ...s2]) nodes.set(a, (nodes.get(a) || 0) + 1);
    const rel = relation(e);
    for (const a of s1) for (const b of s2) {
      if (a === b) continue;
      const key = a + '\u0000' + b;
      let ed = edges.get(key);
      if (!ed) { ed = { source: a, target: b, count: 0, types: {} }; edges.set(key, ed); }
      ed.count++;
      ed.types[rel] = (ed.types[rel] || 0) + 1;
    }
  }
  return { nodes: [...nodes].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count), edges: [...edges.values()] };
}

export function renderActors(el, app) {
  const events = Array.from(app.idx, (i) => app.ds.events[i]);
  const net = buildNetwork(events);
  clear(el);
  const selected = app.state.an || (net.nodes[0] && net.nodes[0].id) || '';
  const list = h('ol.actor-list');
  for (const n of net.nodes.slice(0, 200)) {
    list.append(h('li', { class: n.id === selected ? 'active' : '', dataset: { actor: n.id } },
      h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); app.setState({ an: n.id }, { refilter: false }); renderActors(el, app); } }, n.id), h('span.muted', null, ` ${n.count}`)));
  }
  const side = h('div.actor-side', null, h('h2', null, `Actors in view (${net.nodes.length})`), list);
  const detail = h('div.actor-detail');
  const graph = h('div.network-wrap', null, h('h2', null, 'Who fought, arrested or agreed with whom'),
    h('p.muted', null, `From the ${events.length.toLocaleString('en')} events that pass the filters${app.state.b0 || app.state.b1 ? ' and the time brush' : ''}. Click a node to see the actor.`));
  graph.append(drawNetwork(net, selected, (id) => { app.setState({ an: id }, { refilter: false }); renderActors(el, app); }));
  graph.append(h('p.legend', null, Object.entries(REL_COLORS).map(([k, c]) => h('span.rel', null, h('span.line', { style: `background:${c}` }), k))));
  const knowledge = h('div.actor-knowledge');
  el.append(h('div.actors-layout', null, side, h('div.actor-main', null, detail, graph, knowledge)));
  if (selected) renderActorDetail(detail, knowledge, selected, events, net, app);
}

async function renderActorDetail(el, box, name, events, net, app) {
  const mine = events.filter((e) => [e.actor1, e.actor2, ...splitList(e.assoc_actor_1), ...splitList(e.assoc_actor_2)].includes(name));
  const dates = mine.map((e) => e.event_date).filter(Boolean).sort();
  const byType = {};
  for (const e of mine) byType[e.event_type] = (byType[e.event_type] || 0) + 1;
  el.append(h('h2.actor-name', null, name),
    h('p', null, `${mine.length} events in view`, dates.length ? `, ${dates[0]} to ${dates[dates.length - 1]}` : '', ' · ', Object.entries(byType).map(([t, n]) => `${t}: ${n}`).join(', ')),
    h('p', null, h('button', { type: 'button', onclick: () => { app.setState({ actor: name, view: 'events' }, { push: true }); document.getElementById('f-actor').value = name; app.showView(); } }, 'Show these events on the map')));
  const partners = net.edges.filter((e) => e.source === name || e.target === name).sort((a, b) => b.count - a.count).slice(0, 15);
  if (partners.length) {
    box.append(h('table.partners', null, h('caption', null, 'Counterparts'), h('tr', null, h('th', null, 'with'), h('th', null, 'relation'), h('th', null, 'events')),
      partners.map((p) => h('tr', null, h('td', null, p.source === name ? p.target : p.source), h('td', null, Object.entries(p.types).map(([k, v]) => `${k} ${v}`).join(', ')), h('td', null, String(p.count))))));
  }
  const loading = h('p.muted', null, 'Loading what the actor knowledge says…');
  box.append(loading);
  try {
    const a = await getJSON('/api/actors/' + encodeURIComponent(name));
    loading.remove();
    renderKnowledge(box, a);
  } catch (err) {
    loading.replaceWith(h('p.muted', null, err.status === 404 ? 'Not in the actor knowledge (data/actors.json).' : `actor knowledge not available: ${err.message}`));
  }
}

/** Renders whatever the API says about an actor: aliases, kind, inter, affiliations over time, former names. */
function renderKnowledge(box, a) {
  const table = h('table.fields', null, h('caption', null, 'Actor knowledge'));
  const order = ['name', 'kind', 'inter', 'aliases', 'former_names', 'formerNames', 'affiliations'];
  const keys = [...order.filter((k) => k in a), ...Object.keys(a).filter((k) => !order.includes(k))];
  for (const k of keys) {
    const v = a[k];
    let cell;
    if ((k === 'over_time' || k === 'event_types') && Array.isArray(v)) {
      cell = v.map((x) => `${x.key}: ${x.count}`).join(' · ');
    } else if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) {
      const cols = [...new Set(v.flatMap((x) => (x && typeof x === 'object' ? Object.keys(x) : [])))];
      const rows = [...v].sort((x, y) => String(x.from ?? x.since ?? x.start ?? '').localeCompare(String(y.from ?? y.since ?? y.start ?? '')));
      cell = h('table.inner', null, h('tr', null, cols.map((c) => h('th', null, c))), rows.map((x) => h('tr', null, cols.map((c) => h('td', null, fmt(x[c]))))));
    } else if (Array.isArray(v)) cell = v.length ? v.map(fmt).join(', ') : '—';
    else cell = fmt(v);
    table.append(h('tr', { dataset: { field: k } }, h('th', null, k), h('td', null, cell)));
  }
  box.append(table);
}

function drawNetwork(net, selected, onPick) {
  const W = 860, H = 400;
  const nodes = net.nodes.slice(0, 40).map((n, i) => ({ ...n, x: W / 2 + Math.cos(i * 2.4) * (60 + i * 4), y: H / 2 + Math.sin(i * 2.4) * (60 + i * 4), vx: 0, vy: 0 }));
  const at = new Map(nodes.map((n) => [n.id, n]));
  const edges = net.edges.filter((e) => at.has(e.source) && at.has(e.target));
  // a small force layout: repulsion between nodes, springs along edges, pull to the centre
  for (let it = 0; it < 250; it++) {
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y;
      const d2 = Math.max(dx * dx + dy * dy, 25);
      a.vx += (dx / d2) * 600; a.vy += (dy / d2) * 600;
    }
    for (const e of edges) {
      const a = at.get(e.source), b = at.get(e.target);
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - 110) * 0.02;
      a.vx += (dx / d) * f; a.vy += (dy / d) * f; b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.02; n.vy += (H / 2 - n.y) * 0.03;
      n.x += Math.max(-20, Math.min(20, n.vx)); n.y += Math.max(-20, Math.min(20, n.vy));
      n.vx *= 0.5; n.vy *= 0.5;
      n.x = Math.max(20, Math.min(W - 200, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y));
    }
  }
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'network');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Network of actors');
  const el = (tag, attrs, text) => {
    const x = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) x.setAttribute(k, String(v));
    if (text !== undefined) x.textContent = text;
    return x;
  };
  if (!nodes.length) { svg.append(el('text', { x: 20, y: 30, fill: '#777' }, 'No actors in view')); return svg; }
  const maxC = Math.max(...edges.map((e) => e.count), 1);
  for (const e of edges) {
    const a = at.get(e.source), b = at.get(e.target);
    const rel = Object.entries(e.types).sort((x, y) => y[1] - x[1])[0][0];
    const line = el('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: REL_COLORS[rel] || REL_COLORS.other, 'stroke-width': 1 + (4 * e.count) / maxC, 'stroke-opacity': 0.75, class: 'edge' });
    line.append(el('title', {}, `${e.source} → ${e.target}: ${Object.entries(e.types).map(([k, v]) => `${k} ${v}`).join(', ')}`));
    svg.append(line);
  }
  const maxN = Math.max(...nodes.map((n) => n.count), 1);
  for (const n of nodes) {
    const g = el('g', { class: 'node' + (n.id === selected ? ' selected' : ''), transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`, tabindex: 0 });
    g.dataset.actor = n.id;
    g.append(el('circle', { r: 4 + (10 * Math.sqrt(n.count)) / Math.sqrt(maxN), fill: n.id === selected ? '#111' : '#34495e', stroke: '#fff', 'stroke-width': 1.5 }));
    g.append(el('text', { x: 8, y: 4, 'font-size': 10 }, n.id.length > 34 ? n.id.slice(0, 32) + '…' : n.id));
    g.append(el('title', {}, `${n.id}: ${n.count} events`));
    g.addEventListener('click', () => onPick(n.id));
    g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') onPick(n.id); });
    svg.append(g);
  }
  return svg;
}
