/**
 * The scorer behind `sitrep eval`: the same rules and numbers as ../shared/eval/score.mjs.
 * Pairs events within each document (same event type, and a shared actor or place), then event
 * precision/recall/F1, each field's accuracy over paired events, and the strict F1. Pure.
 */

export type Row = Record<string, unknown>;

export interface FieldScore {
  accuracy: number | null;
  n: number;
}
export interface ScoreSummary {
  gold_events: number;
  system_events: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  fields: Record<string, FieldScore>;
  all_fields_correct: number;
  strict_f1: number;
}
export type Detail =
  | { doc: string; gold: number; system: number; fields: Record<string, boolean> }
  | { doc: string; gold: number; missed: true }
  | { doc: string; system: number; spurious: true; event_type: unknown; sub_event_type: unknown };

export interface ScoreResult {
  summary: ScoreSummary;
  details: Detail[];
}

// ---------- normalisation ----------
export const fold = (s: unknown): string =>
  String(s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`ʿʾ]/g, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(al|el|ar|as|ash|ad|an|at|az|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** ACLED's older taxonomy (2018 exports) mapped onto the current one: [type, sub-type or null]. */
const OLD_TYPES: Record<string, [string, string | null]> = {
  'remote violence': ['Explosions/Remote violence', null],
  'battle no change of territory': ['Battles', 'Armed clash'],
  'battle non state actor overtakes territory': ['Battles', 'Non-state actor overtakes territory'],
  'battle government regains territory': ['Battles', 'Government regains territory'],
  'strategic development': ['Strategic developments', null],
  'non violent transfer of territory': ['Strategic developments', 'Non-violent transfer of territory'],
  'headquarters or base established': ['Strategic developments', 'Headquarters or base established'],
  'riots protests': ['Protests|Riots', null],
};
function goldTypes(g: Row): { type: unknown; sub: unknown } {
  const old = OLD_TYPES[fold(g.event_type)];
  if (old) return { type: old[0], sub: g.sub_event_type ?? old[1] };
  return { type: g.event_type, sub: g.sub_event_type };
}

const ADMIN1 = [
  ['idleb', 'idlib'],
  ['lattakia', 'latakia', 'latakkia', 'ladhiqiyah', 'lattaquie'],
  ['aleppo', 'halab'],
  ['hasakeh', 'hasakah', 'hassakeh', 'hasaka', 'hassakah'],
  ['raqqa', 'raqqah', 'rakka'],
  ['deir ez zor', 'deir zor', 'deir ezzor', 'dayr zawr', 'deirezzor'],
  ['dara', 'daraa', 'deraa', 'dera'],
  ['sweida', 'suwayda', 'suwaida', 'sweyda'],
  ['tartous', 'tartus'],
  ['rural damascus', 'rif dimashq', 'damascus countryside', 'reef dimashq'],
  ['hama', 'hamah'],
  ['homs', 'hims'],
  ['quneitra', 'qunaytirah', 'quneitera'],
  ['damascus', 'dimashq'],
];
const admin1Key = (s: unknown): string => {
  const f = fold(s).replace(/\b(governorate|province|muhafazat)\b/g, '').trim();
  for (const group of ADMIN1) if (group.includes(f)) return group[0];
  return f;
};

const alts = (v: unknown): string[] =>
  String(v)
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);

function actorForms(name: unknown): string[] {
  const s = String(name);
  const forms = new Set([fold(s)]);
  const m = s.match(/^([^:]{1,12}):\s*(.+)$/);
  if (m) {
    forms.add(fold(m[1]));
    forms.add(fold(m[2]));
  }
  const unit = s.match(/^(.+?\([^)]*\))\s+\S/);
  if (unit) forms.add(fold(unit[1]));
  return [...forms].filter(Boolean);
}
const squash = (f: string) => f.replace(/([a-z])\1+/g, '$1').replace(/[aeiouy ]/g, '');
export function actorMatch(goldName: unknown, sysName: unknown): boolean {
  if (!goldName || !sysName) return false;
  for (const g of alts(goldName)) {
    const gf = actorForms(g);
    const sf = actorForms(sysName);
    for (const a of gf) for (const b of sf) if (a === b || (a.length > 5 && squash(a) === squash(b))) return true;
  }
  return false;
}
const actorList = (e: Row, keys: string[]): unknown[] =>
  keys.flatMap((k) => {
    const v = e[k];
    if (v == null || v === '') return [];
    return Array.isArray(v)
      ? v
      : String(v)
          .split(';')
          .map((x) => x.trim())
          .filter(Boolean);
  });

function overlap(goldNames: unknown[], sysNames: unknown[]): number | null {
  if (!goldNames.length) return null;
  const hit = goldNames.filter((g) => sysNames.some((s) => actorMatch(g, s))).length;
  return hit / goldNames.length;
}

function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6371;
  const toRad = (d: number) => (d * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
const coords = (e: Row): { lat: number; lon: number } | null => {
  const lat = Number(e.latitude);
  const lon = Number(e.longitude);
  return e.latitude != null && e.latitude !== '' && Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
};

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
function isoDate(v: unknown): string | null {
  if (v == null || v === '') return null;
  const s = String(v).trim();
  let m = s.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = s.match(/^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{2,4})$/);
  if (m && MONTHS[m[2].toLowerCase()]) {
    const y = m[3].length === 2 ? `20${m[3]}` : m[3];
    return `${y}-${String(MONTHS[m[2].toLowerCase()]).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  }
  return s;
}
const num = (v: unknown): number => (v == null || v === '' ? 0 : Number(v));

