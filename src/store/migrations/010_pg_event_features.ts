// 010: PostgreSQL keeps each live event's export-shape GeoJSON Feature, built, in `event_features` too (as
// SQLite has since 007, whose call did nothing on PostgreSQL): a plpgsql trigger on events keeps it, and it
// is filled from the live events already there. A GeoJSON export then reads one compact table in order
// instead of building each Feature from the event's full row. SQLite: nothing (007 did it).
import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../adapter.js';

export function pgEventFeatures(adapter: DialectAdapter) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (adapter.name === 'postgres') await adapter.createFeatureTable(db);
    },
  };
}
