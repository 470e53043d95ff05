/**
 * The store's contract: what ingest, the CLI, the HTTP API and the dashboard may ask of it.
 * Implemented once over Kysely (src/store/store.ts); dialect code only in src/store/sqlite and src/store/postgres.
 */
import type { SitrepEvent, Span } from '../model/index.js';
import type { CleanDocument } from '../model/index.js';

/** One report as kept in the store. */
export interface StoredReport {
  id: string; // stable id: the document id given at ingest (file base name, JSONL id, or URL)
  url: string | null;
  title: string | null;
  outlets: string[];
  published: string | null;
  language: string;
  raw_text: string;
  clean_text: string;
  content_hash: string;
  engine_version: string;
  ingested_at: string; // ISO timestamp
}

/** One report's account of an event: the per-report extraction, with its evidence into that report's clean text. */
export interface EventSource {
  report_id: string;
  outlet: string;
  url: string | null;
  title: string | null;
  published: string | null;
  event: SitrepEvent; // the event as this one report tells it
  evidence: Span[];
}

/** A merged event: one row in the events table. `id` is stable across edits, merges and re-extraction. */
export interface StoredEvent extends SitrepEvent {
  id: string;
  docs: string[]; // ids of the reports it rests on
  verified: boolean;
  deleted: boolean;
  /** fields an analyst set by hand; re-extraction never overwrites them */
  corrections: Partial<SitrepEvent>;
  /** Admiralty credibility 1 (confirmed) .. 6 (cannot be judged) */
  credibility: number;
  merge_reason: string; // why its sources were merged
  /** set by getEvent on a deleted event that an analyst merged into another: the id it lives on as */
  replaced_by?: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventFilter {
  from?: string; // YYYY-MM-DD inclusive
  to?: string;
  bbox?: [number, number, number, number]; // minLon,minLat,maxLon,maxLat
  admin1?: string;
  admin2?: string;
  actor?: string; // any alias; resolved through the actor knowledge
  event_type?: string;
  sub_event_type?: string;
  outlet?: string;
  q?: string; // full text over notes, location, actors and evidence
  min_fatalities?: number;
  verified?: boolean;
  min_reliability?: string; // outlet grade A..F: events carried by at least one outlet this good
  max_credibility?: number; // 1..6
  updated_since?: string; // ISO timestamp
  include_deleted?: boolean;
}

export interface Page {
  cursor?: string;
  limit?: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  action: 'verify' | 'edit' | 'delete' | 'merge' | 'split' | 'grade';
  event_id: string | null;
  before: unknown;
  after: unknown;
}

export interface IngestResult {
  report_id: string;
  status: 'new' | 'unchanged' | 'updated';
  events: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Keeps a report and its extracted events, merging them into existing events. Idempotent on content
   * hash and engine version ('unchanged', nothing written) unless `options.force` (then 'updated').
   */
  putReport(doc: CleanDocument, raw: string, events: SitrepEvent[], engineVersion: string, options?: { force?: boolean }): Promise<IngestResult>;
  /**
   * Many reports in one write transaction (ingest's fast path: one commit for the batch), in order, each
   * with putReport's semantics (idempotent, merged with the store and with earlier reports of the batch,
   * corrections kept); one result per item. Any error rolls the whole batch back.
   */
  putReports?(
    items: { doc: CleanDocument; raw: string; events: SitrepEvent[]; engineVersion: string; force?: boolean }[],
  ): Promise<IngestResult[]>;
  getReport(id: string): Promise<StoredReport | undefined>;
  /** What ingest's "already stored?" check needs of a report, without its texts (one small query). */
  reportStamp?(id: string): Promise<{ content_hash: string; engine_version: string; published: string | null; title: string | null } | undefined>;

  listEvents(filter: EventFilter, page?: Page): Promise<{ events: StoredEvent[]; next_cursor: string | null }>;
  /**
   * listEvents' page as JSON text: the events' JSON (JSON.stringify of each, byte for byte) joined with ',',
   * `count` of them: the API's JSON list without building and re-writing each event's objects.
   */
  listEventText?(filter: EventFilter, page?: Page): Promise<{ text: string; count: number; next_cursor: string | null }>;
  getEvent(id: string): Promise<(StoredEvent & { sources: EventSource[] }) | undefined>;
  countEvents(filter: EventFilter, by: 'day' | 'week' | 'event_type' | 'actor' | 'admin1' | 'outlet'): Promise<{ key: string; count: number; fatalities: number }[]>;
  /** ids of events deleted (or merged away) since a timestamp, for clients that keep a copy */
  deletions(since: string): Promise<{ id: string; deleted_at: string; replaced_by: string | null }[]>;

  verify(id: string, user: string): Promise<StoredEvent>;
  edit(id: string, patch: Partial<SitrepEvent>, user: string): Promise<StoredEvent>;
  remove(id: string, user: string): Promise<void>;
  merge(ids: string[], user: string): Promise<StoredEvent>;
  /** moves the given reports' accounts out of an event into a new one */
  split(id: string, reportIds: string[], user: string): Promise<StoredEvent[]>;
  audit(eventId?: string): Promise<AuditEntry[]>;

  /**
   * GeoJSON Features (each one JSON text, built by the database) of the located events matching a
   * filter, in listEvents' order and cursor; properties are the map's fields, not the evidence.
   */
  /**
   * `{ shape: 'export' }`: every event matching (a null geometry where it has no coordinates), with a
   * top-level `id` and all the flat fields as properties (docs joined with '; '): the API's GeoJSON export.
   */
  listFeatures?(
    filter: EventFilter,
    page?: Page,
    options?: { shape?: 'map' | 'export' },
  ): Promise<{ features: string[]; next_cursor: string | null }>;
  /**
   * A page of listFeatures' export shape as one text, the Features joined with ',\n' (`count` of them),
   * for the GeoJSON export; null where the store cannot build it for this filter (then: listFeatures).
   */
  listFeatureText?(filter: EventFilter, page?: Page): Promise<{ text: string; count: number; next_cursor: string | null } | null>;
  /** the same, the text as UTF-8 bytes (a response body then needs nothing decoded or encoded) */
  listFeatureText?(filter: EventFilter, page: Page, options: { bytes: true }): Promise<{ text: Uint8Array; count: number; next_cursor: string | null } | null>;
  /** Loads already-merged events without merging them (imports, benchmarks); returns their ids. */
  importEvents?(events: SitrepEvent[]): Promise<string[]>;

  listOutlets(): Promise<{ name: string; grade: string | null; reports: number; events: number }[]>;
  setOutletGrade(name: string, grade: string, user: string): Promise<void>;
}
