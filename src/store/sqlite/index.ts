/**
 * SQLite through better-sqlite3: WAL journal, busy timeout, foreign keys, and write transactions that
 * start with BEGIN IMMEDIATE so that two processes ingesting into one file queue up instead of failing
 * half-way. Full text through an FTS5 table keyed by events.seq.
 */
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type DialectAdapter as KyselyDialectAdapter,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
} from 'kysely';
import type { DialectAdapter, Db } from '../adapter.js';
import { queryWords } from '../adapter.js';
import { StoreError } from '../errors.js';
import { sqliteExportFeature } from '../features.js';
import type { Database } from '../schema.js';

/** how long a writer waits for another process's write to finish (SITREP_SQLITE_BUSY_MS overrides) */
const BUSY_TIMEOUT_MS = Number(process.env.SITREP_SQLITE_BUSY_MS) || 15_000;

/** Every transaction takes the write lock up front: no read-then-upgrade deadlocks between processes. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  /**
   * After some errors (a full disk, an I/O error) SQLite has already rolled the transaction back; a second
   * rollback would fail with "no transaction is active" and hide the error that says what went wrong.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (err) {
      if (!/no transaction is active/i.test((err as Error)?.message ?? '')) throw err;
    }
  }
}

/** SQLite runs DDL inside transactions, so migrations run in one (and under the write lock). */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class SitrepSqliteDialect extends SqliteDialect {
  readonly #cfg: SqliteDialectConfig;
  constructor(cfg: SqliteDialectConfig) {
    super(cfg);
    this.#cfg = cfg;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#cfg);
  }
  override createAdapter(): KyselyDialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** one queue of write transactions per database file in this process */
const writeQueues = new Map<string, Promise<unknown>>();

function queued<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = writeQueues.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  writeQueues.set(key, tail);
  void tail.then(() => {
    if (writeQueues.get(key) === tail) writeQueues.delete(key);
  });
  return run;
}

