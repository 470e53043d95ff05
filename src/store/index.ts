/**
 * Opens the store named by a URL, DATABASE_URL, or ./sitrep.db:
 *   postgres://user@host:5432/db (or postgresql://)  → PostgreSQL
 *   sqlite:path, file:path, a path, or :memory:       → SQLite
 * The schema is migrated to the newest version on open unless `{ migrate: false }`.
 */
import { KyselyStore } from './store.js';
import { openSqlite } from './sqlite/index.js';
import { openPostgres } from './postgres/index.js';
import { StoreError } from './errors.js';
import type { Store } from './types.js';

export type { Store } from './types.js';
export type * from './types.js';
export { StoreError } from './errors.js';
export type { StoreErrorCode } from './errors.js';
export { KyselyStore, DEFAULT_LIMIT, MAX_LIMIT } from './store.js';
export { TAXONOMY, EDITABLE_FIELDS } from './validate.js';

export interface OpenOptions {
  /** migrate the schema on open (default true) */
  migrate?: boolean;
  /** PostgreSQL only: the schema to work in (created if missing) */
  schema?: string;
}

export const DEFAULT_DB = './sitrep.db';

/** What kind of store a URL names, and where. Throws a one-line StoreError for URLs it cannot use. */
export function parseStoreUrl(url: string): { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string } {
  const u = url.trim();
  if (!u) throw new StoreError('invalid', 'empty database URL');
  if (/^postgres(ql)?:\/\//i.test(u)) return { kind: 'postgres', url: u };
  if (/^sqlite:\/\//i.test(u)) return { kind: 'sqlite', file: u.slice('sqlite://'.length) || DEFAULT_DB };
  if (/^sqlite:/i.test(u)) return { kind: 'sqlite', file: u.slice('sqlite:'.length) || DEFAULT_DB };
  if (/^file:\/\//i.test(u)) return { kind: 'sqlite', file: decodeURIComponent(new URL(u).pathname) };
  if (/^file:/i.test(u)) return { kind: 'sqlite', file: u.slice('file:'.length) };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(u);
  if (scheme) throw new StoreError('invalid', `unsupported database URL '${u.replace(/\/\/[^@/]*@/, '//***@')}': use a SQLite file path or postgres://user@host/db`);
  return { kind: 'sqlite', file: u };
}

export async function openStore(url?: string, opts: OpenOptions = {}): Promise<Store & KyselyStore> {
  const target = parseStoreUrl(url ?? process.env.DATABASE_URL ?? DEFAULT_DB);
  const { db, adapter } = target.kind === 'postgres' ? await openPostgres(target.url, { schema: opts.schema }) : openSqlite(target.file);
  const store = new KyselyStore(db, adapter);
  if (opts.migrate !== false) {
    try {
      await store.migrate();
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }
  return store;
}
