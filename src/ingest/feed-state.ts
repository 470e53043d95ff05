/**
 * What a feed poll remembers: the validators (ETag, Last-Modified) for conditional requests and the
 * items already read, so an unchanged feed costs one 304 and a changed one fetches only new items.
 *
 * The store's contract has no feed API, so ingest keeps this in its own small table,
 * `ingest_feed_state`, in the same database as the store (SQLite file or PostgreSQL); an in-memory
 * store keeps it in memory.
 */
import { createRequire } from 'node:module';

export interface FeedState {
  etag: string | null;
  lastModified: string | null;
  /** keys (item id + version) of the items already ingested */
  seen: string[];
  lastPolledAt: string | null;
  lastStatus: string | null;
}

export interface FeedStateStore {
  get(url: string): Promise<FeedState | undefined>;
  set(url: string, state: FeedState): Promise<void>;
  close(): Promise<void>;
}

/** Where the store named by a URL lives: PostgreSQL, a SQLite file, or memory. */
export function storeLocation(url: string | undefined): { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string } | { kind: 'memory' } {
  const u = url ?? process.env.DATABASE_URL ?? './sitrep.db';
  if (/^postgres(ql)?:\/\//i.test(u)) return { kind: 'postgres', url: u };
  let path = u.replace(/^sqlite:(\/\/)?/i, '').replace(/^file:(\/\/)?/i, '');
  if (path === ':memory:' || path === '') return { kind: 'memory' };
  path = path.split('?')[0];
  return { kind: 'sqlite', path };
}

const CREATE = `CREATE TABLE IF NOT EXISTS ingest_feed_state (url TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL)`;
const UPSERT = (p: (i: number) => string) =>
  `INSERT INTO ingest_feed_state (url, state, updated_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}) ` +
  `ON CONFLICT (url) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;

function parse(text: string | undefined): FeedState | undefined {
  if (!text) return undefined;
  try {
    const s = JSON.parse(text) as Partial<FeedState>;
    return { etag: s.etag ?? null, lastModified: s.lastModified ?? null, seen: s.seen ?? [], lastPolledAt: s.lastPolledAt ?? null, lastStatus: s.lastStatus ?? null };
  } catch {
    return undefined;
  }
}

class MemoryFeedState implements FeedStateStore {
  private map = new Map<string, FeedState>();
  async get(url: string) { return this.map.get(url); }
  async set(url: string, state: FeedState) { this.map.set(url, state); }
  async close() {}
}

type SqliteDb = {
  exec(sql: string): void;
  pragma(s: string): unknown;
  prepare(sql: string): { get(...a: unknown[]): unknown; run(...a: unknown[]): unknown };
  close(): void;
};

class SqliteFeedState implements FeedStateStore {
  private db: SqliteDb | null = null;
  constructor(private path: string) {}
  private open(): SqliteDb {
    if (!this.db) {
      const Database = createRequire(import.meta.url)('better-sqlite3') as new (p: string) => SqliteDb;
      this.db = new Database(this.path);
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(CREATE);
    }
    return this.db;
  }
  async get(url: string) {
    const row = this.open().prepare('SELECT state FROM ingest_feed_state WHERE url = ?').get(url) as { state: string } | undefined;
    return parse(row?.state);
  }
  async set(url: string, state: FeedState) {
    this.open().prepare(UPSERT(() => '?')).run(url, JSON.stringify(state), new Date().toISOString());
  }
  async close() {
    this.db?.close();
    this.db = null;
  }
}

type PgPool = { query(sql: string, values?: unknown[]): Promise<{ rows: { state: string }[] }>; end(): Promise<void> };

class PostgresFeedState implements FeedStateStore {
  private pool: PgPool | null = null;
  private ready: Promise<void> | null = null;
  constructor(private url: string) {}
  private async open(): Promise<PgPool> {
    if (!this.pool) {
      const pg = (await import('pg')).default as unknown as { Pool: new (o: object) => PgPool };
      this.pool = new pg.Pool({ connectionString: this.url, max: 2 });
      this.ready = this.pool.query(CREATE).then(() => undefined);
    }
    await this.ready;
    return this.pool;
  }
  async get(url: string) {
    const { rows } = await (await this.open()).query('SELECT state FROM ingest_feed_state WHERE url = $1', [url]);
    return parse(rows[0]?.state);
  }
  async set(url: string, state: FeedState) {
    await (await this.open()).query(UPSERT((i) => `$${i}`), [url, JSON.stringify(state), new Date().toISOString()]);
  }
  async close() {
    await this.pool?.end();
    this.pool = null;
  }
}

/** Feed state kept beside the store named by `dbUrl` (same resolution as openStore). */
export function openFeedState(dbUrl: string | undefined): FeedStateStore {
  const where = storeLocation(dbUrl);
  if (where.kind === 'postgres') return new PostgresFeedState(where.url);
  if (where.kind === 'sqlite') return new SqliteFeedState(where.path);
  return new MemoryFeedState();
}

export function memoryFeedState(): FeedStateStore {
  return new MemoryFeedState();
}
