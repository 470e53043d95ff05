/**
 * Decides which pattern families a clause reports, from its triggers:
 * negated or hedged triggers are dropped (plans, forecasts, habits, opinion: "preparing to launch",
 * "regularly violates", "no clashes were reported"); remote violence that is part of a battle
 * belongs to the battle; an attack on a protest is the protest's intervention; "captured three
 * jihadists" is an arrest, "captured Abu Aref hill" territory.
 */
import type { Token } from '../knowledge/normalise.js';
import { keySet } from '../knowledge/normalise.js';
import { AIR_CUES, FAMILIES, type Family, type TriggerDef } from '../knowledge/triggers.js';
import type { Clause, TriggerHit } from './types.js';
import { CIVILIANS } from './roles.js';

export interface Chosen {
  family: Family;
  trigger: TriggerHit;
  def: TriggerDef;
}

const NEGATORS = keySet(['no', 'not', 'without', 'neither', 'nor', 'never', 'denied', 'nothing']);
const GOODS = keySet(['weapon', 'weapons', 'equipment', 'ammunition', 'vehicles', 'vehicle', 'materiel', 'arms', 'tanks', 'property', 'properties', 'houses', 'homes', 'shops', 'cars', 'money', 'sheep', 'livestock', 'crops', 'entire']);
const HELD = keySet(['controled', 'held', 'backed', 'ocupied']);
const AIR_ACTORS = new Set(['Allied Syrian and/or Russian Forces', 'Military Forces of Syria (2000-2024) Syrian Arab Air Force', 'Military Forces of Russia (2000-)']);
const VIOLENT: ReadonlySet<Family> = new Set(['territory', 'clash', 'suicide', 'chemical', 'ied', 'grenade', 'air', 'shelling', 'attack', 'abduction', 'sexual']);
const REMOTE_ORDER: Family[] = ['suicide', 'chemical', 'ied', 'grenade', 'air', 'shelling'];
const FOILED = keySet(['foiled', 'thwarted']);
const DETERMINERS = keySet(['the', 'its', 'their', 'these', 'those', 'newly']);
const BARE_WITHDRAWAL = /^(?:withdr[ae]w|retreated)$/i;
const STRATEGIC: Family[] = ['arrest', 'agreement', 'base', 'looting', 'transfer', 'disrupted', 'change'];

const ACHIEVED = keySet(['managed', 'able', 'succeeded', 'continued', 'began', 'started', 'proceeded', 'went', 'came', 'led', 'due', 'lead', 'leading', 'rose', 'amounted', 'reached', 'up']);
const ANAPHORA = keySet(['these', 'this', 'such', 'those', 'that']);
const RELATIVE = keySet(['who', 'which', 'whom']);
const AREAS = keySet(['areas', 'area', 'territory', 'territories', 'regions', 'region', 'parts', 'zones', 'zone', 'lands', 'towns', 'villages', 'neighbourhoods', 'neighborhoods', 'pocket']);
const SINCE = 'since';
const NOMINAL_CAPTURE = keySet(['capture', 'recapture', 'fall', 'seizure', 'takeover', 'liberation', 'storming']);
/** "since dawn", "since the morning": within the day told */
const DAYTIME = keySet(['dawn', 'morning', 'midnight', 'noon', 'today', 'yesterday', 'this', 'early', 'the', 'last']);
const STATE = keySet(['is', 'are', 'was', 'were', 'be', 'been', 'remains', 'remain', 'under']);