type Check = (g: Row, s: Row, kmLimit: number) => boolean | null;

/** Field checks, in the reference scorer's order; null = not scored. */
const FIELDS: Record<string, Check> = {
  sub_event_type(g, s) {
    const { sub } = goldTypes(g);
    if (!sub) return null;
    return alts(sub).some((x) => fold(x) === fold(s.sub_event_type));
  },
  actors(g, s) {
    const gn = actorList(g, ['actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2']);
    if (!gn.length) return null;
    const sn = actorList(s, ['actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2']);
    return overlap(gn, sn) === 1;
  },
  actor1(g, s) {
    if (!g.actor1) return null;
    const battle = /battle/i.test(String(goldTypes(g).type));
    const side = actorList(s, ['actor1', 'assoc_actor_1']);
    const other = actorList(s, ['actor2', 'assoc_actor_2']);
    const pool = battle ? side.concat(other) : side;
    return pool.some((x) => actorMatch(g.actor1, x));
  },
  actor2(g, s) {
    if (!g.actor2) return null;
    const battle = /battle/i.test(String(goldTypes(g).type));
    const side = actorList(s, ['actor2', 'assoc_actor_2']);
    const other = actorList(s, ['actor1', 'assoc_actor_1']);
    const pool = battle ? side.concat(other) : side;
    return pool.some((x) => actorMatch(g.actor2, x));
  },
  admin1(g, s) {
    if (!g.admin1) return null;
    return alts(g.admin1).some((x) => admin1Key(x) === admin1Key(s.admin1));
  },
  location(g, s, kmLimit) {
    const gc = coords(g);
    const sc = coords(s);
    if (gc && sc) return km(gc, sc) <= kmLimit;
    if (!g.location) return null;
    return alts(g.location).some((x) => fold(x) === fold(s.location));
  },
  event_date(g, s) {
    if (!g.event_date) return null;
    return alts(g.event_date).some((x) => isoDate(x) === isoDate(s.event_date));
  },
  fatalities(g, s) {
    if (!('fatalities' in g) || g.fatalities === '') return null;
    return num(g.fatalities) === num(s.fatalities);
  },
  arrested(g, s) {
    if (!('arrested' in g)) return null;
    return num(g.arrested) === num(s.arrested);
  },
};
export const SCORED_FIELDS = Object.keys(FIELDS);

function typeMatch(g: Row, s: Row): boolean {
  return alts(goldTypes(g).type).some((t) => fold(t) === fold(s.event_type));
}
function pairScore(g: Row, s: Row, kmLimit: number): number {
  if (!typeMatch(g, s)) return -1;
  let score = 1;
  let anchor = false;
  for (const [name, check] of Object.entries(FIELDS)) {
    const r = check(g, s, kmLimit);
    if (r) score += 1;
    if (r && (name === 'actors' || name === 'location' || name === 'actor1' || name === 'actor2')) anchor = true;
  }
  const gn = actorList(g, ['actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2']);
  const sn = actorList(s, ['actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2']);
  if ((overlap(gn, sn) ?? 0) > 0) anchor = true;
  if (!gn.length && !g.location && !coords(g)) anchor = true;
  return anchor ? score : -1;
}

