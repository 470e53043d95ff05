/**
 * The merged record of a cluster of accounts, and the explanation of why they were merged.
 *
 *  - place (admin1..3, location, coordinates, geo_precision): the most precise account;
 *  - date: the most precise time_precision; among those, the day most accounts give (ties: the earliest);
 *  - type: the coding most accounts give (weighted by confidence); ties go to Battles (remote violence
 *    that is part of a battle belongs to the battle);
 *  - actors: actor1/actor2 by vote, everyone else named on either side in assoc_actor_1/assoc_actor_2;
 *  - source: the union of the outlets and attributed sources, in order of first appearance;
 *  - fatalities: the most conservative figure a report supports (the smallest non-zero toll);
 *    fatalities_low/fatalities_high the smallest/largest toll any report gives (a report that gives
 *    no toll does not pull the low figure to 0); injured and arrested the smallest non-zero figure;
 *  - evidence: every account's spans, tagged with the report_id their offsets point into;
 *  - confidence: rises with independent outlets (noisy-or over each outlet's best confidence; an outlet
 *    that relays another counts as that one);
 *  - sources_count: distinct reports that tell the event (not those that only recall it: sources.ts).
 */
import type { SitrepEvent } from '../model/index.js';
import { accountFeatures } from './cluster.js';
import { originOf, outletKey, outletsOfAccounts } from './credibility.js';
import { isGenericActor, splitList } from './features.js';
import { MERGE_THRESHOLD, scorePair } from './score.js';
import { sourceAccounts } from './sources.js';
import type { Account, MergedSpan } from './types.js';

function vote<T>(items: { value: T; weight: number }[], tieBreak: (a: T, b: T) => number): T | undefined {
  const totals = new Map<T, number>();
  for (const { value, weight } of items) totals.set(value, (totals.get(value) ?? 0) + weight);
  let best: T | undefined;
  let bestW = -Infinity;
  for (const [v, w] of totals) {
    if (w > bestW + 1e-9 || (Math.abs(w - bestW) <= 1e-9 && best !== undefined && tieBreak(v, best) < 0)) {
      best = v;
      bestW = w;
    }
  }
  return best;
}

function uniq(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of list) {
    const k = x.trim().toLowerCase();
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(x.trim());
  }
  return out;
}

function conservative(values: (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!known.length) return null;
  const positive = known.filter((v) => v > 0);
  return positive.length ? Math.min(...positive) : 0;
}

const weightOf = (a: Account): number => 0.5 + (Number.isFinite(a.event.confidence) ? a.event.confidence : 0.5);

