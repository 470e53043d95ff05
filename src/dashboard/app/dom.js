// DOM helpers. Report text is untrusted: everything is built with createElement and textContent,
// never innerHTML with data, and links are only ever http(s).

/**
 * h('div.cls#id', {attrs}, ...children): children are nodes or strings (strings become text nodes).
 * Attributes named on* are refused; href goes through safeUrl.
 */
export function h(tag, attrs, ...children) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement(m ? m[1] : 'div');
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  }
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') { el.addEventListener(k.slice(2), v); continue; }
      if (/^on/i.test(k)) continue;
      if (k === 'href') {
        const safe = safeUrl(v);
        if (safe) el.setAttribute('href', safe);
        continue;
      }
      if (k === 'dataset') { Object.assign(el.dataset, v); continue; }
      if (k === 'text') { el.textContent = String(v); continue; }
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Only absolute http(s) links, or the dashboard's own relative links starting with '?' or '#'. */
export function safeUrl(u) {
  if (typeof u !== 'string') return null;
  const s = u.trim();
  if (/^[?#]/.test(s)) return s;
  try {
    const url = new URL(s);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Text with [start,end) spans highlighted as <mark>; overlapping spans are joined. */
export function highlighted(text, spans) {
  const frag = document.createDocumentFragment();
  const rs = (spans || [])
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start && s.start >= 0 && s.start < text.length)
    .map((s) => [s.start, Math.min(s.end, text.length)])
    .sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of rs) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) frag.append(document.createTextNode(text.slice(pos, a)));
    frag.append(h('mark.evidence', null, text.slice(a, b)));
    pos = b;
  }
  if (pos < text.length) frag.append(document.createTextNode(text.slice(pos)));
  return frag;
}

export function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { download: name });
  a.href = url; // blob: URL made here, not from data
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export const TYPE_COLORS = {
  'Battles': '#c0392b',
  'Explosions/Remote violence': '#e67e22',
  'Violence against civilians': '#8e44ad',
  'Protests': '#2e86c1',
  'Riots': '#17a589',
  'Strategic developments': '#5d6d7e',
};
export const EVENT_TYPES = Object.keys(TYPE_COLORS);
export function typeColor(t) { return TYPE_COLORS[t] || '#34495e'; }
