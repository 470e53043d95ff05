// 009: the admin1, event type and map-cell indexes carry what their common companions test, so a page reads
// an event's row only when it matches: admin1's index the event type (and deleted), the event type's index
// admin1 (and deleted): `event_type + admin1` reads one range in listing order, testing the other in the
// index. The cell index carries latitude, longitude and deleted, so a map box finds its page's events
// (sorted by date) in the index alone and reads only their rows. Each replaces its prefix, so every write
// still updates as many indexes.
import type { Kysely } from 'kysely';

const REPLACED: [old: string, name: string, columns: string[]][] = [
  ['events_admin1_date', 'events_admin1_type', ['admin1', 'event_date', 'seq', 'event_type', 'deleted']],
  ['events_type_date', 'events_type_admin1', ['event_type', 'event_date', 'seq', 'admin1', 'deleted']],
  ['events_cell_date', 'events_cell_point', ['cell', 'event_date', 'seq', 'latitude', 'longitude', 'deleted']],
];

export function filterIndexes() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const [old, name, columns] of REPLACED) {
        await db.schema.createIndex(name).on('events').columns(columns).execute();
        await db.schema.dropIndex(old).ifExists().execute();
      }
    },
  };
}