function negated(tokens: readonly Token[], text: string, clause: Clause, t: TriggerHit, family: Family, strong: boolean): boolean {
  // "No clashes were reported", "without resistance"
  for (let k = t.from - 1; k >= Math.max(clause.from, t.from - 2); k--) if (NEGATORS.has(tokens[k].key)) return true;
  // a plan, forecast, habit or opinion shortly before the trigger; an attempt only stops a capture
  for (const n of clause.negatives) {
    if (n.kind === 'attempt' && family !== 'territory' && family !== 'looting') continue;
    // a modal ("could", "would") governs the rest of its clause; other cues the next few words
    if (n.kind === 'span') return true;
    const reach = n.kind === 'forecast' ? 12 : n.kind === 'reference' ? 40 : n.kind === 'response' ? 3 : 6;
    if (n.to <= t.from && t.from - n.to <= reach) return true;
  }
  const before = t.from > clause.from ? tokens[t.from - 1].key : '';
  // "to infiltrate": a purpose, unless it was achieved ("managed to gain control", "was able to seize")
  if (before === 'to' && !(t.from - 2 >= clause.from && ACHIEVED.has(tokens[t.from - 2].key))) return true;
  // "These raids come 48 hours after ...": a word pointing back at an event already told
  if (ANAPHORA.has(before) && !strong) return true;
  // "who reached deal with HTS": a relative clause tells background, not a new development
  if (STRATEGIC.includes(family) && (RELATIVE.has(before) || (t.from - 2 >= clause.from && RELATIVE.has(tokens[t.from - 2].key)))) return true;
  // "With the capture of Busra al-Harir, the army has split the south", "The capture of the town splits the rebel
  // territory": past the lead, a capture named as a thing refers back to one told already
  if (family === 'territory' && clause.sentence >= 2 && NOMINAL_CAPTURE.has(tokens[t.from].key) && tokens[t.from - 1]?.key === 'the' && tokens[t.to]?.key === 'of') return true;
  // "explosions since Turkey and its allied factions took control of the area": a capture recalled as a date
  if (family === 'territory') {
    for (let k = t.from - 1; k >= Math.max(clause.from, t.from - 7); k--) {
      if (tokens[k].key === SINCE && !DAYTIME.has(tokens[k + 1]?.key ?? '')) return true;
    }
  }
  // "which is controlled by HTS": a state, not a capture
  if (family === 'territory' && HELD.has(tokens[t.from].key)) {
    // "into their controlled areas": an adjective
    if (AREAS.has(tokens[t.to]?.key ?? '')) return true;
    if (tokens[t.to]?.key === 'by' || (t.from > clause.from && STATE.has(tokens[t.from - 1].key))) return true;
  }
  // "on alert since the Israeli strike": an event named as the start of a span was told before, or is background
  for (let k = t.from - 1; k >= Math.max(clause.from, t.from - 4); k--) {
    if (tokens[k].key !== SINCE) continue;
    let n = k + 1;
    if (tokens[n]?.key === 'the') n++;
    if (n < t.from || (n === t.from && !DAYTIME.has(tokens[n]?.key ?? ''))) {
      if (!tokens.slice(n, t.from).some((x) => DAYTIME.has(x.key) || /^\d/.test(x.text))) return true;
    }
  }
  // "in the liberated areas", "the captured villages": a participle qualifying the areas, not a capture
  if (family === 'territory' && t.to - t.from === 1 && AREAS.has(tokens[t.to]?.key ?? '') && t.from > clause.from && DETERMINERS.has(tokens[t.from - 1].key)) return true;
  // "HTS-controlled": a participle glued to a name qualifies it
  if (HELD.has(tokens[t.from].key) && t.start > 0 && text[t.start - 1] === '-') return true;
  return false;
}

function peopleAfter(clause: Clause, t: TriggerHit): boolean {
  const q = clause.quantities.find((x) => x.from >= t.to && x.from - t.to <= 2);
  if (q && q.persons) return true;
  // "captured the rebel-held town": a name that qualifies the place is no one captured
  const a = clause.actors.find((x) => !x.modifier && x.from >= t.to && x.from - t.to <= 2);
  return !!a && (a.actor === CIVILIANS || a.description);
}

function goodsAfter(tokens: readonly Token[], clause: Clause, t: TriggerHit): boolean {
  for (let k = t.to; k < Math.min(clause.to, t.to + 8); k++) if (GOODS.has(tokens[k].key)) return true;
  return false;
}

