// PostgreSQL transactions send their writes without waiting for them (store/postgres/pipeline.ts): a write
// that fails must still fail its transaction with its own error, keep nothing, and leave the pool usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';
import { PG_URL, pgSkip } from './engines.js';

test('PostgreSQL: a write not waited for that fails fails its transaction with its own error; nothing is kept', { skip: await pgSkip() }, async () => {
  const schema = `sitrep_pipeline_test_${process.pid}`;
  const store = await openStore(PG_URL, { schema });
  const db = store.db;
  const row = (name: string) => ({ name, grade: 'B', updated_at: '2024-01-01T00:00:00.000Z' });
  try {
    await db.insertInto('outlets').values(row('kept')).execute();
    const names = async () => (await db.selectFrom('outlets').select('name').orderBy('name').execute()).map((r) => r.name);
    const before = await names();

    // the failing write is followed by more writes and a read: the read reports the write's error (a duplicate key),
    // not PostgreSQL's 'current transaction is aborted'
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('outlets').values(row('first')).execute();
        await trx.insertInto('outlets').values(row('kept')).execute(); // duplicate key: fails on the server
        await trx.insertInto('outlets').values(row('after')).execute();
        await trx.selectFrom('outlets').select('name').execute();
      }),
      (err: Error & { code?: string }) => err.code === '23505',
    );
    // the failing write is the last statement: commit reports it
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('outlets').values(row('second')).execute();
        await trx.updateTable('outlets').set({ grade: 'C' }).where('name', '=', 'kept').execute();
        await trx.insertInto('outlets').values(row('kept')).execute();
      }),
      (err: Error & { code?: string }) => err.code === '23505',
    );
    assert.deepEqual(await names(), before, 'nothing of either transaction is kept');
    assert.equal((await db.selectFrom('outlets').select('grade').where('name', '=', 'kept').executeTakeFirstOrThrow()).grade, 'B');

    // the pool's connections are usable again; writes that succeed are all kept, in order
    await db.transaction().execute(async (trx) => {
      for (const n of ['a', 'b', 'c']) await trx.insertInto('outlets').values(row(n)).execute();
      await trx.updateTable('outlets').set({ grade: 'D' }).where('name', '=', 'b').execute();
      await trx.deleteFrom('outlets').where('name', '=', 'c').execute();
    });
    assert.deepEqual(await names(), [...before, 'a', 'b'].sort());
    assert.equal((await db.selectFrom('outlets').select('grade').where('name', '=', 'b').executeTakeFirstOrThrow()).grade, 'D');
    // outside a transaction a write is waited for, and fails where it is made
    await assert.rejects(db.insertInto('outlets').values(row('a')).execute(), (err: Error & { code?: string }) => err.code === '23505');
  } finally {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db).catch(() => undefined);
    await store.close();
  }
});
