// The event view: every field, each source with its report text and the evidence highlighted, the figures
// each source gives side by side, the original links, and the audit trail (who changed what).
import { h, clear, highlighted, safeUrl, typeColor } from './dom.js';
import { getJSON } from './api.js';

export async function loadEvent(id) {
  return getJSON('/api/events/' + encodeURIComponent(id));
}

const FIELD_ORDER = ['id', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2',
  'interaction', 'civilian_targeting', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'notes',
  'fatalities', 'fatalities_low', 'fatalities_high', 'injured', 'arrested', 'confidence', 'credibility', 'sources_count', 'verified', 'merge_reason',
  'doc', 'docs', 'created_at', 'updated_at'];
const SKIP = new Set(['sources', 'evidence', 'corrections', 'deleted']);
export const COMPARE = ['event_date', 'fatalities', 'fatalities_low', 'fatalities_high', 'injured', 'arrested', 'location', 'admin1', 'actor1', 'actor2', 'event_type', 'sub_event_type'];

export function fmt(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.map(fmt).join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function renderEventDetail(el, ev, app, { compact = false } = {}) {
  const corrected = new Set(Object.keys(ev.corrections || {}));
  el.append(
    h('h2.event-title', null, h('span.swatch', { style: `background:${typeColor(ev.event_type)}` }),
      `${ev.event_type}${ev.sub_event_type ? ' — ' + ev.sub_event_type : ''}`),
    h('p.event-sub', null, `${ev.event_date || 'undated'} · ${[ev.location, ev.admin2, ev.admin1].filter(Boolean).join(', ')} · ${ev.fatalities} fatalities`,
      ev.verified ? h('span.badge.verified', null, 'verified') : h('span.badge', null, 'not verified')),
  );
  const audit = h('div.audit', null, h('h3', null, 'Changes (audit)'), h('p', null, 'Loading…'));
  if (compact) el.append(audit); // in review, who changed what comes first
  if (ev.notes) el.append(h('p.notes', null, ev.notes));

  // figures side by side
  const sources = ev.sources || [];
  if (sources.length) {
    const table = h('table.compare');
    table.append(h('caption', null, 'What each source says'));
    table.append(h('tr', null, h('th', null, 'field'), h('th', null, 'merged'), sources.map((s) => h('th', { title: s.report_id }, s.outlet || s.report_id))));
    for (const f of COMPARE) {
      const vals = sources.map((s) => (s.event ? s.event[f] : undefined));
      const distinct = new Set(vals.map(fmt).filter((x) => x !== '—'));
      if (f !== 'fatalities' && distinct.size === 0 && fmt(ev[f]) === '—') continue;
      const differs = distinct.size > 1;
      table.append(h('tr', { class: differs ? 'differs' : '' }, h('th', null, f), h('td', null, fmt(ev[f])), vals.map((v) => h('td', null, fmt(v)))));
    }
    el.append(table);
    if (ev.fatalities_low !== null && ev.fatalities_low !== undefined || ev.fatalities_high !== null && ev.fatalities_high !== undefined) {
      el.append(h('p.range', null, `Fatalities: ${ev.fatalities} coded (conservative); reports range ${fmt(ev.fatalities_low)} to ${fmt(ev.fatalities_high)}.`));
    }
  }

  // every field
  const fields = h('table.fields');
  fields.append(h('caption', null, 'All fields'));
  const keys = [...FIELD_ORDER.filter((k) => k in ev), ...Object.keys(ev).filter((k) => !FIELD_ORDER.includes(k) && !SKIP.has(k))];
  for (const k of keys) {
    fields.append(h('tr', { class: corrected.has(k) ? 'corrected' : '' }, h('th', null, k), h('td', null, fmt(ev[k]), corrected.has(k) ? h('span.badge', { title: 'set by hand' }, 'corrected') : null)));
  }
  if (ev.evidence && ev.evidence.length) {
    fields.append(h('tr', null, h('th', null, 'evidence'), h('td', null, h('ul.evidence-list', null, ev.evidence.map((s) => h('li', null, h('q', null, s.text)))))));
  }
  const details = h('details.fields-wrap', { open: !compact }, h('summary', null, 'All fields'), fields);
  el.append(details);

  // sources, each with its report text and evidence
  el.append(h('h3', null, `Sources (${sources.length})`));
  sources.forEach((s, n) => {
    const url = safeUrl(s.url || '');
    const box = h('details.source', { open: n === 0, dataset: { report: s.report_id } },
      h('summary', null, h('strong', null, s.outlet || 'unknown outlet'), ` · ${s.published || 'no date'} · ${s.title || s.report_id}`,
        s.event && s.event.recalled ? h('span.recalled', { title: 'this report recalls the event in its background; it is not counted among the reports the event rests on' }, ' · recalls it in passing') : ''),
      h('p.source-meta', null, 'Report ', h('code', null, s.report_id), url ? [' · original: ', h('a.original', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow' }, url)] : (s.url ? ` · link not shown (not http/https): ${s.url}` : '')),
    );
    const text = typeof s.report_text === 'string' ? s.report_text : '';
    if (text) box.append(h('div.report-text', null, highlighted(text, s.evidence || (s.event && s.event.evidence) || [])));
    else if (s.evidence && s.evidence.length) box.append(h('ul.evidence-list', null, s.evidence.map((sp) => h('li', null, h('q', null, sp.text)))));
    el.append(box);
  });

  if (!compact) el.append(audit);
  loadAudit(ev.id, audit);
}

export async function loadAudit(id, box) {
  try {
    const entries = await getJSON('/api/events/' + encodeURIComponent(id) + '/audit');
    const list = Array.isArray(entries) ? entries : entries.entries || entries.audit || [];
    const title = box.firstChild;
    clear(box).append(title);
    if (!list.length) { box.append(h('p.muted', null, 'No changes by hand yet.')); return; }
    box.append(h('ol.audit-list', null, list.map((a) => h('li', null,
      h('span.when', null, String(a.at || '').replace('T', ' ').slice(0, 19)), ' ',
      h('strong.user', null, a.user || 'unknown'), ' ',
      h('span.action', null, a.action), ' ', describeChange(a)))));
  } catch (err) {
    clear(box).append(h('h3', null, 'Changes (audit)'), h('p.muted', null, `audit not available: ${err.message}`));
  }
}

function describeChange(a) {
  const short = (v) => { const s = fmt(v); return s.length > 80 ? s.slice(0, 77) + '…' : s; };
  if (a.action === 'edit' && a.after && typeof a.after === 'object') {
    const before = a.before && typeof a.before === 'object' ? a.before : {};
    // only what changed (the API may keep whole records before and after)
    const skip = new Set(['updated_at', 'corrections', 'evidence']);
    return Object.keys(a.after).filter((k) => !skip.has(k) && fmt(before[k]) !== fmt(a.after[k])).map((k) => `${k}: ${short(before[k])} → ${short(a.after[k])}`).join('; ');
  }
  if (a.action === 'merge' || a.action === 'split') {
    const x = a.after && typeof a.after === 'object' ? a.after : {};
    const ids = x.ids || x.merged || x.report_ids || x.docs;
    return ids ? short(ids) : '';
  }
  return '';
}
