// 005: drops indexes that 004 superseded (actor1/actor2: the actor index; latitude/longitude: the grid
// cells), so that every write updates three fewer indexes.
import type { Kysely } from 'kysely';

export function dropSupersededIndexes() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const name of ['events_actor1', 'events_actor2', 'events_latlon']) await db.schema.dropIndex(name).ifExists().execute();
    },
  };
}
