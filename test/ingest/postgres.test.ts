// A dropped PostgreSQL connection in the middle of `sitrep ingest`: a clear one-line error, nothing
// half-written, and running the command again finishes the job without duplicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { admin, BIN, dbUrl, freshDatabase } from './pg.js';

const DB = 'sitrep_ingest_drop_test';
import Database from 'better-sqlite3';


test('a dropped PostgreSQL connection stops ingest with one clear line; the rerun completes without duplicates', { timeout: 180_000 }, async (t) => {
  try {
    await freshDatabase(DB);
  } catch {
    t.skip(`PostgreSQL unreachable at ${dbUrl('postgres')}: dropped-connection test skipped`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-pgdrop-'));
  const url = dbUrl(DB);
  try {
    const total = 150;
    const places = ['Kafr Nabl', 'Saraqib', 'Ariha', 'Khan Shaykhun', 'Douma', 'Harasta'];
    const jsonl = join(dir, 'r.jsonl');
    writeFileSync(jsonl, Array.from({ length: total }, (_, i) => JSON.stringify({ id: `p-${i}`, text: `Regime forces shelled ${places[i % places.length]} on ${1 + (i % 28)} May 2018, killing ${i % 3} civilians.`, published: '2018-05-30' })).join('\n') + '\n');
    const child = spawn(process.execPath, [BIN, 'ingest', jsonl, '--db', url, '--quiet'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    let stored = 0;
    for (let i = 0; i < 2400 && stored < 15; i++) {
      await new Promise((r) => setTimeout(r, 25));
      stored = await c.query('SELECT count(*)::int AS n FROM reports').then((r) => r.rows[0].n as number, () => 0);
    }
    // the administrator drops every connection the ingest holds, a few times over
    for (let i = 0; i < 5; i++) {
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [DB]);
      await new Promise((r) => setTimeout(r, 60));
    }
    await c.end();
    const code = await exited;
    if (code === 0) {
      t.diagnostic('the connections were dropped between reports and the pool reconnected: the run finished');
    } else {
      assert.equal(code, 2, err);
      // besides the store's note when an idle pooled connection is dropped, one line says what happened
      const lines = err.trim().split('\n').filter((l) => !/^sitrep: lost an idle PostgreSQL connection .*; reconnecting on the next query$/.test(l));
      t.diagnostic(lines[0]);
      assert.equal(lines.length, 1, err);
      assert.match(lines[0], /^sitrep ingest: (cannot store .*r\.jsonl:\d+: )?lost the database connection \(.*\)\. Nothing (of the batch in progress|from that report on) was written; run the same command again to resume\.$/);
    }
    const again = spawnSync(process.execPath, [BIN, 'ingest', jsonl, '--db', url], { cwd: dir, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    assert.equal(again.code ?? again.status, 0, again.stderr);

    // compare with the same reports ingested into SQLite in one go: each report's accounts, once
    const ref = join(dir, 'ref.db');
    assert.equal(spawnSync(process.execPath, [BIN, 'ingest', jsonl, '--db', ref, '--quiet'], { cwd: dir }).status, 0);
    const d = new Database(ref, { readonly: true });
    const want = Object.fromEntries((d.prepare('SELECT r.id, count(a.id) AS n FROM reports r LEFT JOIN accounts a ON a.report_id = r.id GROUP BY r.id').all() as { id: string; n: number }[]).map((r) => [r.id, r.n]));
    d.close();
    const c2 = new pg.Client({ connectionString: url });
    await c2.connect();
    const got = Object.fromEntries((await c2.query('SELECT r.id, count(a.id)::int AS n FROM reports r LEFT JOIN accounts a ON a.report_id = r.id GROUP BY r.id')).rows.map((r) => [r.id, r.n]));
    const dup = (await c2.query('SELECT count(*)::int AS n FROM (SELECT report_id, ordinal FROM accounts GROUP BY 1, 2 HAVING count(*) > 1) x')).rows[0].n;
    await c2.end();
    assert.equal(Object.keys(got).length, total);
    assert.equal(dup, 0);
    assert.deepEqual(got, want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)).catch(() => undefined);
  }
});
