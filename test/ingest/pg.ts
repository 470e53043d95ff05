// PostgreSQL helpers shared by the ingest tests that need a server of their own databases.
import { join } from 'node:path';
import pg from 'pg';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/sitrep.js');
const BASE = process.env.SITREP_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/sitrep_test';

/** The URL of another database on the test server. */
export function dbUrl(name: string): string {
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return u.href;
}

/** Runs fn with a client on the server's `postgres` database. */
export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: dbUrl('postgres'), connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Drops and creates a database; its URL. */
export async function freshDatabase(name: string): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return dbUrl(name);
}
