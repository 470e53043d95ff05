/**
 * Query parameters of the event routes: parsed once, checked strictly, and turned into the store's
 * EventFilter. Every mistake is a 400 that names the parameter.
 */
import type { EventFilter, Page } from '../store/types.js';
import { badParameter } from './errors.js';

/** Names every event route accepts as filters (also listed in the OpenAPI document). */
export const FILTER_PARAMS = [
  'from', 'to', 'bbox', 'admin1', 'admin2', 'actor', 'event_type', 'sub_event_type', 'outlet', 'q',
  'min_fatalities', 'verified', 'min_reliability', 'max_credibility', 'updated_since',
] as const;

export const FORMATS = ['json', 'geojson', 'csv', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

export const MAX_LIMIT = 10_000;
export const MAX_GEOJSON_LIMIT = 100_000;
export const DEFAULT_LIMIT = 1_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_MAX = 200;

/** Read access to a request's query, one value per name; a repeated name is a mistake. */
export class Query {
  private readonly values = new Map<string, string>();
  constructor(url: string, private readonly allowed: readonly string[]) {
    const params = new URL(url).searchParams;
    for (const [name, value] of params) {
      if (!allowed.includes(name)) {
        throw badParameter(name, `unknown parameter ${name}; this route takes ${allowed.join(', ')}`);
      }
      if (this.values.has(name)) throw badParameter(name, `${name} is given more than once`);
      this.values.set(name, value);
    }
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
  /** The raw value, or undefined when absent; an empty value counts as absent. */
  raw(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }
  text(name: string): string | undefined {
    const v = this.raw(name);
    if (v !== undefined && v.length > TEXT_MAX) throw badParameter(name, `${name} is longer than ${TEXT_MAX} characters`);
    return v?.trim() || undefined;
  }
  date(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!DATE.test(v) || !isRealDate(v)) throw badParameter(name, `${name} must be a date YYYY-MM-DD, got "${clip(v)}"`);
    return v;
  }
  timestamp(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    return parseTimestamp(name, v);
  }
  int(name: string, min: number, max: number, what = `an integer from ${min} to ${max}`): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw badParameter(name, `${name} must be ${what}`);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw badParameter(name, `${name} must be ${what}`);
    return n;
  }
  bool(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    throw badParameter(name, `${name} must be true or false`);
  }
  oneOf<T extends string>(name: string, options: readonly T[]): T | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!(options as readonly string[]).includes(v)) throw badParameter(name, `${name} must be one of ${options.join(', ')}`);
    return v as T;
  }
}

/** The store's filter from the query's filter parameters. */
export function eventFilter(q: Query): EventFilter {
  const f: EventFilter = {};
  f.from = q.date('from');
  f.to = q.date('to');
  if (f.from && f.to && f.from > f.to) throw badParameter('to', `to (${f.to}) is before from (${f.from})`);
  const bbox = q.raw('bbox');
  if (bbox !== undefined) f.bbox = parseBbox(bbox);
  f.admin1 = q.text('admin1');
  f.admin2 = q.text('admin2');
  f.actor = q.text('actor');
  f.event_type = q.text('event_type');
  f.sub_event_type = q.text('sub_event_type');
  f.outlet = q.text('outlet');
  f.q = q.text('q');
  f.min_fatalities = q.int('min_fatalities', 0, 1_000_000_000, 'a non-negative integer');
  f.verified = q.bool('verified');
  const grade = q.raw('min_reliability');
  if (grade !== undefined) {
    const g = grade.toUpperCase();
    if (!/^[A-F]$/.test(g)) throw badParameter('min_reliability', 'min_reliability must be a grade from A (reliable) to F (cannot be judged)');
    f.min_reliability = g;
  }
  f.max_credibility = q.int('max_credibility', 1, 6, 'an integer from 1 (confirmed) to 6 (cannot be judged)');
  f.updated_since = q.timestamp('updated_since');
  for (const k of Object.keys(f) as (keyof EventFilter)[]) if (f[k] === undefined) delete f[k];
  return f;
}

export function parseBbox(v: string): [number, number, number, number] {
  const parts = v.split(',');
  const nums = parts.map((p) => (/^\s*-?\d+(\.\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
    throw badParameter('bbox', 'bbox must be four numbers minLon,minLat,maxLon,maxLat');
  }
  const [minLon, minLat, maxLon, maxLat] = nums;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    throw badParameter('bbox', 'bbox longitudes must lie in -180..180 and latitudes in -90..90');
  }
  if (minLon > maxLon || minLat > maxLat) throw badParameter('bbox', 'bbox must be minLon,minLat,maxLon,maxLat with min ≤ max');
  return [minLon, minLat, maxLon, maxLat];
}

/** Paging: an opaque cursor the store gave out, and a limit up to `max`. */
export function page(q: Query, max = MAX_LIMIT): Page & { limit: number } {
  const limit = q.int('limit', 1, max, `an integer from 1 to ${max}`) ?? Math.min(DEFAULT_LIMIT, max);
  const cursor = q.raw('cursor');
  if (cursor !== undefined && (cursor.length > 500 || !/^[A-Za-z0-9_\-.:=~+/]+$/.test(cursor))) {
    throw badParameter('cursor', 'cursor is not one this API gave out; start again without it');
  }
  return cursor === undefined ? { limit } : { cursor, limit };
}

export function parseTimestamp(name: string, v: string): string {
  // a date, or a date and time with an optional zone: what ISO 8601 clients send
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    throw badParameter(name, `${name} must be an ISO 8601 timestamp such as 2024-05-01T12:00:00Z, got "${clip(v)}"`);
  }
  // no zone means UTC, whatever the server's own zone
  const iso = DATE.test(v) ? `${v}T00:00:00Z` : v.replace(' ', 'T') + (/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? '' : 'Z');
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw badParameter(name, `${name} is not a real date and time: "${clip(v)}"`);
  return new Date(ms).toISOString();
}

function isRealDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function clip(v: string): string {
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}