/** The families a clause reports, each with the trigger it rests on. */
export function classifyClause(tokens: readonly Token[], text: string, clause: Clause): Chosen[] {
  const live: Chosen[] = [];
  const airCues = AIR_CUES.matchAll(tokens, clause.from, clause.to);
  const air = airCues.length > 0 || clause.actors.some((a) => AIR_ACTORS.has(a.actor));
  for (const t of clause.triggers) {
    for (const def of t.defs) {
      if (negated(tokens, text, clause, t, def.family, def.strong)) continue;
      let family = def.family;
      if (family === 'territory' && !def.reverse) {
        if (peopleAfter(clause, t)) family = 'arrest';
        else if (goodsAfter(tokens, clause, t)) family = 'looting';
      }
      if (family === 'shelling' && air) family = 'air';
      if (family === 'air' && !air && (t.defs.some((d) => d.family === 'clash'))) continue; // "raids" on foot
      live.push({ family, trigger: t, def: { ...def, family } });
    }
  }
  // attackers who "withdrew deeper into the desert" after the fight: a bare withdrawal (from nowhere named) in a
  // clause that tells an attack is part of that fight, not territory changing hands
  if (live.some((c) => c.family === 'clash')) {
    for (let i = live.length - 1; i >= 0; i--) {
      const c = live[i];
      if (c.family === 'territory' && c.def.reverse && BARE_WITHDRAWAL.test(c.trigger.text)) live.splice(i, 1);
    }
  }
  if (!live.length) return [];
  const has = (f: Family, strong = true) => live.find((c) => c.family === f && (!strong || c.def.strong));
  const out: Chosen[] = [];

  const protest = has('protest');
  const violentStrong = live.filter((c) => VIOLENT.has(c.family) && c.def.strong);
  let violent: Chosen | undefined =
    has('territory') ??
    has('clash') ??
    violentStrong.filter((c) => REMOTE_ORDER.includes(c.family)).sort((a, b) => a.trigger.from - b.trigger.from)[0] ??
    has('attack') ?? has('abduction') ?? has('sexual');
  if (!violent && !live.some((c) => c.def.strong)) {
    // weak triggers ("attacked", "killed", "targeted") need an actor that acts
    const weak = live.find((c) => c.family === 'clash' && !c.def.strong);
    if (weak && clause.actors.some((a) => !a.modifier && a.actor !== CIVILIANS)) {
      // "Regime and/or Russian planes targeted X": an air strike
      violent = air ? { ...weak, family: 'air', def: { ...weak.def, family: 'air' } } : weak;
    } else {
      // "killed when a drone targeted a motorcycle": the aircraft named before the verb is the one that acts
      const hit = live.find((c) => c.family === 'clash' && !c.def.strong && airCues.some((m) => m.to <= c.trigger.from && c.trigger.from - m.to <= 6));
      if (hit) violent = { ...hit, family: 'air', def: { ...hit.def, family: 'air' } };
    }
  }
  // "foiled an infiltration attempt", "foiled an attempt by terrorists to infiltrate": what was foiled is an attack
  // on the ground, a clash (an attempted attack is still a clash), not a weapon disrupted; not where aircraft or
  // drones are named ("foiled an attack with drones")
  const foiled = live.find((c) => c.family === 'disrupted' && FOILED.has(tokens[c.trigger.from].key));
  if (foiled && !air && (!violent || violent.family === 'clash')) {
    const attack = clause.triggers.find((t) => t.from >= foiled.trigger.to && t.from - foiled.trigger.to <= 8 && t.defs.some((d) => d.family === 'clash'));
    if (attack) {
      if (!violent) violent = { family: 'clash', trigger: foiled.trigger, def: { ...foiled.def, family: 'clash', strong: true } };
      live.splice(live.indexOf(foiled), 1);
    }
  }
  if (protest) {
    out.push(protest);
    violent = undefined; // the attack is on the protest: its intervention
  }
  if (violent) out.push(violent);
  for (const f of STRATEGIC) {
    const c = has(f);
    if (!c) continue;
    if (f === 'change' && (out.length || live.some((x) => x.family !== 'change'))) continue;
    if (f === 'transfer' && violent && violent.family !== 'territory') continue;
    if (f === 'transfer' && violent?.family === 'territory') {
      out.splice(out.indexOf(violent), 1, c);
      continue;
    }
    out.push(c);
  }
  return out.sort((a, b) => FAMILIES[b.family].priority - FAMILIES[a.family].priority);
}
