/**
 * PostgreSQL through a pg Pool: jsonb columns, full text through a GIN index on
 * to_tsvector('simple', search_text), advisory locks so concurrent writers merge into the same events.
 */
import pg from 'pg';
import { Kysely, sql } from 'kysely';
import type { DialectAdapter, Db } from '../adapter.js';
import { queryWords } from '../adapter.js';
import { StoreError } from '../errors.js';
import { pipelinedDialect } from './pipeline.js';
import { createPgFeatureTable, pgExportFeature } from './features.js';
import type { Database } from '../schema.js';

export interface PostgresOptions {
  /** schema to work in (created if missing); default: the server's search_path */
  schema?: string;
  max?: number;
}

/** The text index's word frequencies and the table's size (from ANALYZE), read at most once a minute. */
const statsCache = new WeakMap<object, { at: number; value: { rows: number; freq: Map<string, number> } | null }>();
async function wordStats(db: Db): Promise<{ rows: number; freq: Map<string, number> } | null> {
  const key = db as unknown as object;
  const hit = statsCache.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.value;
  let value: { rows: number; freq: Map<string, number> } | null = null;
  try {
    const { rows } = await sql<{ words: string[] | null; freqs: number[] | null; rows: number | string | null }>`
      SELECT s.most_common_elems::text::text[] AS words, s.most_common_elem_freqs AS freqs, c.reltuples AS rows
      FROM pg_class AS c
      LEFT JOIN pg_stats AS s ON s.tablename = 'events_search_idx' AND s.schemaname = current_schema()
      WHERE c.relname = 'events' AND c.relnamespace = current_schema()::regnamespace`.execute(db);
    const r = rows[0];
    if (r) {
      const freq = new Map<string, number>();
      (r.words ?? []).forEach((w, i) => freq.set(w, Number(r.freqs?.[i] ?? 0)));
      value = { rows: Number(r.rows ?? 0), freq };
    }
  } catch {
    value = null; // no statistics readable: the matches first (right for a small store)
  }
  statsCache.set(key, { at: Date.now(), value });
  return value;
}

