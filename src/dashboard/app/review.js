// Review with the keyboard: verify, correct, delete, merge and split events. Every change goes through
// the API with the analyst's token, and the audit trail under the event shows who made it.
import { h, clear, EVENT_TYPES } from './dom.js';
import { write } from './api.js';
import { loadEvent, renderEventDetail } from './event.js';

const MAX = 500;
const rv = { id: null, marked: new Set(), mode: null, el: null, app: null, order: [], full: null, splitPick: new Set() };
const EDIT_FIELDS = ['event_date', 'event_type', 'sub_event_type', 'actor1', 'actor2', 'location', 'admin1', 'admin2', 'latitude', 'longitude', 'geo_precision', 'fatalities', 'notes'];
const NUMERIC = new Set(['latitude', 'longitude', 'geo_precision', 'fatalities']);

const HELP = [['j / ↓', 'next'], ['k / ↑', 'previous'], ['v', 'verify'], ['e', 'correct (Enter saves, Esc cancels)'], ['d / Delete', 'delete (then y)'],
  ['x', 'mark for merge'], ['m', 'merge the marked events'], ['s', 'split: pick sources with 1–9, Enter splits them off'], ['o', 'open on the map']];

export function renderReview(el, app) {
  rv.el = el; rv.app = app;
  const sorted = app.sortedIdx().slice(0, MAX).map((i) => app.ds.events[i]);
  rv.order = sorted.map((e) => e.id);
  if (!rv.id || !rv.order.includes(rv.id)) rv.id = rv.order[0] || null;
  for (const id of [...rv.marked]) if (!app.ds.get(id)) rv.marked.delete(id);
  clear(el);
  const list = h('ol#review-list.review-list', { tabindex: 0 });
  for (const e of sorted) {
    const row = app.eventRow(e);
    row.onclick = null;
    row.addEventListener('click', (ev) => { ev.stopPropagation(); select(e.id); });
    row.classList.toggle('current', e.id === rv.id);
    row.classList.toggle('marked', rv.marked.has(e.id));
    if (rv.marked.has(e.id)) row.prepend(h('span.badge.mark', null, 'marked'));
    list.append(row);
  }
  const keys = h('dl.keys', null, HELP.map(([k, d]) => [h('dt', null, h('kbd', null, k)), h('dd', null, d)]));
  const panel = h('div#review-panel.review-panel');
  el.append(h('div.review-layout', null,
    h('div.review-side', null, h('p.muted', null, `${sorted.length} events${app.idx.length > MAX ? ` (first ${MAX} of ${app.idx.length})` : ''}; ${rv.marked.size} marked`), list),
    h('div.review-main', null, h('div#review-msg.review-msg', { role: 'status' }), keys, panel)));
  loadPanel();
  const cur = list.querySelector('.current');
  if (cur) cur.scrollIntoView({ block: 'nearest' });
}

function msg(text, kind = '') {
  const m = document.getElementById('review-msg');
  if (m) { m.textContent = text; m.className = 'review-msg ' + kind; }
  rv.app.status(text, kind);
}

function select(id) {
  rv.id = id; rv.mode = null; rv.splitPick.clear();
  for (const li of rv.el.querySelectorAll('#review-list li')) li.classList.toggle('current', li.dataset.id === id);
  const cur = rv.el.querySelector('#review-list li.current');
  if (cur) cur.scrollIntoView({ block: 'nearest' });
  loadPanel();
}

async function loadPanel() {
  const panel = document.getElementById('review-panel');
  if (!panel) return;
  const id = rv.id;
  clear(panel);
  if (!id) { panel.append(h('p.muted', null, 'No events to review with these filters.')); return; }
  panel.append(h('p.muted', null, 'Loading…'));
  try {
    const full = await loadEvent(id);
    if (rv.id !== id) return;
    rv.full = full;
    clear(panel);
    if (rv.mode === 'edit') panel.append(editForm(full));
    if (rv.mode === 'split') panel.append(splitPicker(full));
    renderEventDetail(panel, full, rv.app, { compact: true });
  } catch (err) {
    clear(panel).append(h('p.error', null, `Could not load ${id}: ${err.message}`));
  }
}

function editForm(ev) {
  const form = h('form#edit-form.edit-form', null, h('h3', null, 'Correct this event'));
  for (const f of EDIT_FIELDS) {
    let input;
    if (f === 'event_type') input = h('select', { name: f }, EVENT_TYPES.map((t) => h('option', { value: t }, t)));
    else if (f === 'notes') input = h('textarea', { name: f, rows: 3 });
    else input = h('input', { name: f, type: NUMERIC.has(f) ? 'number' : 'text', step: NUMERIC.has(f) ? 'any' : null });
    input.value = ev[f] === null || ev[f] === undefined ? '' : String(ev[f]);
    form.append(h('label', null, h('span', null, f), input));
  }
  form.append(h('p', null, h('button', { type: 'submit' }, 'Save (Enter)'), ' ', h('button', { type: 'button', onclick: () => { rv.mode = null; loadPanel(); } }, 'Cancel (Esc)')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const patch = {};
    for (const f of EDIT_FIELDS) {
      const raw = form.elements[f].value;
      const v = NUMERIC.has(f) ? (raw === '' ? null : Number(raw)) : raw;
      const old = ev[f] === undefined ? null : ev[f];
      if (String(v ?? '') !== String(old ?? '')) patch[f] = v;
    }
    if (!Object.keys(patch).length) { rv.mode = null; msg('Nothing changed'); loadPanel(); return; }
    await act(`Saved ${Object.keys(patch).join(', ')}`, async () => {
      const updated = await write('PATCH', `/api/events/${encodeURIComponent(ev.id)}`, patch);
      rv.mode = null;
      rv.app.changed([updated && updated.id ? updated : { ...rv.app.ds.get(ev.id), ...patch }]);
    });
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); rv.mode = null; loadPanel(); }
    if (e.key === 'Enter' && e.target.tagName !== 'TEXTAREA') { e.preventDefault(); form.requestSubmit(); }
  });
  setTimeout(() => form.elements[EDIT_FIELDS[0]].focus(), 0);
  return form;
}