function byDoc(rows: Row[]): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r.doc);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

/** Scores system events against gold events; `km` is the distance within which two places agree. */
export function score(gold: Row[], sys: Row[], opts: { km?: number } = {}): ScoreResult {
  const kmLimit = opts.km ?? 25;
  const goldByDoc = byDoc(gold);
  const sysByDoc = byDoc(sys);
  let tp = 0;
  let fn = 0;
  let fp = 0;
  const fieldHits: Record<string, [number, number]> = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, [0, 0]]));
  let exact = 0;
  const details: Detail[] = [];

  for (const doc of new Set([...goldByDoc.keys(), ...sysByDoc.keys()])) {
    if (!goldByDoc.has(doc)) continue; // documents without gold are not scored
    const gs = goldByDoc.get(doc) ?? [];
    const ss = sysByDoc.get(doc) ?? [];
    const pairs: [number, number, number][] = [];
    gs.forEach((g, i) =>
      ss.forEach((s, j) => {
        const sc = pairScore(g, s, kmLimit);
        if (sc > 0) pairs.push([sc - (g.optional ? 0.5 : 0), i, j]);
      }),
    );
    pairs.sort((a, b) => b[0] - a[0]);
    const gUsed = new Set<number>();
    const sUsed = new Set<number>();
    for (const [, i, j] of pairs) {
      if (gUsed.has(i) || sUsed.has(j)) continue;
      gUsed.add(i);
      sUsed.add(j);
      const g = gs[i];
      if (g.optional) continue;
      tp++;
      let all = true;
      const row = { doc, gold: i, system: j, fields: {} as Record<string, boolean> };
      for (const [name, check] of Object.entries(FIELDS)) {
        const r = check(g, ss[j], kmLimit);
        if (r === null) continue;
        fieldHits[name][1]++;
        if (r) fieldHits[name][0]++;
        else all = false;
        row.fields[name] = r;
      }
      if (all) exact++;
      details.push(row);
    }
    gs.forEach((g, i) => {
      if (!gUsed.has(i) && !g.optional) {
        fn++;
        details.push({ doc, gold: i, missed: true });
      }
    });
    ss.forEach((s, j) => {
      if (!sUsed.has(j)) {
        fp++;
        details.push({ doc, system: j, spurious: true, event_type: s.event_type, sub_event_type: s.sub_event_type });
      }
    });
  }

  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const fields: Record<string, FieldScore> = Object.fromEntries(
    Object.entries(fieldHits).map(([k, [h, n]]) => [k, n ? { accuracy: +(h / n).toFixed(3), n } : { accuracy: null, n: 0 }]),
  );
  const summary: ScoreSummary = {
    gold_events: tp + fn,
    system_events: sys.filter((s) => goldByDoc.has(String(s.doc))).length,
    tp,
    fp,
    fn,
    precision: +precision.toFixed(3),
    recall: +recall.toFixed(3),
    f1: +f1.toFixed(3),
    fields,
    all_fields_correct: tp ? +(exact / tp).toFixed(3) : 0,
    strict_f1: +(tp + fp && tp + fn ? (2 * exact) / (2 * tp + fp + fn) : 0).toFixed(3),
  };
  return { summary, details };
}

/** The reference scorer's printout: text, or one JSON object with `json`. */
export function formatScore(r: ScoreResult, opts: { json?: boolean; details?: boolean } = {}): string {
  const { summary: s } = r;
  if (opts.json) return JSON.stringify(opts.details ? { ...s, details: r.details } : s) + '\n';
  const lines = [`events  P ${s.precision}  R ${s.recall}  F1 ${s.f1}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`];
  for (const [k, v] of Object.entries(s.fields)) if (v.n) lines.push(`  ${k.padEnd(15)} ${v.accuracy}  (n ${v.n})`);
  lines.push(`all fields correct on ${s.all_fields_correct} of matched events; strict F1 ${s.strict_f1}`);
  if (opts.details) for (const d of r.details) lines.push(JSON.stringify(d));
  return lines.join('\n') + '\n';
}
