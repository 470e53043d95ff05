/**
 * Outlets: the publishers of reports, from data/outlets.json (an analyst reads and extends it).
 * Lookup by canonical name, alias or web domain; loaded once.
 */
import { readFileSync } from 'node:fs';

export interface Outlet {
  name: string;
  aliases: string[];
  domains: string[];
  /** default reliability grade, Admiralty scale A..F */
  grade: string | null;
  kind: string;
  /** whole lines that identify the outlet on a scraped page (mastheads, appeals) */
  signatures: string[];
}

interface OutletIndex {
  outlets: Outlet[];
  byKey: Map<string, Outlet>;
  byDomain: Map<string, Outlet>;
  bySignature: Map<string, Outlet>;
  /** shortest and longest signature, to pass over other lines cheaply */
  signatureLengths: [number, number];
}

/** Folds a name for lookup: case, accents, punctuation and a leading "the" do not matter. */
export function outletKey(s: string): string {
  // plain ASCII (most names) needs no Unicode decomposition
  return (/^[\x20-\x7e]*$/.test(s) ? s : s.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^the /, '')
    .trim();
}

let index: OutletIndex | null = null;

function load(): OutletIndex {
  if (index) return index;
  const raw = JSON.parse(readFileSync(new URL('../../data/outlets.json', import.meta.url), 'utf8')) as {
    outlets: Partial<Outlet>[];
  };
  const outlets: Outlet[] = raw.outlets.map((o) => ({
    name: String(o.name),
    aliases: o.aliases ?? [],
    domains: o.domains ?? [],
    grade: o.grade ?? null,
    kind: o.kind ?? '',
    signatures: o.signatures ?? [],
  }));
  const byKey = new Map<string, Outlet>();
  const byDomain = new Map<string, Outlet>();
  const bySignature = new Map<string, Outlet>();
  for (const o of outlets) {
    for (const k of [o.name, ...o.aliases]) {
      const key = outletKey(k);
      if (key && !byKey.has(key)) byKey.set(key, o);
    }
    for (const d of o.domains) byDomain.set(d.toLowerCase().replace(/^www\./, ''), o);
    for (const s of o.signatures) bySignature.set(outletKey(s), o);
  }
  const lengths = outlets.flatMap((o) => o.signatures.map((s) => s.length));
  index = { outlets, byKey, byDomain, bySignature, signatureLengths: [Math.min(...lengths) - 4, Math.max(...lengths) + 4] };
  return index;
}

export function allOutlets(): Outlet[] {
  return load().outlets;
}

/** The outlet a host name belongs to ("www.syriahr.com", "english.enabbaladi.net"), or null. */
export function outletByDomain(hostOrUrl: string): Outlet | null {
  let host = hostOrUrl.trim().toLowerCase();
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) host = new URL(host).hostname;
  } catch {
    return null;
  }
  host = host.replace(/^www\./, '').replace(/\/.*$/, '');
  const { byDomain } = load();
  for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
    const o = byDomain.get(h);
    if (o) return o;
  }
  return null;
}

/**
 * The outlet a name refers to: canonical name, alias or domain, with feed suffixes ("SOHR_http")
 * and parenthesised remarks ("SOHR (syriahr.com)", "Orient News (Orient Net)") understood.
 */
export function lookupOutlet(name: string): Outlet | null {
  const { byKey } = load();
  const s = name.trim();
  if (!s) return null;
  const direct = byKey.get(outletKey(s));
  if (direct) return direct;
  const noSuffix = s.replace(/[_\s]+https?$/i, '');
  const bySuffix = byKey.get(outletKey(noSuffix));
  if (bySuffix) return bySuffix;
  const paren = s.match(/^(.+?)\s*\(([^)]*)\)\s*$/);
  if (paren) {
    const inner = paren[2];
    return byKey.get(outletKey(paren[1])) ?? outletByDomain(inner) ?? byKey.get(outletKey(inner)) ?? null;
  }
  if (/^[\w.-]+\.[a-z]{2,}$/i.test(s)) return outletByDomain(s);
  return null;
}

/** The outlet a whole line of page furniture identifies (a masthead, a donation appeal), or null. */
export function outletBySignature(line: string): Outlet | null {
  const { bySignature, signatureLengths } = load();
  if (line.length < signatureLengths[0] || line.length > signatureLengths[1]) return null;
  return bySignature.get(outletKey(line)) ?? null;
}

/** Splits "A; B (x; y), C" at top-level separators only. */
function splitSources(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of source) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if ((ch === ';' || ch === ',') && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * Canonical outlet names for a caller's `source` string ("SOHR; SOHR_http", "SOHR, SHAM",
 * "The Syrian Observer (translation of SOHR report)"). Names not in the data are kept as given.
 */
const canonicalCache = new Map<string, string[]>();

export function canonicalOutlets(source: string): string[] {
  const cached = canonicalCache.get(source);
  if (cached) return [...cached];
  const out = canonicalUncached(source);
  if (canonicalCache.size > 10000) canonicalCache.clear();
  canonicalCache.set(source, out);
  return [...out];
}

function canonicalUncached(source: string): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    if (n && !out.includes(n)) out.push(n);
  };
  for (const p of splitSources(source)) {
    const named = outletsNamedIn(p);
    const o = lookupOutlet(p);
    if (o && !named.includes(o.name)) named.unshift(o.name);
    if (named.length) named.forEach(add);
    else add(p.replace(/[_\s]+https?$/i, ''));
  }
  return out;
}

let freeKeys: [Outlet, string[]][] | null = null;
/** Per outlet, the padded keys that may be found in free text: the name and multi-word aliases and domains. */
function freeTextKeys(): [Outlet, string[]][] {
  freeKeys ??= load().outlets.map((o) => [
    o,
    [o.name, ...o.aliases, ...o.domains]
      .map((n) => [n, outletKey(n)] as const)
      // single-word aliases ("Sham", "Orient", "AA") only count as a whole name, never inside free text
      .filter(([n, k]) => k && (n === o.name || k.includes(' ')))
      .map(([, k]) => ` ${k} `),
  ]);
  return freeKeys;
}

/** Known outlets named (by name or a multi-word alias) anywhere in a short string, in order of appearance. */
const namedCache = new Map<string, string[]>();

export function outletsNamedIn(text: string): string[] {
  let hit = namedCache.get(text);
  if (!hit) {
    if (namedCache.size > 20000) namedCache.clear();
    namedCache.set(text, (hit = outletsNamedInUncached(text)));
  }
  return [...hit];
}

function outletsNamedInUncached(text: string): string[] {
  const key = ` ${outletKey(text)} `;
  const hits: [number, string][] = [];
  for (const [o, keys] of freeTextKeys()) {
    let best = -1;
    for (const k of keys) {
      const i = key.indexOf(k);
      if (i >= 0 && (best < 0 || i < best)) best = i;
    }
    if (best >= 0) hits.push([best, o.name]);
  }
  return hits.sort((a, b) => a[0] - b[0]).map(([, n]) => n);
}
