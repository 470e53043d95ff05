// 007: SQLite keeps each live event's export-shape GeoJSON Feature, built, in `event_features` (clustered on
// event_date, seq: listing order), by triggers on events; filled from the events already there. A GeoJSON
// export then reads one compact table in order instead of each event's full row. PostgreSQL: nothing here (010).
import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../adapter.js';

export function eventFeatures(adapter: DialectAdapter) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // PostgreSQL's comes in 010 (a PostgreSQL database that ran this migration before 010 existed has none)
      if (adapter.name === 'sqlite') await adapter.createFeatureTable(db);
    },
  };
}
