/** The event record of ../shared/spec/EVENTS.md: ACLED's columns first, then ours. */

export interface Span {
  start: number;
  end: number;
  text: string;
}

export type EventType =
  | 'Battles'
  | 'Explosions/Remote violence'
  | 'Violence against civilians'
  | 'Protests'
  | 'Riots'
  | 'Strategic developments';

export interface SitrepEvent {
  /** id of the document the event came from (file base name or JSON Lines `id`) */
  doc: string;
  event_date: string | null; // YYYY-MM-DD
  time_precision: 1 | 2 | 3;
  event_type: EventType;
  sub_event_type: string;
  actor1: string;
  assoc_actor_1: string; // '; '-separated
  inter1: number | null;
  actor2: string;
  assoc_actor_2: string;
  inter2: number | null;
  interaction: number | null;
  civilian_targeting: '' | 'Civilian targeting';
  country: string;
  admin1: string;
  admin2: string;
  admin3: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
  geo_precision: 1 | 2 | 3;
  source: string; // '; '-separated outlets and attributed sources
  notes: string;
  fatalities: number;
  // ours
  injured: number | null;
  arrested: number | null;
  fatalities_low: number | null;
  fatalities_high: number | null;
  evidence: Span[];
  confidence: number;
  sources_count: number;
  /**
   * Present (true) on an event a report tells only in passing, as an earlier event it recalls ("Last week,
   * Russian strikes on Ariha killed 13"). It is coded, and merged with the event it recalls, but the report
   * is not counted among that event's sources (`docs`, `sources_count`) while another report tells it.
   */
  recalled?: true;
}

/** ACLED's export column order, used by CSV output and exports. */
export const ACLED_COLUMNS = [
  'event_date', 'time_precision', 'event_type', 'sub_event_type',
  'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction',
  'civilian_targeting', 'country', 'admin1', 'admin2', 'admin3', 'location',
  'latitude', 'longitude', 'geo_precision', 'source', 'notes', 'fatalities',
] as const;

/** Our columns, written after ACLED's. */
export const SITREP_COLUMNS = [
  'doc', 'injured', 'arrested', 'fatalities_low', 'fatalities_high', 'confidence', 'sources_count',
] as const;
