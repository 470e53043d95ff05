// A PostgreSQL connection that dies while idle (server restart, network cut) must not crash the process:
// the store says so in one line and the next query opens a new connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PG_URL, pgSkip } from './engines.js';

const run = promisify(execFile);

test('an idle PostgreSQL connection killed by the server: one-line warning, no crash, next query works', { skip: await pgSkip() }, async () => {
  const app = `sitrep_pool_test_${process.pid}`;
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}application_name=${app}`;
  const script = `
    import pg from 'pg';
    import { openStore } from './src/store/index.js';
    const store = await openStore(${JSON.stringify(url)}, { schema: ${JSON.stringify(app)} });
    await store.listEvents({});
    const admin = new pg.Client({ connectionString: ${JSON.stringify(PG_URL)} });
    await admin.connect();
    const r = await admin.query("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1", [${JSON.stringify(app)}]);
    await new Promise((res) => setTimeout(res, 500));
    const page = await store.listEvents({});
    await admin.query('DROP SCHEMA IF EXISTS ${app} CASCADE');
    await admin.end();
    await store.close();
    console.log('killed', r.rows[0].n, 'listed', page.events.length);
  `;
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../..', import.meta.url).pathname, timeout: 60_000 });
  assert.match(stdout, /killed [1-9]\d* listed 0/);
  const lines = stderr.split('\n').filter((l) => l.includes('PostgreSQL'));
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^sitrep: lost an idle PostgreSQL connection to .+; reconnecting on the next query$/);
});