export function sqliteAdapter(file: string, connection?: SqliteDatabase): DialectAdapter {
  const key = file === ':memory:' ? `:memory:${Math.random()}` : resolve(file);
  // as Kysely's SqliteConnection runs a query, less its promises
  const runInTransaction = connection
    ? (text: string, params: readonly unknown[]): unknown[] => {
        const stmt = connection.prepare(text);
        if (stmt.reader) return stmt.all(params);
        stmt.run(params);
        return [];
      }
    : undefined;
  /** a statement of fixed text: straight on the connection inside a transaction, else through Kysely */
  const exec = async (db: Db, text: string, params: unknown[]): Promise<void> => {
    if (runInTransaction && db.isTransaction) runInTransaction(text, params);
    else await db.executeQuery(CompiledQuery.raw(text, params));
  };
  return {
    name: 'sqlite',
    runInTransaction,
    location: file,
    jsonType: 'text',
    serialType: 'integer',
    serialColumn: (col) => col.primaryKey().autoIncrement(),
    withoutRowid: (t) => t.modifyEnd(sql`without rowid`),
    fromJson<T>(value: unknown, fallback: T): T {
      if (value === null || value === undefined || value === '') return fallback;
      return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
    },
    fromJsonText(value: unknown, fallback: string): string {
      if (value === null || value === undefined || value === '') return fallback;
      return typeof value === 'string' ? value : JSON.stringify(value);
    },
    arrayRows: (query) => ({ ...query, sql: ARRAY_ROWS + query.sql }),
    async createTextIndex(db) {
      await sql`CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
      await sql`INSERT INTO events_fts(rowid, search_text) SELECT seq, search_text FROM events`.execute(db);
    },
    featureTable: true,
    async createFeatureTable(db) {
      await sql`CREATE TABLE event_features (event_date TEXT NOT NULL, seq INTEGER NOT NULL, feature TEXT NOT NULL, PRIMARY KEY (event_date, seq)) WITHOUT ROWID`.execute(db);
      const feature = sql.raw(sqliteExportFeature('NEW'));
      await sql`CREATE TRIGGER events_features_insert AFTER INSERT ON events WHEN NEW.deleted = 0 BEGIN
        INSERT INTO event_features (event_date, seq, feature) VALUES (NEW.event_date, NEW.seq, ${feature});
      END`.execute(db);
      // an update that keeps the event live on the same day rewrites its Feature in place (most do)
      const same = sql.raw('OLD.event_date = NEW.event_date AND OLD.deleted = 0 AND NEW.deleted = 0');
      await sql`CREATE TRIGGER events_features_update AFTER UPDATE ON events WHEN ${same} BEGIN
        UPDATE event_features SET feature = ${feature} WHERE event_date = NEW.event_date AND seq = NEW.seq;
      END`.execute(db);
      await sql`CREATE TRIGGER events_features_move AFTER UPDATE ON events WHEN NOT (${same}) BEGIN
        DELETE FROM event_features WHERE event_date = OLD.event_date AND seq = OLD.seq;
        INSERT INTO event_features (event_date, seq, feature) SELECT NEW.event_date, NEW.seq, ${feature} WHERE NEW.deleted = 0;
      END`.execute(db);
      await sql`CREATE TRIGGER events_features_delete AFTER DELETE ON events BEGIN
        DELETE FROM event_features WHERE event_date = OLD.event_date AND seq = OLD.seq;
      END`.execute(db);
      await sql`INSERT INTO event_features (event_date, seq, feature) SELECT e.event_date, e.seq, ${sql.raw(sqliteExportFeature('e'))} FROM events AS e WHERE e.deleted = 0`.execute(db);
    },
    async indexText(db: Db, seq: number, text: string) {
      await exec(db, FTS_DELETE, [seq]);
      await exec(db, FTS_INSERT, [seq, text]);
    },
    async indexNewText(db: Db, seq: number, text: string) {
      await exec(db, FTS_INSERT, [seq, text]);
    },
    async unindexText(db: Db, seq: number) {
      await exec(db, FTS_DELETE, [seq]);
    },
    async indexRange(db: Db, from: number, to: number) {
      await sql`DELETE FROM events_fts WHERE rowid BETWEEN ${from} AND ${to}`.execute(db);
      await sql`INSERT INTO events_fts(rowid, search_text) SELECT seq, search_text FROM events WHERE seq BETWEEN ${from} AND ${to}`.execute(db);
    },
    textMatch(q: string, inOrder = false) {
      const match = ftsQuery(q);
      if (!match) return sql<boolean>`1 = 1`;
      // `+seq` keeps the planner from starting at the matches: the rows come in the index's order and the
      // matches (one list, built once) are tested on the seq the index carries, before the row is read
      return sql<boolean>`${sql.raw(inOrder ? '+events.seq' : 'events.seq')} IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ${match})`;
    },
    async textInOrder(db: Db, q: string, limit: number) {
      const match = ftsQuery(q);
      if (!match) return false;
      // In order, a page reads about limit × events / matches index entries (≈ 0.06 µs each); from the
      // matches, each match's row is read and sorted (≈ 7 µs): the two cost the same near
      // matches = √(limit × events / 100) (measured on 1,000,000 events). Counting stops there.
      const top = await sql<{ n: number | null }>`SELECT max(seq) AS n FROM events`.execute(db);
      const enough = Math.ceil(Math.sqrt((limit * Number(top.rows[0]?.n ?? 0)) / 100)) + 1;
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ${match} LIMIT ${enough})`.execute(db);
      return Number(rows[0]?.n ?? 0) >= enough;
    },
    jsonObject: (pairs) => sql`json_object(${sql.join(pairs.flatMap(([k, v]) => [sql.lit(k), v]))})`,
    jsonArray: (items) => sql`json_array(${sql.join(items)})`,
    jsonText: (json) => sql<string>`${json}`,
    jsonValue: (col) => sql`json(${col})`,
    jsonJoin: (col, sep) => sql`coalesce((SELECT group_concat(j.value, ${sep}) FROM json_each(${col}) AS j), '')`,
    jsonOrNull: (cond, json) => sql`json(CASE WHEN ${cond} THEN ${json} END)`,
    jsonBool: (col) => sql`json(CASE WHEN ${col} THEN 'true' ELSE 'false' END)`,
    serialise: (fn) => queued(key, fn),
    async beforeClose(db: Db) {
      await sql`PRAGMA optimize`.execute(db);
    },
    async lockKeys() {
      // BEGIN IMMEDIATE already makes writers take turns
    },
    mapError(err: unknown): unknown {
      const code = (err as { code?: string })?.code ?? '';
      if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED')
        return new StoreError('locked', `database is locked by another process (${file}); try again`);
      if (code === 'SQLITE_NOTADB') return new StoreError('invalid', `${file} is not a SQLite database`);
      if (code === 'SQLITE_READONLY') return new StoreError('unavailable', `database ${file} is read-only`);
      if (code === 'SQLITE_CANTOPEN') return new StoreError('unavailable', `cannot open database ${file}`);
      if (code === 'SQLITE_CORRUPT') return new StoreError('unavailable', `database ${file} is damaged (SQLITE_CORRUPT)`);
      return err;
    },
  };
}