function describe(url: URL): string {
  return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname || ''}`;
}

export function postgresAdapter(where: string, schema = 'public'): DialectAdapter {
  return {
    name: 'postgres',
    location: where,
    schema,
    jsonType: 'jsonb',
    serialType: 'serial',
    serialColumn: (col) => col.primaryKey(),
    withoutRowid: (t) => t,
    fromJson<T>(value: unknown, fallback: T): T {
      if (value === null || value === undefined) return fallback;
      return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
    },
    fromJsonText(value: unknown, fallback: string): string {
      if (value === null || value === undefined) return fallback;
      return typeof value === 'string' ? JSON.stringify(JSON.parse(value)) : JSON.stringify(value);
    },
    arrayRows: (query) => query,
    async createTextIndex(db) {
      await sql`CREATE INDEX IF NOT EXISTS events_search_idx ON events USING gin (to_tsvector('simple', search_text))`.execute(db);
    },
    featureTable: true,
    async createFeatureTable(db) {
      await createPgFeatureTable(db);
    },
    exportFeature: (row) => sql<string>`${sql.raw(pgExportFeature(row))}`,
    async indexText() {
      // the expression index follows events.search_text
    },
    async indexNewText() {},
    async unindexText() {},
    async indexRange() {},
    textMatch(q: string, inOrder = false) {
      const words = queryWords(q);
      if (!words.length) return sql<boolean>`true`;
      const match = sql<boolean>`to_tsvector('simple', events.search_text) @@ plainto_tsquery('simple', ${words.join(' ')})`;
      if (inOrder) return match; // many matches: the rows come in listing order and each is tested
      // few: the matches first, from the GIN index (OFFSET 0 keeps the planner from walking the date index and
      // computing to_tsvector on every row it passes, seconds on a million events when it guesses the word common)
      return sql<boolean>`events.seq IN (SELECT m.seq FROM events AS m WHERE to_tsvector('simple', m.search_text) @@ plainto_tsquery('simple', ${words.join(' ')}) OFFSET 0)`;
    },
    async textInOrder(db: Db, q: string, limit: number) {
      // in order when the matches are so many that reading them all costs more than walking the date order
      // and computing each row's to_tsvector (≈ 2× a match's heap read) until the page is full: matches ≥
      // √(2 × limit × events) (14,000 of a million at 100 a page). Guessed from the index's word statistics
      // (ANALYZE's most common elements; a word not among them is rare): cheap, no count of the matches
      const words = queryWords(q).map((w) => w.toLowerCase());
      if (!words.length) return false;
      const stats = await wordStats(db);
      if (!stats || stats.rows < 1000) return false;
      let expected = stats.rows;
      for (const w of words) expected *= stats.freq.get(w) ?? 0;
      return expected >= Math.sqrt(2 * limit * stats.rows);
    },
    jsonObject: (pairs) => sql`json_build_object(${sql.join(pairs.flatMap(([k, v]) => [sql.lit(k), v]))})`,
    jsonArray: (items) => sql`json_build_array(${sql.join(items)})`,
    jsonText: (json) => sql<string>`(${json})::text`,
    jsonValue: (col) => sql`${col}`,
    jsonJoin: (col, sep) =>
      sql`coalesce((SELECT string_agg(j.x, ${sep}::text ORDER BY j.o) FROM jsonb_array_elements_text(${col}) WITH ORDINALITY AS j(x, o)), '')`,
    jsonOrNull: (cond, json) => sql`CASE WHEN ${cond} THEN ${json} END`,
    jsonBool: (col) => sql`(${col} <> 0)`,
    async beforeClose() {},
    serialise: (fn) => fn(),
    async lockKeys(db: Db, keys: string[]) {
      if (!keys.length) return;
      // one round trip; always in the same (hash) order, so two writers cannot deadlock
      const names = [...new Set(keys)].map((k) => `sitrep:${k}`);
      await sql`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(${names}::text[]) AS k ORDER BY h) AS s`.execute(db);
    },
    mapError(err: unknown): unknown {
      const e = err as { code?: string; message?: string };
      const code = e?.code ?? '';
      if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(code))
        return new StoreError('unavailable', `cannot reach PostgreSQL at ${where} (${code})`);
      if (code === '3D000') return new StoreError('unavailable', `PostgreSQL database does not exist: ${where}`);
      if (code === '28P01' || code === '28000') return new StoreError('unavailable', `PostgreSQL refused the login at ${where}: ${e.message}`);
      if (code === '40P01' || code === '55P03') return new StoreError('locked', `database is busy (${where}); try again`);
      return err;
    },
  };
}

/** Opens a pool on a postgres:// URL and checks that the server answers. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<{ db: Kysely<Database>; adapter: DialectAdapter }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError('invalid', `bad PostgreSQL URL: ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
  }
  const schema = opts.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new StoreError('invalid', `bad schema name: ${schema}`);
  const adapter = postgresAdapter(describe(parsed), schema);
  const pool = new pg.Pool(<pg.PoolConfig & { pipeline: boolean }>{
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5000,
    // a statement is sent while earlier ones are on their way (pipeline.ts: a transaction's writes are not awaited)
    pipeline: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // an idle client's error (server restart, network cut) would otherwise crash the process: say so in
  // one line (at most every 10 s) and go on; the pool drops that client and opens a new one when needed
  let lastWarned = 0;
  pool.on('error', (err: Error & { code?: string }) => {
    const now = Date.now();
    if (now - lastWarned < 10_000) return;
    lastWarned = now;
    const why = (err?.message ?? String(err)).split('\n')[0];
    console.error(`sitrep: lost an idle PostgreSQL connection to ${adapter.location} (${err?.code ? `${err.code}: ` : ''}${why}); reconnecting on the next query`);
  });
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    const mapped = adapter.mapError(err);
    if (mapped instanceof StoreError) throw mapped;
    throw new StoreError('unavailable', `cannot open PostgreSQL at ${adapter.location}: ${(err as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: pipelinedDialect(pool) });
  return { db, adapter };
}
