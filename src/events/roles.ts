/**
 * Roles: which actors of a clause act (side 1) and which are acted on (side 2), from word order
 * around the trigger, "between A and B", "A on one side and B on the other", passives
 * ("were killed by X") and "by X" after a nominal trigger ("shelling by regime forces").
 * Civilians are always on the receiving side; protesters act in protests.
 */
import type { ActorHit } from '../recognise/actors.js';
import type { Token } from '../knowledge/normalise.js';
import { keySet } from '../knowledge/normalise.js';
import type { Clause, TriggerHit } from './types.js';

export interface Sides {
  side1: ActorHit[];
  side2: ActorHit[];
}

const PASSIVE = keySet(['was', 'were', 'been', 'being', 'is', 'are', 'be', 'got']);
/** "shells fired by regime forces", "a mine planted by ISIS": the weapon's user follows the participle */
const WEAPON_VERBS = keySet(['fired', 'launched', 'dropped', 'planted', 'detonated', 'thrown', 'lobbed', 'flown', 'operated']);
const COORD = keySet(['and', 'or', 'and/or']);
const OWNER_HEDGES = keySet(['believed', 'thought', 'said', 'to', 'likely', 'reportedly', 'probably', 'apparently', 'suspected']);
const BELONG = keySet(['belong', 'belongs', 'belonging', 'belonged']);
/** what is flown or fired: "a drone believed to belong to the coalition" names who struck */
const AIRCRAFT = keySet(['drone', 'drones', 'warplane', 'warplanes', 'plane', 'planes', 'aircraft', 'jet', 'jets', 'helicopter', 'helicopters', 'missile', 'missiles', 'rocket', 'rockets']);
const SIDE_WORDS = keySet(['side', 'hand']);
export const CIVILIANS = 'Civilians (Syria)';
export const PROTESTERS = 'Protesters (Syria)';

function dedupe(list: ActorHit[]): ActorHit[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.actor) ? false : (seen.add(a.actor), true)));
}

/** index of a "by" just before a mention, or -1 */
function byAt(tokens: readonly Token[], clause: Clause, at: number): number {
  for (let k = at - 1; k >= Math.max(clause.from, at - 3); k--) if (tokens[k].key === 'by') return k;
  return -1;
}
function byBefore(tokens: readonly Token[], clause: Clause, at: number): boolean {
  return byAt(tokens, clause, at) >= 0;
}
/** "were killed by X": a passive auxiliary shortly before the "by" */
function passiveBy(tokens: readonly Token[], clause: Clause, at: number): boolean {
  const by = byAt(tokens, clause, at);
  if (by < 0) return false;
  for (let k = by - 1; k >= Math.max(clause.from, by - 3); k--) if (PASSIVE.has(tokens[k].key)) return true;
  return false;
}

/** "(a bomb) dropped by regime warplanes": the actor is the one who used the weapon */
export function weaponAgent(tokens: readonly Token[], clause: Clause, a: ActorHit): boolean {
  const by = byAt(tokens, clause, a.from);
  return by - 1 >= clause.from && WEAPON_VERBS.has(tokens[by - 1].key);
}

/** "a drone (believed to) belong(ing) to the US-led coalition": the owner of the aircraft or weapon struck */
function aircraftOwner(tokens: readonly Token[], clause: Clause, a: ActorHit): boolean {
  let k = a.from - 1;
  if (k >= clause.from && tokens[k].key === 'the') k--;
  if (k < clause.from || tokens[k].key !== 'to') return false;
  k--;
  if (k < clause.from || !BELONG.has(tokens[k].key)) return false;
  // the aircraft is what belongs, the word before ("a drone belonging to", "a drone believed to belong to"),
  // not something hit earlier in the clause ("drones struck a vehicle belonging to the SDF")
  let j = k - 1;
  while (j >= clause.from && OWNER_HEDGES.has(tokens[j].key)) j--;
  return j >= clause.from && AIRCRAFT.has(tokens[j].key);
}

/** Splits a clause's actors into acting and receiving sides around its trigger. */
const HEDGES = keySet(['possibly', 'perhaps', 'maybe', 'presumably']);

/** "shelled, possibly by regime forces": ACLED leaves a guessed actor unidentified */
function hedged(tokens: readonly Token[], clause: Clause, a: ActorHit): boolean {
  for (let k = a.from - 1; k >= Math.max(clause.from, a.from - 3); k--) if (HEDGES.has(tokens[k].key)) return true;
  return false;
}

const LOSS_NOUNS = keySet(['death', 'deaths', 'killing', 'injury', 'injuries', 'wounding', 'body', 'bodies']);
const OF = keySet(['of']);

/** "the death of a member of regime forces", "the injury of two SDF fighters": the actor named is the one hit */
function lossOf(tokens: readonly Token[], clause: Clause, a: ActorHit): boolean {
  let ofs = 0;
  for (let k = a.from - 1; k >= Math.max(clause.from, a.from - 7); k--) {
    const key = tokens[k].key;
    if (OF.has(key)) { ofs++; continue; }
    if (LOSS_NOUNS.has(key)) return ofs > 0;
    if (/^[.,;:!?]$/.test(tokens[k].text)) return false;
  }
  return false;
}

