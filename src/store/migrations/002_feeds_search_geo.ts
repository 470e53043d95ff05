// 002: feed polling state for ingest, full-text search over events, and the indexes for the
// map (lat/lon box), actor and sub-type filters.
import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../adapter.js';

export function feedsSearchGeo(adapter: DialectAdapter) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('feeds')
        .addColumn('url', 'text', (c) => c.primaryKey())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_polled_at', 'text')
        .addColumn('last_status', 'text')
        .execute();
      await db.schema.createIndex('events_latlon').on('events').columns(['latitude', 'longitude']).execute();
      await db.schema.createIndex('events_actor1').on('events').columns(['actor1', 'event_date']).execute();
      await db.schema.createIndex('events_actor2').on('events').columns(['actor2', 'event_date']).execute();
      await db.schema.createIndex('events_admin2').on('events').columns(['admin2', 'event_date']).execute();
      await db.schema.createIndex('events_subtype').on('events').columns(['sub_event_type', 'event_date']).execute();
      await adapter.createTextIndex(db);
    },
  };
}
