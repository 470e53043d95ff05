// 003: merge blocks as integer key hashes on event seq (a tenth of the space of text keys), and an
// actor → event index (actor1, actor2 and every associated actor) so the actor filter uses an index.
import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../adapter.js';
import { actorsOf, hashKey } from '../keys.js';

export function integerKeysActors(adapter: DialectAdapter) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await adapter
        .withoutRowid(
          db.schema
            .createTable('event_keys')
            .addColumn('key_hash', 'bigint', (c) => c.notNull())
            .addColumn('event_seq', 'integer', (c) => c.notNull())
            .addPrimaryKeyConstraint('event_keys_pk', ['key_hash', 'event_seq']),
        )
        .execute();
      await db.schema.createIndex('event_keys_event').on('event_keys').column('event_seq').execute();
      await adapter
        .withoutRowid(
          db.schema
            .createTable('event_actors')
            .addColumn('actor', 'text', (c) => c.notNull())
            .addColumn('event_seq', 'integer', (c) => c.notNull())
            .addPrimaryKeyConstraint('event_actors_pk', ['actor', 'event_seq']),
        )
        .execute();
      await db.schema.createIndex('event_actors_event').on('event_actors').column('event_seq').execute();

      // carry over what 001/002 databases hold
      const rows = await db
        .selectFrom('accounts')
        .innerJoin('events', 'events.id', 'accounts.event_id')
        .select(['events.seq', 'accounts.block_keys'])
        .where('events.deleted', '=', 0)
        .execute();
      const keys = new Map<string, { key_hash: number; event_seq: number }>();
      for (const r of rows as { seq: number; block_keys: unknown }[])
        for (const k of adapter.fromJson<string[]>(r.block_keys, [])) {
          const h = hashKey(k);
          keys.set(`${h}:${r.seq}`, { key_hash: h, event_seq: r.seq });
        }
      const kv = [...keys.values()];
      for (let i = 0; i < kv.length; i += 1000) await db.insertInto('event_keys').values(kv.slice(i, i + 1000)).execute();
      const events = await db.selectFrom('events').select(['seq', 'actor1', 'actor2', 'assoc_actor_1', 'assoc_actor_2']).execute();
      const av: { actor: string; event_seq: number }[] = [];
      for (const e of events as { seq: number; actor1: string; actor2: string; assoc_actor_1: string; assoc_actor_2: string }[])
        for (const a of actorsOf(e)) av.push({ actor: a, event_seq: e.seq });
      for (let i = 0; i < av.length; i += 1000) await db.insertInto('event_actors').values(av.slice(i, i + 1000)).execute();
      await db.schema.dropTable('event_blocks').execute();
    },
  };
}
