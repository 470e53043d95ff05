/**
 * The store's tables, typed for Kysely. One definition for both engines: booleans are 0/1 integers,
 * timestamps ISO-8601 text, JSON columns `Json` (text in SQLite, jsonb in PostgreSQL; the dialect
 * adapter reads and writes them).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A JSON column: written as a JSON string, read back through `DialectAdapter.fromJson`. */
export type Json = string;

export interface ReportsTable {
  id: string;
  url: string | null;
  title: string | null;
  outlets: Json; // string[]
  published: string | null;
  language: string;
  raw_text: string;
  clean_text: string;
  content_hash: string;
  engine_version: string;
  ingested_at: string;
  updated_at: string;
}

export interface ReportOutletsTable {
  report_id: string;
  outlet: string;
}

export interface AccountsTable {
  id: Generated<number>;
  report_id: string;
  event_id: string;
  /** index of the event in the report's extraction output */
  ordinal: number;
  outlet: string;
  event: Json; // SitrepEvent as this report tells it
  evidence: Json; // Span[]
  block_keys: Json; // string[]
  match_reason: string;
  created_at: string;
}

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  doc: string;
  /** '' when unknown (kept non-null so the date index orders and pages every row) */
  event_date: string;
  time_precision: number;
  event_type: string;
  sub_event_type: string;
  actor1: string;
  assoc_actor_1: string;
  inter1: number | null;
  actor2: string;
  assoc_actor_2: string;
  inter2: number | null;
  interaction: number | null;
  civilian_targeting: string;
  country: string;
  admin1: string;
  admin2: string;
  admin3: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number;
  source: string;
  notes: string;
  fatalities: number;
  injured: number | null;
  arrested: number | null;
  fatalities_low: number | null;
  fatalities_high: number | null;
  evidence: Json; // Span[]
  confidence: number;
  sources_count: number;
  docs: Json; // string[]
  verified: number; // 0 | 1
  deleted: number; // 0 | 1
  corrections: Json; // Partial<SitrepEvent>
  credibility: number;
  merge_reason: string;
  /** 0.1° grid cell of latitude/longitude (keys.cellOf), for map boxes; null without coordinates */
  cell: number | null;
  /** lower-cased notes, location, actors, source and evidence: what `q` searches */
  search_text: string;
  created_at: string;
  updated_at: string;
}

/** merge blocks: hashKey(block key) → events.seq (table 003; 001's event_blocks held the text keys) */
export interface EventKeysTable {
  key_hash: number;
  event_seq: number;
}

/** actor1, actor2 and every associated actor → events.seq, for the actor filter */
export interface EventActorsTable {
  actor: string;
  /** the event's date (as events.event_date): "actor X, newest first" is one index range */
  event_date: string;
  event_seq: number;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  user: string;
  action: string;
  event_id: string | null;
  before: Json | null;
  after: Json | null;
}

export interface DeletionsTable {
  event_id: string;
  deleted_at: string;
  replaced_by: string | null;
}

export interface OutletsTable {
  name: string;
  grade: string | null;
  updated_at: string;
}

export interface FeedsTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_status: string | null;
}

/** SQLite (migration 007): each live event's export-shape GeoJSON Feature, kept by triggers, in listing order */
export interface EventFeaturesTable {
  event_date: string;
  seq: number;
  feature: string;
}

export interface Database {
  reports: ReportsTable;
  report_outlets: ReportOutletsTable;
  accounts: AccountsTable;
  events: EventsTable;
  event_keys: EventKeysTable;
  event_actors: EventActorsTable;
  audit: AuditTable;
  deletions: DeletionsTable;
  outlets: OutletsTable;
  feeds: FeedsTable;
  event_features: EventFeaturesTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type EventRowUpdate = Updateable<EventsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type ReportRow = Selectable<ReportsTable>;
