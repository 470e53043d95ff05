/**
 * The pair score: how likely two accounts tell one event, as a sum of evidence weights
 * (roughly log-odds), with a veto for what cannot be one event, and human-readable reasons.
 *
 *   date      same day +2, a day apart +0.5 (veto when one outlet tells both), further: veto (looser for
 *             week/month precision)
 *   place     distance against a tolerance set by geo_precision (4 / 12 / 50 km): up to +2, far: veto
 *             (within the 50 km of a region-level account a day apart: 0);
 *             the place names folded for transliteration: same name +1.5, similar +1; two different
 *             named towns (both geo_precision 1, over 1.5 km apart): veto (one event per place, as ACLED;
 *             neighbouring villages shelled the same day are different events); near two different
 *             towns (geo_precision 2): −2, and closeness counts −1.5 instead of a bonus
 *   type      same sub-type +0.8; compatible sub-types (an air strike told as shelling) less; a different
 *             family (a protest and a strike): veto; weakly compatible sub-types a day apart −0.8
 *   actors    shared specific actor +0.8 (two: +1.2); only different actors −3.5 (Syrian/Russian air forces,
 *             which outlets confuse, count neither way); a shared actor fighting different opponents −1.8
 *   tolls     same death toll +0.5, close +0.2, far apart −0.7
 *   report    two accounts of one report never merge unless nearly identical (the extractor separated them)
 *
 * Accounts merge when the score reaches MERGE_THRESHOLD.
 */
import { actorName, confusedActors, distanceKm, type Features } from './features.js';
import { nameSimilarity } from './fold.js';

export const MERGE_THRESHOLD = 3;
/** cluster-level linkage: the mean score between a newcomer and every member must reach this */
export const LINK_MEAN_THRESHOLD = 1.5;

/** distance tolerance in km by geo_precision 1, 2, 3 */
const TOLERANCE_KM = [4, 4, 12, 50];

export interface PairScore {
  score: number;
  /** true when the two cannot be one event, whatever the score */
  veto: boolean;
  reasons: string[];
}

const COMPAT = new Map<string, number>();
function compat(a: string, b: string, c: number): void {
  COMPAT.set(`${a}|${b}`, c);
  COMPAT.set(`${b}|${a}`, c);
}
// one strike told differently
compat('Air/drone strike', 'Shelling/artillery/missile attack', 0.7);
compat('Air/drone strike', 'Remote explosive/landmine/IED', 0.3);
compat('Shelling/artillery/missile attack', 'Remote explosive/landmine/IED', 0.35);
compat('Suicide bomb', 'Remote explosive/landmine/IED', 0.75);
compat('Grenade', 'Remote explosive/landmine/IED', 0.6);
compat('Chemical weapon', 'Air/drone strike', 0.6);
compat('Chemical weapon', 'Shelling/artillery/missile attack', 0.6);
// one offensive told as clashes by one side, as a capture by the other
compat('Armed clash', 'Government regains territory', 0.75);
compat('Armed clash', 'Non-state actor overtakes territory', 0.75);
compat('Government regains territory', 'Non-state actor overtakes territory', 0.4);
// crowds
compat('Peaceful protest', 'Protest with intervention', 0.75);
compat('Protest with intervention', 'Excessive force against protesters', 0.75);
compat('Peaceful protest', 'Excessive force against protesters', 0.5);
compat('Violent demonstration', 'Mob violence', 0.6);
compat('Violent demonstration', 'Protest with intervention', 0.6);
compat('Violent demonstration', 'Peaceful protest', 0.4);
compat('Looting/property destruction', 'Other', 0.3);

const CACHE_CODES = 256;
const compatCache = new Float64Array(CACHE_CODES * CACHE_CODES).fill(NaN);

/** 0..1: how plausibly two (type, sub-type) codings describe one event; 0 never. */
export function typeCompatibility(a: Features, b: Features): number {
  if (a.code === b.code) return a.sub ? 1 : 0.8;
  if (a.code >= CACHE_CODES || b.code >= CACHE_CODES) return compatibilityOf(a, b);
  const k = a.code * CACHE_CODES + b.code;
  let c = compatCache[k];
  if (Number.isNaN(c)) {
    c = compatibilityOf(a, b);
    compatCache[k] = c;
  }
  return c;
}

