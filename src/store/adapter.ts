/**
 * The few things that differ between engines, behind one small object. `store.ts` talks only to this
 * interface and to Kysely; `sqlite/` and `postgres/` each provide one.
 */
import type { ColumnDefinitionBuilder, CompiledQuery, CreateTableBuilder, Expression, Kysely, RawBuilder, SqlBool, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface DialectAdapter {
  readonly name: 'sqlite' | 'postgres';
  /** where the data lives, for messages: a file path, or host:port/database */
  readonly location: string;
  /** the schema that holds the tables (PostgreSQL); undefined for SQLite */
  readonly schema?: string;
  /** column type of JSON columns ('text' in SQLite, 'jsonb' in PostgreSQL) */
  readonly jsonType: 'text' | 'jsonb';
  /** an auto-incrementing integer primary key column */
  serialColumn(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  readonly serialType: 'integer' | 'serial';
  /** a table clustered on its primary key (SQLite WITHOUT ROWID; PostgreSQL unchanged) */
  withoutRowid<T extends string, C extends string>(t: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** JSON column value as read from the driver → JS value */
  fromJson<T>(value: unknown, fallback: T): T;
  /**
   * JSON column value as read from the driver → its JSON text, as JSON.stringify(fromJson(value, …)) writes it
   * (`fallback`: that of the fallback). SQLite hands back the text the store wrote with JSON.stringify.
   */
  fromJsonText(value: unknown, fallback: string): string;
  /**
   * The query, marked for the driver to hand back its rows as arrays of the selected columns' values where it
   * can (SQLite: better-sqlite3 builds objects of many columns slowly); rows may still come back as objects.
   */
  arrayRows(query: CompiledQuery): CompiledQuery;
  /** migrations: creates the full-text index over events.search_text */
  createTextIndex(db: Kysely<any>): Promise<void>;
  /**
   * Whether live events' export-shape GeoJSON Features are kept, built, in `event_features` (by triggers;
   * migration 007 creates them on SQLite, 010 on PostgreSQL); listFeatures and listFeatureText read them there.
   */
  readonly featureTable: boolean;
  /**
   * Creates event_features and its triggers, and fills it from the live events there (no-op where
   * featureTable is false). Migration 007 calls it on SQLite, 010 on PostgreSQL (whose 007 created nothing).
   */
  createFeatureTable(db: Kysely<any>): Promise<void>;
  /**
   * The export-shape Feature (JSON text) of the events row `row` (a table alias), as the triggers keep it:
   * where present, listFeatures' export shape is built with it, so built and kept Features are the same text.
   * Absent: listFeatures builds it from jsonObject and the other helpers.
   */
  readonly exportFeature?: (row: string) => RawBuilder<string>;
  /** keeps the full-text index in step with events.search_text (no-op where an expression index does it) */
  indexText(db: Db, seq: number, text: string): Promise<void>;
  /** indexText for an event not in the text index yet */
  indexNewText(db: Db, seq: number, text: string): Promise<void>;
  unindexText(db: Db, seq: number): Promise<void>;
  /** (re)indexes the events with seq in [from, to] from their search_text, after bulk loads */
  indexRange(db: Db, from: number, to: number): Promise<void>;
  /**
   * `events` rows whose search_text holds every word of q. `inOrder`: as a test of rows read in listing
   * order, not as the rows to start from (SQLite's planner would otherwise start from every match and sort).
   */
  textMatch(q: string, inOrder?: boolean): Expression<SqlBool>;
  /**
   * Whether a page of `limit` events matching q is read sooner in listing order, each row tested against
   * the text index (textMatch with inOrder), than from all of q's matches, sorted: true when they are many.
   */
  textInOrder(db: Db, q: string, limit: number): Promise<boolean>;
  /** runs a write transaction; SQLite queues this process's writers to one file here (its busy wait would block the event loop) */
  serialise<T>(fn: () => Promise<T>): Promise<T>;
  /** serialises writers that touch the same merge blocks (no-op where transactions already serialise writers) */
  lockKeys(db: Db, keys: string[]): Promise<void>;
  /** a JSON object built in SQL from [key, value] pairs (json_object / json_build_object) */
  jsonObject(pairs: [string, Expression<unknown>][]): RawBuilder<unknown>;
  /** a JSON array built in SQL */
  jsonArray(items: Expression<unknown>[]): RawBuilder<unknown>;
  /** a JSON value built in SQL, as text */
  jsonText(json: Expression<unknown>): RawBuilder<string>;
  /** a JSON column embedded as JSON (not as a string) inside jsonObject */
  jsonValue(col: Expression<unknown>): RawBuilder<unknown>;
  /** a JSON array column's strings joined by `sep` into one text ('' for an empty array) */
  jsonJoin(col: Expression<unknown>, sep: string): RawBuilder<unknown>;
  /** a JSON value where `cond` holds, else JSON null, usable inside jsonObject */
  jsonOrNull(cond: Expression<unknown>, json: Expression<unknown>): RawBuilder<unknown>;
  /** a 0/1 column as JSON true/false inside jsonObject */
  jsonBool(col: Expression<unknown>): RawBuilder<unknown>;
  /** housekeeping before the connection closes (SQLite: PRAGMA optimize, so the planner has statistics) */
  beforeClose(db: Db): Promise<void>;
  /** turns a driver error into a one-line StoreError where it is a known condition */
  mapError(err: unknown): unknown;
  /**
   * Runs one compiled statement at once on the connection that a running transaction holds, its rows back
   * (none for a statement that returns none), without Kysely's per-query promises (SQLite: one connection,
   * one writer). Only for a Transaction's queries; absent where the engine has no such path.
   */
  readonly runInTransaction?: (text: string, params: readonly unknown[]) => unknown[];
}

/** The words of a free-text query, lower-cased, letters and digits only, each once (a word twice finds the same). */
export function queryWords(q: string): string[] {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 16);
  return [...new Set(words)];
}