const FTS_DELETE = 'DELETE FROM events_fts WHERE rowid = ?';
const FTS_INSERT = 'INSERT INTO events_fts(rowid, search_text) VALUES (?, ?)';

/** an FTS5 query for every word of q (each quoted), or '' when q has no words */
function ftsQuery(q: string): string {
  return queryWords(q)
    .map((w) => `"${w.replace(/"/g, '""')}"`)
    .join(' ');
}

/** marks a query whose rows better-sqlite3 hands back as arrays (adapter.arrayRows) */
const ARRAY_ROWS = '/* rows as arrays */ ';

/** the most prepared statements kept per connection (IN lists of many lengths make many texts) */
const STATEMENT_CACHE = 2000;

/**
 * The connection as Kysely sees it, with a cache of prepared statements: Kysely prepares every query
 * anew, which costs more than running it for the small queries of ingest (about 40 % of putReport's CPU).
 * One connection runs one query at a time, so a cached statement is never in use twice; a statement
 * still iterating (a stream) is prepared afresh. A query marked ARRAY_ROWS hands back its rows as arrays.
 */
function withStatementCache(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare(text: string): SqliteStatement {
      let stmt = cache.get(text);
      if (stmt && !stmt.busy) return stmt as unknown as SqliteStatement;
      stmt = raw.prepare(text);
      if (stmt.reader && text.startsWith(ARRAY_ROWS)) stmt.raw(true);
      if (cache.size >= STATEMENT_CACHE) cache.clear();
      cache.set(text, stmt);
      return stmt as unknown as SqliteStatement;
    },
  };
}

/** Opens (creating if needed) a SQLite file as a Kysely instance with its adapter. */
export function openSqlite(file: string): { db: Kysely<Database>; adapter: DialectAdapter } {
  const path = file === ':memory:' ? file : resolve(file);
  const adapter = sqliteAdapter(file);
  if (path !== ':memory:') {
    const dir = dirname(path);
    if (!existsSync(dir)) throw new StoreError('unavailable', `cannot create database ${file}: folder ${dir} does not exist`);
    if (existsSync(path) && statSync(path).isDirectory()) throw new StoreError('invalid', `cannot open database ${file}: it is a folder`);
  }
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('cache_size = -65536'); // 64 MiB of page cache: index-heavy writes and big reads stay in memory
    raw.pragma('temp_store = MEMORY');
    raw.pragma('wal_autocheckpoint = 10000'); // 40 MB of WAL between checkpoints: index pages rewritten by many batches are copied back once
    raw.pragma('mmap_size = 1073741824'); // reads through the OS page cache without a system call a page
  } catch (err) {
    throw adapter.mapError(err);
  }
  const database = withStatementCache(raw);
  const db = new Kysely<Database>({ dialect: new SitrepSqliteDialect({ database }) });
  return { db, adapter: sqliteAdapter(file, database) };
}
