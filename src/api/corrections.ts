/** What an analyst may correct in an event, and the checks a correction must pass. */
import type { SitrepEvent } from '../model/index.js';
import { badParameter } from './errors.js';
import { canonicalEventType, canonicalSubEventType, eventTypeOf, TAXONOMY } from '../model/taxonomy.js';

type Check = (name: string, v: unknown) => unknown;

const text = (max: number): Check => (name, v) => {
  if (typeof v !== 'string') throw badParameter(name, `${name} must be text`);
  if (v.length > max) throw badParameter(name, `${name} is longer than ${max} characters`);
  return v.trim();
};
const intIn = (min: number, max: number, nullable: boolean): Check => (name, v) => {
  if (v === null && nullable) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw badParameter(name, `${name} must be an integer from ${min} to ${max}${nullable ? ', or null' : ''}`);
  }
  return v;
};
const count = (nullable: boolean): Check => (name, v) => {
  if (v === null && nullable) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) {
    throw badParameter(name, `${name} must be a non-negative integer${nullable ? ', or null' : ''}`);
  }
  return v;
};
const coordinate = (limit: number): Check => (name, v) => {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > limit) {
    throw badParameter(name, `${name} must be a number from -${limit} to ${limit}, or null`);
  }
  return v;
};
const precision: Check = (name, v) => {
  if (v !== 1 && v !== 2 && v !== 3) throw badParameter(name, `${name} must be 1, 2 or 3`);
  return v;
};

const EDITABLE: Partial<Record<keyof SitrepEvent, Check>> = {
  event_date: (name, v) => {
    if (v === null) return null;
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
      throw badParameter(name, `${name} must be a date YYYY-MM-DD, or null`);
    }
    return v;
  },
  time_precision: precision,
  event_type: (name, v) => {
    const t = typeof v === 'string' ? canonicalEventType(v) : undefined;
    if (!t) throw badParameter(name, `${name} must be one of ${Object.keys(TAXONOMY).join(', ')}`);
    return t;
  },
  sub_event_type: (name, v) => {
    const t = typeof v === 'string' ? canonicalSubEventType(v) : undefined;
    if (!t) throw badParameter(name, `${name} must be one of ACLED's sub-event types, e.g. Armed clash`);
    return t;
  },
  actor1: text(300),
  assoc_actor_1: text(1000),
  inter1: intIn(0, 8, true),
  actor2: text(300),
  assoc_actor_2: text(1000),
  inter2: intIn(0, 8, true),
  interaction: intIn(0, 88, true),
  civilian_targeting: (name, v) => {
    if (v !== '' && v !== 'Civilian targeting') throw badParameter(name, `${name} must be "Civilian targeting" or ""`);
    return v;
  },
  country: text(100),
  admin1: text(100),
  admin2: text(100),
  admin3: text(100),
  location: text(200),
  latitude: coordinate(90),
  longitude: coordinate(180),
  geo_precision: precision,
  source: text(1000),
  notes: text(5000),
  fatalities: count(false),
  injured: count(true),
  arrested: count(true),
  fatalities_low: count(true),
  fatalities_high: count(true),
  confidence: (name, v) => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw badParameter(name, `${name} must be a number from 0 to 1`);
    return v;
  },
};

export const EDITABLE_FIELDS = Object.keys(EDITABLE) as (keyof SitrepEvent)[];

/** A checked correction: known fields only, values of the right type, a sub-event type that fits its type. */
export function parseCorrection(body: Record<string, unknown>, current?: SitrepEvent): Partial<SitrepEvent> {
  const patch: Record<string, unknown> = {};
  const names = Object.keys(body);
  if (names.length === 0) throw badParameter('body', 'the body names no field to correct');
  for (const name of names) {
    const check = EDITABLE[name as keyof SitrepEvent];
    if (!check) throw badParameter(name, `${name} cannot be corrected; fields that can: ${EDITABLE_FIELDS.join(', ')}`);
    patch[name] = check(name, body[name]);
  }
  const type = (patch.event_type as string | undefined) ?? current?.event_type;
  const sub = patch.sub_event_type as string | undefined;
  if (sub !== undefined && type !== undefined && eventTypeOf(sub) !== type) {
    throw badParameter('sub_event_type', `${sub} is not a sub-event type of ${type}`);
  }
  if (patch.event_type !== undefined && sub === undefined && current && eventTypeOf(current.sub_event_type) !== patch.event_type) {
    throw badParameter('sub_event_type', `changing event_type to ${String(patch.event_type)} needs a sub_event_type of that type too`);
  }
  const low = (patch.fatalities_low ?? current?.fatalities_low) as number | null | undefined;
  const high = (patch.fatalities_high ?? current?.fatalities_high) as number | null | undefined;
  if (typeof low === 'number' && typeof high === 'number' && low > high) {
    throw badParameter('fatalities_low' in patch ? 'fatalities_low' : 'fatalities_high', 'fatalities_low must not exceed fatalities_high');
  }
  return patch as Partial<SitrepEvent>;
}
