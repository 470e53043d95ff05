// The store suite runs once per engine (Kysely's style): a SQLite temp file, and PostgreSQL when reachable
// (SITREP_TEST_PG, default postgres://postgres@127.0.0.1:5432/sitrep_test), in a fresh schema per store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type OpenOptions } from '../../src/store/index.js';
import type { KyselyStore } from '../../src/store/store.js';
import type { SitrepEvent } from '../../src/model/index.js';

export const PG_URL = process.env.SITREP_TEST_PG || 'postgres://postgres@127.0.0.1:5432/sitrep_test';

/** A test's `skip`: false when the PostgreSQL server answers, else why the test is skipped. */
export async function pgSkip(): Promise<string | false> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return false;
  } catch (e) {
    return `PostgreSQL not reachable at ${PG_URL.replace(/\/\/[^@/]*@/, '//')} (${(e as Error).message}): skipped`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface Engine {
  name: 'sqlite' | 'postgres';
  /** why this engine is skipped, or null */
  skip: string | null;
  /** a new, empty store (own file or schema) */
  open(opts?: OpenOptions): Promise<KyselyStore>;
  /** the URL of the last store opened, and its schema (to open it again) */
  last(): { url: string; schema?: string };
  cleanup(): Promise<void>;
}

async function pgReachable(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return null;
  } catch (e) {
    return `PostgreSQL not reachable at ${PG_URL.replace(/\/\/[^@/]*@/, '//')} (${(e as Error).message}): PostgreSQL half skipped`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function engines(): Promise<Engine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-store-'));
  let n = 0;
  let lastSqlite = '';
  const sqlite: Engine = {
    name: 'sqlite',
    skip: null,
    async open(opts) {
      lastSqlite = join(dir, `s${++n}.db`);
      return (await openStore(lastSqlite, opts)) as KyselyStore;
    },
    last: () => ({ url: lastSqlite }),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const skip = await pgReachable();
  const schemas: string[] = [];
  const postgres: Engine = {
    name: 'postgres',
    skip,
    async open(opts) {
      const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
      schemas.push(schema);
      return (await openStore(PG_URL, { ...opts, schema })) as KyselyStore;
    },
    last: () => ({ url: PG_URL, schema: schemas[schemas.length - 1] }),
    async cleanup() {
      if (skip || !schemas.length) return;
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      await c.end();
    },
  };
  return [sqlite, postgres];
}

/** A coded event with defaults; tests override what they look at. */
export function ev(over: Partial<SitrepEvent> = {}): SitrepEvent {
  return {
    doc: 'r1',
    event_date: '2023-07-08',
    time_precision: 1,
    event_type: 'Battles',
    sub_event_type: 'Armed clash',
    actor1: 'HTS: Hayat Tahrir al-Sham',
    assoc_actor_1: '',
    inter1: 2,
    actor2: 'Military Forces of Syria (2000-2024)',
    assoc_actor_2: '',
    inter2: 1,
    interaction: 12,
    civilian_targeting: '',
    country: 'Syria',
    admin1: 'Idleb',
    admin2: 'Ariha',
    admin3: '',
    location: 'Kafr Nabl',
    latitude: 35.6136,
    longitude: 36.5617,
    geo_precision: 1,
    source: 'SOHR',
    notes: 'HTS fighters clashed with regime forces near Kafr Nabl.',
    fatalities: 3,
    injured: null,
    arrested: null,
    fatalities_low: null,
    fatalities_high: null,
    evidence: [{ start: 0, end: 20, text: 'HTS fighters clashed' }],
    confidence: 0.8,
    sources_count: 1,
    ...over,
  };
}

export function doc(id: string, text: string, outlet = 'SOHR', over: Partial<{ url: string; title: string; published: string }> = {}) {
  return {
    id,
    url: over.url ?? `https://example.org/${id}`,
    text,
    title: over.title ?? `Report ${id}`,
    outlets: [outlet],
    published: over.published ?? '2023-07-09',
    language: 'en',
  };
}