/** The merged record of a cluster: union of sources, fatalities low/high, sources_count, evidence. */
export function combine(accounts: Account[]): SitrepEvent {
  if (!accounts.length) throw new Error('combine: no accounts to merge');
  const evs = accounts.map((a) => a.event);
  const reports = uniq(sourceAccounts(accounts).map((a) => a.report_id));

  // place: the most precise account that has coordinates
  const placeOrder = accounts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => {
      const px = x.a.event.latitude != null && x.a.event.longitude != null ? 0 : 1;
      const py = y.a.event.latitude != null && y.a.event.longitude != null ? 0 : 1;
      return px - py || (x.a.event.geo_precision ?? 3) - (y.a.event.geo_precision ?? 3) || weightOf(y.a) - weightOf(x.a) || x.i - y.i;
    });
  const place = placeOrder[0].a.event;

  // date
  const dated = evs.filter((e) => e.event_date);
  const bestTp = (dated.length ? Math.min(...dated.map((e) => e.time_precision ?? 3)) : evs[0].time_precision) as 1 | 2 | 3;
  const date =
    vote(
      dated.filter((e) => (e.time_precision ?? 3) === bestTp).map((e) => ({ value: e.event_date as string, weight: 1 })),
      (a, b) => a.localeCompare(b),
    ) ?? null;

  // type
  const coding = vote(
    accounts.map((a) => ({ value: `${a.event.event_type ?? ''}\u0000${a.event.sub_event_type ?? ''}`, weight: weightOf(a) })),
    (a, b) => (a.startsWith('Battles') ? 0 : 1) - (b.startsWith('Battles') ? 0 : 1),
  )!;
  const [eventType, subType] = coding.split('\u0000');

  // actors
  const specificFirst = (a: string, b: string): number => (isGenericActor(a) ? 1 : 0) - (isGenericActor(b) ? 1 : 0);
  const actor1 =
    vote(
      accounts.filter((a) => a.event.actor1).map((a) => ({ value: a.event.actor1, weight: weightOf(a) })),
      specificFirst,
    ) ?? '';
  const side1: string[] = [];
  const side2: string[] = [];
  const actor2Votes: { value: string; weight: number }[] = [];
  let interFrom: SitrepEvent | undefined;
  for (const a of accounts) {
    const e = a.event;
    const swapped = e.actor1 !== actor1 && e.actor2 === actor1;
    const s1 = [e.actor1, ...splitList(e.assoc_actor_1)].filter(Boolean);
    const s2 = [e.actor2, ...splitList(e.assoc_actor_2)].filter(Boolean);
    side1.push(...(swapped ? s2 : s1));
    side2.push(...(swapped ? s1 : s2));
    const other = swapped ? e.actor1 : e.actor2;
    if (other && other !== actor1) actor2Votes.push({ value: other, weight: weightOf(a) });
    if (!interFrom && e.actor1 === actor1) interFrom = e;
  }
  const actor2 = vote(actor2Votes, specificFirst) ?? '';
  const assoc1 = uniq(side1).filter((x) => x !== actor1 && x !== actor2);
  const assoc2 = uniq(side2).filter((x) => x !== actor1 && x !== actor2 && !assoc1.includes(x));
  const inter = interFrom ?? place;

  // sources
  const source = uniq(accounts.flatMap((a) => [...(a.outlet ? [a.outlet] : []), ...splitList(a.event.source)])).join('; ');

  // counts
  const tolls = evs.map((e) => e.fatalities ?? 0);
  const positive = tolls.filter((t) => t > 0);
  const fatalities = positive.length ? Math.min(...positive) : 0;
  const lows = evs.map((e) => (typeof e.fatalities_low === 'number' && e.fatalities_low > 0 ? e.fatalities_low : e.fatalities ?? 0)).filter((t) => t > 0);
  const highs = evs.map((e) => Math.max(e.fatalities_high ?? 0, e.fatalities ?? 0));
  const single = accounts.length === 1;
  const fatalitiesLow = single && evs[0].fatalities_low == null ? null : lows.length ? Math.min(...lows) : 0;
  const fatalitiesHigh = single && evs[0].fatalities_high == null ? null : Math.max(0, ...highs);

  // evidence
  const seen = new Set<string>();
  const evidence: MergedSpan[] = [];
  for (const a of accounts) {
    for (const s of a.event.evidence ?? []) {
      const k = `${a.report_id}\u0000${s.start}\u0000${s.end}`;
      if (seen.has(k)) continue;
      seen.add(k);
      evidence.push({ start: s.start, end: s.end, text: s.text, report_id: a.report_id });
    }
  }

  // confidence: noisy-or over independent outlets (a relay counts as its origin), each at its best account
  const origin = new Map(outletsOfAccounts(accounts, () => null).map((o) => [outletKey(o.name), originOf(o)]));
  const byOutlet = new Map<string, number>();
  for (const a of accounts) {
    const k = origin.get(outletKey(a.outlet)) ?? (a.outlet || a.report_id).toLowerCase();
    const c = Number.isFinite(a.event.confidence) ? Math.min(1, Math.max(0, a.event.confidence)) : 0.5;
    byOutlet.set(k, Math.max(byOutlet.get(k) ?? 0, c));
  }
  let miss = 1;
  for (const c of byOutlet.values()) miss *= 1 - c;
  const confidence = single ? evs[0].confidence : Math.min(0.99, Math.round((1 - miss) * 1000) / 1000);

  // notes: the fullest account's, and the disagreement on the toll
  const notesFrom = [...evs].sort((x, y) => (y.notes ?? '').length - (x.notes ?? '').length)[0];
  let notes = notesFrom.notes ?? '';
  if (new Set(positive).size > 1) {
    const told = accounts
      .filter((a) => (a.event.fatalities ?? 0) > 0)
      .map((a) => `${a.event.fatalities} (${a.outlet || a.report_id})`);
    notes = `${notes}${notes && !/[.!?]$/.test(notes) ? '.' : ''}${notes ? ' ' : ''}Reports differ on the toll: ${uniq(told).join(', ')}.`;
  }

  const civilianVotes = evs.filter((e) => e.civilian_targeting === 'Civilian targeting').length;
  return {
    ...place,
    doc: placeOrder[0].a.event.doc,
    event_date: date,
    time_precision: bestTp,
    event_type: eventType as SitrepEvent['event_type'],
    sub_event_type: subType,
    actor1,
    assoc_actor_1: assoc1.join('; '),
    inter1: inter.inter1,
    actor2,
    assoc_actor_2: assoc2.join('; '),
    inter2: inter.inter2,
    interaction: inter.interaction,
    civilian_targeting: civilianVotes * 2 >= evs.length && civilianVotes > 0 ? 'Civilian targeting' : '',
    source,
    notes,
    fatalities,
    injured: conservative(evs.map((e) => e.injured)),
    arrested: conservative(evs.map((e) => e.arrested)),
    fatalities_low: fatalitiesLow,
    fatalities_high: fatalitiesHigh,
    evidence,
    confidence,
    sources_count: reports.length,
  };
}