function splitPicker(full) {
  const box = h('div#split-picker.split-picker', null, h('h3', null, 'Split: choose the sources to move into a new event (1–9), Enter to split, Esc to cancel'));
  (full.sources || []).forEach((s, n) => {
    const cb = h('input', { type: 'checkbox', value: s.report_id, checked: rv.splitPick.has(s.report_id) });
    cb.addEventListener('change', () => { if (cb.checked) rv.splitPick.add(s.report_id); else rv.splitPick.delete(s.report_id); });
    box.append(h('label.split-source', null, cb, ` ${n + 1}. ${s.outlet || '?'} — ${s.title || s.report_id}`));
  });
  return box;
}

async function act(done, fn) {
  try {
    await fn();
    msg(done, 'ok');
  } catch (err) {
    msg(`Failed: ${err.message}`, 'error');
  }
}

function move(d) {
  const i = rv.order.indexOf(rv.id);
  const j = Math.max(0, Math.min(rv.order.length - 1, (i < 0 ? 0 : i) + d));
  if (rv.order[j]) select(rv.order[j]);
}

/** The review keyboard. Keys typed into a form field are left alone. */
export function reviewKey(e, app) {
  if (!rv.el || e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (t && (t.tagName === 'INPUT' && t.type !== 'checkbox' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') && !(rv.mode === 'split')) return;
  if (document.getElementById('token-dialog').open) return;
  const id = rv.id;
  const k = e.key;
  if (rv.mode === 'confirm-delete') {
    e.preventDefault();
    rv.mode = null;
    if (k === 'y' || k === 'Y') {
      act(`Deleted ${id}`, async () => { await write('DELETE', `/api/events/${encodeURIComponent(id)}`); move(1); app.changed([], [id]); });
    } else msg('Delete cancelled');
    return;
  }
  if (rv.mode === 'split') {
    if (/^[1-9]$/.test(k)) {
      const s = (rv.full && rv.full.sources || [])[Number(k) - 1];
      if (s) { if (rv.splitPick.has(s.report_id)) rv.splitPick.delete(s.report_id); else rv.splitPick.add(s.report_id); loadPanel(); }
      e.preventDefault(); return;
    }
    if (k === 'Escape') { rv.mode = null; rv.splitPick.clear(); loadPanel(); e.preventDefault(); return; }
    if (k === 'Enter') {
      e.preventDefault();
      const picks = [...rv.splitPick];
      if (!picks.length) { msg('Pick at least one source to split off'); return; }
      rv.mode = null; rv.splitPick.clear();
      act(`Split ${picks.length} source(s) out of ${id}`, async () => {
        const res = await write('POST', `/api/events/${encodeURIComponent(id)}/split`, { report_ids: picks });
        const list = Array.isArray(res) ? res : res && Array.isArray(res.events) ? res.events : [];
        app.changed(list);
      });
      return;
    }
    return;
  }
  if (!id) return;
  switch (k) {
    case 'j': case 'ArrowDown': e.preventDefault(); move(1); break;
    case 'k': case 'ArrowUp': e.preventDefault(); move(-1); break;
    case 'v':
      e.preventDefault();
      act(`Verified ${id}`, async () => { const ev = await write('POST', `/api/events/${encodeURIComponent(id)}/verify`); app.changed([ev && ev.id ? ev : { ...app.ds.get(id), verified: true }]); });
      break;
    case 'e': e.preventDefault(); rv.mode = 'edit'; loadPanel(); break;
    case 'd': case 'Delete': e.preventDefault(); rv.mode = 'confirm-delete'; msg(`Delete ${id}? Press y to delete, any other key to cancel`, 'warn'); break;
    case 'x':
      e.preventDefault();
      if (rv.marked.has(id)) rv.marked.delete(id); else rv.marked.add(id);
      msg(`${rv.marked.size} marked for merge`);
      renderReview(rv.el, app);
      break;
    case 'm': {
      e.preventDefault();
      const ids = [...rv.marked];
      if (ids.length < 2) { msg('Mark at least two events with x, then press m'); break; }
      act(`Merged ${ids.length} events`, async () => {
        const merged = await write('POST', '/api/events/merge', { ids });
        rv.marked.clear();
        const keep = merged && merged.id ? merged.id : ids[0];
        rv.id = keep;
        app.changed(merged && merged.id ? [merged] : [], ids.filter((x) => x !== keep));
      });
      break;
    }
    case 's': e.preventDefault(); rv.mode = 'split'; rv.splitPick.clear(); loadPanel(); break;
    case 'o': e.preventDefault(); app.setState({ view: 'events', event: id }, { push: true, refilter: false }); app.showView(); break;
    default: break;
  }
}
