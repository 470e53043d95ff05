/**
 * Grading (Admiralty / NATO system).
 *
 * Each outlet carries a reliability grade that analysts set:
 *   A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable,
 *   F reliability cannot be judged (also: no grade).
 *
 * Each event gets a credibility grade from the INDEPENDENT outlets carrying it:
 *   1 confirmed by other sources, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.
 *
 * Independence: outlets that only relay another source count once, as that source (a blog reposting
 * SANA is SANA). An outlet relays when its entry says so (`via`), when its name says so ("X via SANA",
 * "X quoting SANA", "X/SANA", "X (translation of SOHR report)", "SOHR text as reposted by X"), or, in `outletsOfAccounts`, when its account attributes the claim to
 * another outlet that carries the event too, or to a source that another outlet also cites. A relay
 * group's grade is its origin's grade when known, else the best grade in the group.
 *
 * The rule, with n independent origins, good = origins graded A–C, fair = origins graded A–D:
 *   n = 0                         → 6
 *   n ≥ 2 and good ≥ 2            → 1  (confirmed by independent reliable sources)
 *   n ≥ 3 and good ≥ 1            → 1
 *   n ≥ 2 and good ≥ 1            → 2
 *   n = 1 graded A or B           → 2
 *   n ≥ 2 and fair ≥ 2            → 3
 *   n = 1 graded C                → 3
 *   n ≥ 3                         → 3  (several independent outlets of low or unknown reliability)
 *   n ≥ 2                         → 4
 *   n = 1 graded D                → 4
 *   n = 1 graded E                → 5
 *   n = 1 graded F or ungraded    → 6
 * Adding an independent outlet never makes the grade worse.
 */
import { splitList } from './features.js';
import type { Account } from './types.js';

export interface GradedOutlet {
  name: string;
  grade: string | null;
  /** the source this outlet only relays, when known */
  via?: string | null;
}

/** A → 1 … E → 5; F, unknown or missing → 6. */
export function reliabilityRank(grade: string | null | undefined): number {
  const g = (grade ?? '').trim().toUpperCase();
  const r = 'ABCDEF'.indexOf(g);
  return g.length === 1 && r >= 0 ? r + 1 : 6;
}

/** An outlet's name for comparison: lower case, no "(domain)" or "_http" suffix, no punctuation. */
export function outletKey(name: string): string {
  return name
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .toLowerCase()
    .replace(/_https?$/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "X via SANA", "X quoting SANA", "X/SANA", "X (translation of SOHR report)", "X (repost of SouthFront; …)" */
const RELAY_IN_NAME = /^(.*?)\s*(?:\bvia\b|\bquoting\b|\bciting\b|\/|\(\s*(?:an? )?(?:translation|repost|re-post|copy) of\b)\s*([^;()]+?)(?:\s+(?:report|article|text|story))?\s*(?:[;)].*)?$/i;
/** "Orient News text as reposted by english.mojahedin.org": the origin comes first */
const REPOSTED_BY = /^(.*?)\s+(?:text |article |report |story )?as (?:reposted|republished|translated|quoted) by\b/i;

/** The origin an outlet speaks for: its `via`, a relay written into its name, or itself. */
export function originOf(o: GradedOutlet): string {
  if (o.via && o.via.trim()) return outletKey(o.via);
  const r = REPOSTED_BY.exec(o.name);
  if (r && r[1].trim()) return outletKey(r[1]);
  const m = RELAY_IN_NAME.exec(o.name);
  if (m && m[1].trim() && m[2].trim()) return outletKey(m[2]);
  return outletKey(o.name);
}

/** Admiralty credibility 1..6 from the independent outlets carrying an event and their reliability grades (A..F). */
export function credibility(outlets: GradedOutlet[]): number {
  const groups = new Map<string, { origin: number | null; best: number }>();
  for (const o of outlets) {
    if (!o.name || !o.name.trim()) continue;
    const origin = originOf(o);
    const rank = reliabilityRank(o.grade);
    const g = groups.get(origin) ?? { origin: null, best: 6 };
    if (outletKey(o.name) === origin && rank < 6) g.origin = Math.min(g.origin ?? 6, rank);
    g.best = Math.min(g.best, rank);
    groups.set(origin, g);
  }
  const ranks = [...groups.values()].map((g) => g.origin ?? g.best);
  const n = ranks.length;
  if (n === 0) return 6;
  const good = ranks.filter((r) => r <= 3).length;
  const fair = ranks.filter((r) => r <= 4).length;
  const best = Math.min(...ranks);
  if (n >= 2 && good >= 2) return 1;
  if (n >= 3 && good >= 1) return 1;
  if (n >= 2 && good >= 1) return 2;
  if (n === 1) return best <= 2 ? 2 : best === 3 ? 3 : best === 4 ? 4 : best === 5 ? 5 : 6;
  if (fair >= 2) return 3;
  if (n >= 3) return 3;
  return 4;
}

/**
 * The outlets of a merged event's accounts, ready for `credibility`, with relays worked out from the
 * accounts' `source` fields: an account whose source attributes the claim to another outlet of the
 * event, or to a source another account also cites, relays it. `grades` maps outlet names to grades.
 */
export function outletsOfAccounts(accounts: Account[], grades: (outlet: string) => string | null): GradedOutlet[] {
  const outletKeys = new Set(accounts.map((a) => outletKey(a.outlet)));
  const citedBy = new Map<string, Set<string>>();
  const cited = accounts.map((a) => {
    const own = outletKey(a.outlet);
    const others = splitList(a.event.source)
      .map(outletKey)
      .filter((k) => k && k !== own);
    for (const k of others) {
      const s = citedBy.get(k) ?? new Set<string>();
      s.add(own);
      citedBy.set(k, s);
    }
    return others;
  });
  const out = new Map<string, GradedOutlet>();
  accounts.forEach((a, i) => {
    const via = cited[i].find((k) => outletKeys.has(k) || (citedBy.get(k)?.size ?? 0) >= 2) ?? null;
    const k = outletKey(a.outlet);
    const prev = out.get(k);
    // an outlet that reports the event itself in one account is not a relay
    if (prev && (!prev.via || !via)) prev.via = null;
    if (!prev) out.set(k, { name: a.outlet, grade: grades(a.outlet), via });
  });
  return [...out.values()];
}
