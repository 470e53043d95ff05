// 008: the date index carries the small columns that filters test (fatalities, verified, credibility,
// deleted), so a listing read in date order (event_date desc, seq desc, as pages are) tests them in the
// index and reads an event's row only when it matches: `min_fatalities`, `verified` and `max_credibility`
// no longer read every row they pass over. It replaces events_date (event_date, seq), its prefix.
import type { Kysely } from 'kysely';

export function listingIndex() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createIndex('events_date_flags')
        .on('events')
        .columns(['event_date', 'seq', 'fatalities', 'verified', 'credibility', 'deleted'])
        .execute();
      await db.schema.dropIndex('events_date').ifExists().execute();
    },
  };
}