export function assignSides(tokens: readonly Token[], clause: Clause, trigger: TriggerHit, protest = false): Sides {
  const ms = clause.actors.filter((a) => !a.modifier && !hedged(tokens, clause, a));
  const side1: ActorHit[] = [];
  const side2: ActorHit[] = [];
  const victims = (a: ActorHit) => a.actor === CIVILIANS || (!protest && a.actor === PROTESTERS);

  // "between A and B", "A on one side and B on the other"
  let between = -1;
  for (let k = clause.from; k < clause.to; k++) if (tokens[k].key === 'betwen') { between = k; break; }
  let oneSide = -1;
  for (let k = clause.from; k + 1 < clause.to; k++) {
    if (tokens[k].key === 'one' && SIDE_WORDS.has(tokens[k + 1].key)) { oneSide = k; break; }
  }
  if (oneSide >= 0) {
    for (const a of ms) (victims(a) ? side2 : a.from < oneSide ? side1 : side2).push(a);
    return { side1: dedupe(side1), side2: dedupe(side2) };
  }
  if (between >= 0) {
    const after = ms.filter((a) => a.from > between);
    if (after.length >= 2) {
      let switched = false;
      for (let i = 0; i < after.length; i++) {
        const a = after[i];
        if (victims(a)) { side2.push(a); continue; }
        if (i > 0 && !switched) {
          const gap = tokens.slice(after[i - 1].to, a.from).map((t) => t.key);
          const linked = gap.some((g) => g === 'suported' || g === 'backed' || g === 'belonging' || g === 'including' || g === 'afiliated' || g === 'loyal');
          if (gap.includes('and') && !linked) switched = true;
        }
        (switched ? side2 : side1).push(a);
      }
      for (const a of ms) if (a.from < between && !side1.includes(a) && !side2.includes(a)) (victims(a) ? side2 : side1).unshift(a);
      return { side1: dedupe(side1), side2: dedupe(side2) };
    }
  }

  // passive: "were killed by X", "was targeted by"
  let passive = /^(?:was|were|been|is|are)\b/i.test(trigger.text) || /\b(?:was|were) found$/i.test(trigger.text);
  for (let k = trigger.from - 1; k >= Math.max(clause.from, trigger.from - 3); k--) {
    if (PASSIVE.has(tokens[k].key)) { passive = true; break; }
  }
  if (ms.some((a) => passiveBy(tokens, clause, a.from))) passive = true;
  // "HTS fighters were targeted near X with an IED": the subject of a passive verb is hit
  const passiveSubject = (a: ActorHit) => {
    for (let k = a.to; k + 1 < trigger.from; k++) {
      if (PASSIVE.has(tokens[k].key) && /(?:ed|en|wn|ot)$/.test(tokens[k + 1].key)) return true;
    }
    return false;
  };
  let agent: ActorHit | null = null; // the last "by" agent: "by regime and Russian warplanes" names two
  let lost: ActorHit | null = null; // the last actor named as the one killed or hurt
  for (const a of ms) {
    if (victims(a)) { side2.push(a); continue; }
    if (protest && a.actor === PROTESTERS) { side1.unshift(a); continue; }
    // named before the trigger as the one killed or hurt: hit, not acting
    // ("the death of members of regime forces and Iranian-backed militias": both)
    const lostWith = lost && a.from - lost.to <= 2 && tokens.slice(lost.to, a.from).every((t) => COORD.has(t.key));
    if (a.from < trigger.from && (lostWith || lossOf(tokens, clause, a))) { side2.push(a); agent = null; lost = a; continue; }
    lost = null;
    if (agent && a.from > agent.to && a.from - agent.to <= 2 && tokens.slice(agent.to, a.from).every((t) => COORD.has(t.key))) {
      side1.push(a);
      agent = a;
      continue;
    }
    agent = null;
    // "shelling by regime forces", "were killed by": the agent follows "by" soon after the trigger
    // "shelling by regime forces": "by" right after a nominal trigger; not "an attempt by regime forces"
    const by = byAt(tokens, clause, a.from);
    const weaponBy = by > trigger.from && weaponAgent(tokens, clause, a);
    // "Air strikes by Syrian government and Russian warplanes": the agents named just after "by"
    const nominalBy = tokens[trigger.to]?.key === 'by' && a.from > trigger.to && a.from - trigger.to <= 5 && !clause.triggers.some((t) => t.from > trigger.to && t.from < a.from);
    const byAgent = passiveBy(tokens, clause, a.from) || weaponBy || nominalBy || aircraftOwner(tokens, clause, a) || (by >= 0 && (passive || (a.from > trigger.from && tokens[trigger.to]?.key === 'by')));
    if (byAgent) { side1.push(a); agent = a; }
    else if (a.from < trigger.from && passiveSubject(a)) side2.push(a);
    else if (a.from < trigger.from || (passive && !byBefore(tokens, clause, a.from))) (passive ? side2 : side1).push(a);
    else side2.push(a);
  }
  return { side1: dedupe(side1), side2: dedupe(side2) };
}