function compatibilityOf(a: Features, b: Features): number {
  if (a.family !== b.family) return 0;
  if (a.sub && a.sub === b.sub) return 1;
  if (!a.sub || !b.sub) return a.type === b.type ? 0.8 : 0.5;
  const c = COMPAT.get(`${a.sub}|${b.sub}`);
  if (c !== undefined) return c;
  if (a.type === b.type) return a.family === 'S' ? 0.25 : 0.5;
  // remote violence that is part of a battle belongs to the battle; an attack on civilians told as a strike
  if (a.family === 'V') return a.civilian || b.civilian ? 0.45 : 0.35;
  return 0.3;
}

const VETO: PairScore = Object.freeze({ score: -10, veto: true, reasons: [] as string[] }) as PairScore;

/** two actor lists name one actor, counting actors that outlets confuse as one */
function overlaps(p: number[], q: number[]): boolean {
  for (const x of p) for (const y of q) if (x === y || confusedActors(x, y)) return true;
  return false;
}

function fmtKm(d: number): string {
  return d < 10 ? d.toFixed(1) : String(Math.round(d));
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Scores a pair. `explain` builds the reasons (slower); without it `reasons` stays empty.
 * Vetoed pairs stop early with the vetoing reason.
 */
export function scorePair(a: Features, b: Features, explain = false): PairScore {
  if (!explain) {
    const s = core(a, b, null);
    return s === VETOED ? VETO : { score: s, veto: false, reasons: [] };
  }
  const reasons: string[] = [];
  const s = core(a, b, reasons);
  return s === VETOED ? { score: -10, veto: true, reasons: reasons.slice(-1) } : { score: s, veto: false, reasons };
}

/** The pair score alone (no reasons, no allocation): -Infinity when vetoed. */
export function pairScore(a: Features, b: Features): number {
  return core(a, b, null);
}

const VETOED = -Infinity;

function core(a: Features, b: Features, reasons: string[] | null): number {
  const explain = reasons !== null;
  let score = 0;

  // type family first: cheapest veto
  const tc = typeCompatibility(a, b);
  if (tc === 0) {
    if (explain) reasons.push(`different kinds of event (${a.type} / ${b.type})`);
    return VETOED;
  }

  // date
  const aDated = !Number.isNaN(a.day);
  const bDated = !Number.isNaN(b.day);
  if (aDated && bDated) {
    const dd = Math.abs(a.day - b.day);
    const tp = Math.max(a.tp, b.tp);
    if (tp <= 1) {
      if (dd === 0) {
        score += 2;
        if (explain) reasons.push(`same day (${isoDay(a.day)})`);
      } else if (dd === 1) {
        // one outlet telling two days is two events (ACLED codes one event per day); a day apart
        // is only the same event when different outlets date it differently
        if (a.outlet !== '' && a.outlet === b.outlet) {
          if (explain) reasons.push(`one outlet, two days (${isoDay(Math.min(a.day, b.day))} / ${isoDay(Math.max(a.day, b.day))})`);
          return VETOED;
        }
        score += 0.5;
        if (explain) reasons.push(`a day apart (${isoDay(Math.min(a.day, b.day))} / ${isoDay(Math.max(a.day, b.day))})`);
      } else {
        if (explain) reasons.push(`${dd} days apart`);
        return VETOED;
      }
    } else if (tp === 2) {
      if (dd <= 3) {
        score += 0.5;
        if (explain) reasons.push('dates agree within days (week precision)');
      } else if (dd > 7) {
        if (explain) reasons.push(`${dd} days apart`);
        return VETOED;
      } else if (explain) reasons.push('dates within a week (week precision)');
    } else {
      if (dd > 31) {
        if (explain) reasons.push(`${dd} days apart`);
        return VETOED;
      }
      score -= 0.5;
      if (explain) reasons.push('only the month is known');
    }
  } else if (aDated !== bDated) {
    score -= 0.5;
    if (explain) reasons.push('one account has no date');
  } else {
    // neither is dated: two reports of a place and a kind of event may be years apart
    score -= 2.5;
    if (explain) reasons.push('neither account has a date');
  }

  // place: the names first (folded for transliteration), then the distance
  let placeKnown = false;
  const gpMax = Math.max(a.gp, b.gp);
  const named = !!(a.folded && b.folded);
  const sim = named ? nameSimilarity(a.folded, b.folded) : 0;
  const names = explain ? (a.location === b.location ? a.location : `${a.location}/${b.location}`) : '';
  /** two named towns that are not the same town: closeness is no evidence, only a front line */
  const differentTowns = named && sim < 0.8 && a.gp <= 2 && b.gp <= 2;
  let distText = '';
  if (a.hasPoint && b.hasPoint) {
    placeKnown = true;
    const d = distanceKm(a.lat, a.lon, b.lat, b.lon);
    const tol = TOLERANCE_KM[gpMax] ?? 50;
    if (d > 4 * tol) {
      if (explain) reasons.push(`${fmtKm(d)} km apart`);
      return VETOED;
    }
    // two towns, each named as the place itself: one event per place (ACLED)
    if (differentTowns && a.gp === 1 && b.gp === 1 && d > 1.5) {
      if (explain) reasons.push(`different places: ${a.location} / ${b.location}, ${fmtKm(d)} km apart`);
      return VETOED;
    }
    if (!differentTowns && gpMax === 1 && d > 2 * tol) {
      if (explain) reasons.push(`${a.location}/${b.location}: the same name for places ${fmtKm(d)} km apart`);
      return VETOED;
    }
    if (differentTowns) score += d <= 1.5 ? 0 : -1.5;
    else if (d <= 0.25 * tol) score += 2;
    // a day apart and one account knows only the region: being within its 50 km is no evidence (on one
    // front, strikes a day apart within 50 km are the rule, not a sign of one event)
    else if (d <= tol) score += gpMax >= 3 && aDated && bDated && a.day !== b.day && Math.max(a.tp, b.tp) <= 1 ? 0 : 1.2;
    else if (d <= 2 * tol) score += 0;
    else score -= 1.5;
    if (explain) distText = `${fmtKm(d)} km apart`;
  } else if (a.admin1 && b.admin1) {
    placeKnown = true;
    if (a.admin1 !== b.admin1) {
      score -= 2;
      if (explain) reasons.push(`different governorates (${a.admin1} / ${b.admin1})`);
    } else {
      score += a.admin2 && a.admin2 === b.admin2 ? 0.6 : 0.3;
      if (explain) reasons.push(a.admin2 && a.admin2 === b.admin2 ? `both in ${a.admin2}` : `both in ${a.admin1}`);
    }
  }
  if (named) {
    if (sim === 1) {
      score += a.folded.length >= 4 ? 1.5 : 0.8;
      if (explain) reasons.push(distText ? `${names} ${distText}` : `both at ${names}`);
    } else if (sim >= 0.8) {
      score += 1;
      if (explain) reasons.push(`${names} (similar names)${distText ? ', ' + distText : ''}`);
    } else if (differentTowns) {
      score -= 2;
      if (explain) reasons.push(`different places: ${a.location} / ${b.location}${distText ? ', ' + distText : ''}`);
    } else if (explain) {
      reasons.push(`${a.location} / ${b.location}${distText ? ', ' + distText : ''} (one is a wider area)`);
    }
  } else if (explain && distText) {
    reasons.push(distText);
  } else if (explain && !placeKnown) {
    reasons.push('no place to compare');
  }

  // type
  score += 2 * tc - 1.2;
  if (explain) {
    if (tc === 1) reasons.push(`both ${a.sub || a.type}`);
    else reasons.push(`${a.sub || a.type} / ${b.sub || b.type} (${tc >= 0.6 ? 'compatible' : 'weakly compatible'})`);
  }
  // a day apart and told as another kind of event: two events on one front (a clash at Mayadin, a landmine
  // there the day before), unless more than the place says otherwise
  if (tc < 0.6 && aDated && bDated && a.tp <= 1 && b.tp <= 1 && Math.abs(a.day - b.day) === 1) {
    score -= 0.8;
    if (explain) reasons.push('a day apart and another kind of event');
  }

  // actors: a shared one is evidence; different opponents of a shared actor are different events
  if (a.actors.length && b.actors.length) {
    let shared = 0;
    for (const x of a.actors) if (b.actors.includes(x)) shared++;
    if (shared > 0) {
      score += shared >= 2 ? 1.2 : 0.8;
      if (explain) reasons.push(`both name ${a.actors.filter((x) => b.actors.includes(x)).map(actorName).join(' and ')}`);
      // a shared actor fighting different opponents: compare the sides facing the shared one
      const sa = [a.side1, a.side2];
      const sb = [b.side1, b.side2];
      let opp: [number[], number[]] | null = null;
      for (let i = 0; i < 2 && !opp; i++)
        for (let j = 0; j < 2 && !opp; j++) {
          if (!overlaps(sa[i], sb[j])) continue;
          const x = sa[1 - i];
          const y = sb[1 - j];
          if (x.length && y.length && !overlaps(x, y)) opp = [x, y];
        }
      if (opp) {
        score -= 1.8;
        if (explain) reasons.push(`different opponents (${opp[0].map(actorName).join(', ')} / ${opp[1].map(actorName).join(', ')})`);
      }
      // one-sided violence: the attacker of one is the target of the other
      if (a.type !== 'Battles' && b.type !== 'Battles' && !overlaps(a.side1, b.side1) && (overlaps(a.side1, b.side2) || overlaps(a.side2, b.side1))) {
        score -= 1.5;
        if (explain) reasons.push('attacker and target reversed');
      }
    } else {
      let confused = false;
      for (const x of a.actors) for (const y of b.actors) if (confusedActors(x, y)) confused = true;
      if (confused) {
        if (explain) reasons.push(`${actorName(a.actors[0])} / ${actorName(b.actors[0])} (outlets often confuse them)`);
      } else {
        score -= 3.5;
        if (explain) reasons.push(`different actors (${a.actors.map(actorName).join(', ')} / ${b.actors.map(actorName).join(', ')})`);
      }
    }
  }

  // tolls
  const fa = a.fatalities;
  const fb = b.fatalities;
  if (fa > 0 && fb > 0) {
    const lo = Math.min(fa, fb);
    const hi = Math.max(fa, fb);
    if (lo === hi) {
      score += 0.5;
      if (explain) reasons.push(`same toll (${lo} killed)`);
    } else if (lo / hi >= 0.5 || hi - lo <= 3) {
      score += 0.2;
      if (explain) reasons.push(`close tolls (${lo} / ${hi} killed)`);
    } else if (lo / hi < 0.2 && hi >= 10) {
      score -= 0.7;
      if (explain) reasons.push(`tolls far apart (${lo} / ${hi} killed)`);
    } else if (explain) reasons.push(`tolls differ (${lo} / ${hi} killed)`);
  } else if (Math.max(fa, fb) >= 10 && Math.min(fa, fb) === 0) {
    score -= 0.3;
    if (explain) reasons.push(`one reports ${Math.max(fa, fb)} killed, the other none`);
  }

  // documents
  if (a.report === b.report) {
    const identical =
      a.day === b.day &&
      a.sub === b.sub &&
      a.fatalities === b.fatalities &&
      a.folded === b.folded &&
      (!a.hasPoint || !b.hasPoint || distanceKm(a.lat, a.lon, b.lat, b.lon) < 1);
    if (!identical) {
      if (explain) reasons.push('same report: the extractor told them apart');
      return VETOED;
    }
    if (explain) reasons.push('same report, nearly identical accounts');
  } else if (explain) {
    reasons.push(a.outlet && b.outlet ? `different reports (${a.outlet} / ${b.outlet})` : 'different reports');
  }
  return Math.round(score * 100) / 100;
}
