/** Checks on what analysts and API clients send: edit patches and filters. */
import type { SitrepEvent } from '../model/index.js';
import { TAXONOMY as MODEL_TAXONOMY } from '../model/taxonomy.js';
import { invalid } from './errors.js';
import type { EventFilter } from './types.js';

/** ACLED's taxonomy (spec "Taxonomy"): event type → its sub-event types. */
export const TAXONOMY: Record<string, string[]> = MODEL_TAXONOMY;

const TEXT_FIELDS = [
  'sub_event_type', 'actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2', 'country', 'admin1', 'admin2', 'admin3',
  'location', 'source', 'notes',
] as const;
const COUNT_FIELDS = ['fatalities'] as const;
const NULLABLE_COUNT_FIELDS = ['injured', 'arrested', 'fatalities_low', 'fatalities_high'] as const;
const INTER_FIELDS = ['inter1', 'inter2', 'interaction'] as const;

/** Fields an analyst may edit. */
export const EDITABLE_FIELDS: readonly string[] = [
  'event_date', 'time_precision', 'event_type', 'geo_precision', 'civilian_targeting', 'latitude', 'longitude',
  ...TEXT_FIELDS, ...COUNT_FIELDS, ...NULLABLE_COUNT_FIELDS, ...INTER_FIELDS,
];

export function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Validates an edit patch against the current record; returns the cleaned patch or throws a one-line error. */
export function checkPatch(patch: Record<string, unknown>, current: SitrepEvent): Partial<SitrepEvent> {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw invalid('edit: the patch must be an object of fields');
  const keys = Object.keys(patch);
  if (!keys.length) throw invalid('edit: the patch is empty');
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = patch[k];
    if (!EDITABLE_FIELDS.includes(k)) throw invalid(`edit: field '${k}' cannot be edited (editable: ${EDITABLE_FIELDS.join(', ')})`);
    if (k === 'event_date') {
      if (v !== null && !isDate(v)) throw invalid(`edit: event_date must be YYYY-MM-DD, got ${JSON.stringify(v)}`);
    } else if (k === 'time_precision' || k === 'geo_precision') {
      if (v !== 1 && v !== 2 && v !== 3) throw invalid(`edit: ${k} must be 1, 2 or 3, got ${JSON.stringify(v)}`);
    } else if (k === 'event_type') {
      if (typeof v !== 'string' || !(v in TAXONOMY)) throw invalid(`edit: unknown event_type ${JSON.stringify(v)} (one of: ${Object.keys(TAXONOMY).join('; ')})`);
    } else if (k === 'civilian_targeting') {
      if (v !== '' && v !== 'Civilian targeting') throw invalid(`edit: civilian_targeting must be '' or 'Civilian targeting'`);
    } else if (k === 'latitude') {
      if (v !== null && !(typeof v === 'number' && v >= -90 && v <= 90)) throw invalid(`edit: latitude must be a number in -90..90, got ${JSON.stringify(v)}`);
    } else if (k === 'longitude') {
      if (v !== null && !(typeof v === 'number' && v >= -180 && v <= 180)) throw invalid(`edit: longitude must be a number in -180..180, got ${JSON.stringify(v)}`);
    } else if ((COUNT_FIELDS as readonly string[]).includes(k)) {
      if (!isCount(v)) throw invalid(`edit: ${k} must be a whole number ≥ 0, got ${JSON.stringify(v)}`);
    } else if ((NULLABLE_COUNT_FIELDS as readonly string[]).includes(k)) {
      if (v !== null && !isCount(v)) throw invalid(`edit: ${k} must be a whole number ≥ 0 or null, got ${JSON.stringify(v)}`);
    } else if ((INTER_FIELDS as readonly string[]).includes(k)) {
      if (v !== null && !(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 88)) throw invalid(`edit: ${k} must be an ACLED inter code, got ${JSON.stringify(v)}`);
    } else if (typeof v !== 'string') {
      throw invalid(`edit: ${k} must be text, got ${JSON.stringify(v)}`);
    } else if (v.length > 10_000) {
      throw invalid(`edit: ${k} is too long`);
    }
    out[k] = v;
  }
  const type = (out.event_type ?? current.event_type) as string;
  const sub = (out.sub_event_type ?? current.sub_event_type) as string;
  if (('event_type' in out || 'sub_event_type' in out) && TAXONOMY[type] && !TAXONOMY[type].includes(sub))
    throw invalid(`edit: sub_event_type '${sub}' is not a kind of '${type}' (one of: ${TAXONOMY[type].join('; ')})`);
  const low = (out.fatalities_low ?? current.fatalities_low) as number | null;
  const high = (out.fatalities_high ?? current.fatalities_high) as number | null;
  if (low != null && high != null && low > high) throw invalid(`edit: fatalities_low (${low}) is above fatalities_high (${high})`);
  return out as Partial<SitrepEvent>;
}

/** Validates a filter's values (types, formats), throwing a one-line error naming the field. */
export function checkFilter(f: EventFilter): void {
  for (const k of ['from', 'to'] as const) if (f[k] !== undefined && !isDate(f[k])) throw invalid(`filter ${k}: expected YYYY-MM-DD, got ${JSON.stringify(f[k])}`);
  if (f.bbox !== undefined) {
    const b = f.bbox;
    if (!Array.isArray(b) || b.length !== 4 || b.some((x) => typeof x !== 'number' || Number.isNaN(x)))
      throw invalid('filter bbox: expected four numbers minLon,minLat,maxLon,maxLat');
    if (b[0] > b[2] || b[1] > b[3]) throw invalid('filter bbox: min must not be above max (minLon,minLat,maxLon,maxLat)');
  }
  if (f.min_fatalities !== undefined && !(typeof f.min_fatalities === 'number' && f.min_fatalities >= 0))
    throw invalid(`filter min_fatalities: expected a number ≥ 0, got ${JSON.stringify(f.min_fatalities)}`);
  if (f.min_reliability !== undefined && !/^[A-Fa-f]$/.test(f.min_reliability))
    throw invalid(`filter min_reliability: expected a grade A..F, got ${JSON.stringify(f.min_reliability)}`);
  if (f.max_credibility !== undefined && !(Number.isInteger(f.max_credibility) && f.max_credibility >= 1 && f.max_credibility <= 6))
    throw invalid(`filter max_credibility: expected 1..6, got ${JSON.stringify(f.max_credibility)}`);
  if (f.updated_since !== undefined && Number.isNaN(Date.parse(f.updated_since)))
    throw invalid(`filter updated_since: expected an ISO timestamp, got ${JSON.stringify(f.updated_since)}`);
}