export interface PairExplanation {
  score: number;
  /** true when these two accounts would be merged */
  merged: boolean;
  veto: boolean;
  reasons: string[];
}

/** Why two accounts would (or would not) be merged, for the API and the dashboard. */
export function explainPair(a: Account, b: Account): PairExplanation {
  const s = scorePair(accountFeatures(a, 0), accountFeatures(b, 1), true);
  return { score: s.score, merged: !s.veto && s.score >= MERGE_THRESHOLD, veto: s.veto, reasons: s.reasons };
}

/**
 * The merge_reason of a merged event: for each account after the first, the account it matched
 * best and why, e.g. "SANA r2 ~ SOHR r1 (score 6.3): same day (2019-05-06); Kafranbel/Kafr Nabl 0.4 km apart; …".
 */
export function explainCluster(accounts: Account[]): string {
  if (accounts.length <= 1) return 'single report';
  const feats = accounts.map((a, i) => accountFeatures(a, i));
  const parts: string[] = [];
  for (let i = 1; i < accounts.length; i++) {
    let best = -Infinity;
    let bestJ = 0;
    for (let j = 0; j < i; j++) {
      const s = scorePair(feats[i], feats[j]).score;
      if (s > best) {
        best = s;
        bestJ = j;
      }
    }
    const s = scorePair(feats[i], feats[bestJ], true);
    const name = (a: Account): string => `${a.outlet ? a.outlet + ' ' : ''}${a.report_id}`;
    parts.push(`${name(accounts[i])} ~ ${name(accounts[bestJ])} (score ${s.score}): ${s.reasons.join('; ')}`);
  }
  return parts.join(' | ');
}

/** Reverses a merge: the accounts of the given reports move out into their own event. */
export function splitAccounts(accounts: Account[], reportIds: string[]): { kept: Account[]; moved: Account[] } {
  const ids = new Set(reportIds);
  return { kept: accounts.filter((a) => !ids.has(a.report_id)), moved: accounts.filter((a) => ids.has(a.report_id)) };
}
