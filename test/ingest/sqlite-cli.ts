// Helpers shared by the ingest tests that run the CLI on SQLite files and look at what it stored.
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { BIN } from './pg.js';

/** Runs `sitrep ARGS` in `cwd` against SQLite (DATABASE_URL unset): its exit status and output. */
export function runSitrep(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What a SQLite file holds: counts, each report's accounts, whether any report lacks its events, integrity. */
export function storedCounts(db: string) {
  const d = new Database(db, { readonly: true });
  try {
    const one = (sql: string) => (d.prepare(sql).get() as { n: number }).n;
    return {
      integrity: d.pragma('integrity_check', { simple: true }),
      reports: one('SELECT count(*) AS n FROM reports'),
      accounts: one('SELECT count(*) AS n FROM accounts'),
      events: one('SELECT count(*) AS n FROM events WHERE deleted = 0'),
      withoutAccounts: one('SELECT count(*) AS n FROM reports r WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.report_id = r.id)'),
      perReport: Object.fromEntries((d.prepare('SELECT r.id, count(a.id) AS n FROM reports r LEFT JOIN accounts a ON a.report_id = r.id GROUP BY r.id').all() as { id: string; n: number }[]).map((r) => [r.id, r.n])),
    };
  } finally {
    d.close();
  }
}
