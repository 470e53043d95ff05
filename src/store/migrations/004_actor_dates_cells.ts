// 004: the actor index carries the event date, so "events of actor X, newest first" reads one index
// range in order; and events get a 0.1° grid cell, so a map box reads a few index ranges.
import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../adapter.js';
import { actorsOf, cellOf } from '../keys.js';

export function actorDatesCells(adapter: DialectAdapter) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('event_actors').execute();
      await adapter
        .withoutRowid(
          db.schema
            .createTable('event_actors')
            .addColumn('actor', 'text', (c) => c.notNull())
            .addColumn('event_date', 'text', (c) => c.notNull())
            .addColumn('event_seq', 'integer', (c) => c.notNull())
            .addPrimaryKeyConstraint('event_actors_pk', ['actor', 'event_date', 'event_seq']),
        )
        .execute();
      await db.schema.createIndex('event_actors_seq').on('event_actors').column('event_seq').execute();
      await db.schema.alterTable('events').addColumn('cell', 'integer').execute();

      let after = 0;
      for (;;) {
        const rows = (await db
          .selectFrom('events')
          .select(['seq', 'event_date', 'actor1', 'actor2', 'assoc_actor_1', 'assoc_actor_2', 'latitude', 'longitude'])
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(5000)
          .execute()) as {
          seq: number; event_date: string; actor1: string; actor2: string; assoc_actor_1: string; assoc_actor_2: string;
          latitude: number | null; longitude: number | null;
        }[];
        if (!rows.length) break;
        after = rows[rows.length - 1].seq;
        const actors = rows.flatMap((r) => actorsOf(r).map((actor) => ({ actor, event_date: r.event_date, event_seq: r.seq })));
        for (let i = 0; i < actors.length; i += 2000) await db.insertInto('event_actors').values(actors.slice(i, i + 2000)).execute();
        for (const r of rows) {
          const cell = cellOf(r.latitude, r.longitude);
          if (cell !== null) await db.updateTable('events').set({ cell }).where('seq', '=', r.seq).execute();
        }
      }
      await db.schema.createIndex('events_cell_date').on('events').columns(['cell', 'event_date', 'seq']).execute();
    },
  };
}
