/**
 * Numbered migrations, applied in order by Kysely's Migrator; applied names are kept in the
 * `kysely_migration` table, so `migrate()` upgrades an existing database in place.
 */
import { Migrator, type Kysely, type Migration } from 'kysely';

async function isLatest(db: Kysely<any>, adapter: DialectAdapter): Promise<boolean> {
  try {
    const table = adapter.schema ? db.withSchema(adapter.schema) : db;
    const row = await table.selectFrom('kysely_migration').select('name').where('name', '=', LATEST_MIGRATION).executeTakeFirst();
    return Boolean(row);
  } catch {
    return false; // no migrations table yet
  }
}
import type { DialectAdapter } from '../adapter.js';
import { initial } from './001_initial.js';
import { feedsSearchGeo } from './002_feeds_search_geo.js';
import { integerKeysActors } from './003_integer_keys_actors.js';
import { actorDatesCells } from './004_actor_dates_cells.js';
import { dropSupersededIndexes } from './005_drop_superseded_indexes.js';
import { outletGrades, OUTLET_GRADES_MIGRATION } from './006_outlet_grades.js';
import { eventFeatures } from './007_event_features.js';
import { listingIndex } from './008_listing_index.js';
import { filterIndexes } from './009_filter_indexes.js';
import { pgEventFeatures } from './010_pg_event_features.js';

export function migrations(adapter: DialectAdapter): Record<string, Migration> {
  return {
    '001_initial': initial(adapter),
    '002_feeds_search_geo': feedsSearchGeo(adapter),
    '003_integer_keys_actors': integerKeysActors(adapter),
    '004_actor_dates_cells': actorDatesCells(adapter),
    '005_drop_superseded_indexes': dropSupersededIndexes(),
    [OUTLET_GRADES_MIGRATION]: outletGrades(),
    '007_event_features': eventFeatures(adapter),
    '008_listing_index': listingIndex(),
    '009_filter_indexes': filterIndexes(),
    '010_pg_event_features': pgEventFeatures(adapter),
  };
}

export const LATEST_MIGRATION = '010_pg_event_features';
export { OUTLET_GRADES_MIGRATION };

/** Brings the database to `target` (default: the newest migration). */
export async function runMigrations(db: Kysely<any>, adapter: DialectAdapter, target?: string): Promise<string[]> {
  if (!target && (await isLatest(db, adapter))) return []; // no write lock needed: readers never wait on writers
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(adapter) },
    ...(adapter.schema ? { migrationTableSchema: adapter.schema } : {}),
  });
  const { error, results } = target ? await migrator.migrateTo(target) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const cause = adapter.mapError(error);
    if (cause !== error) throw cause;
    throw new Error(`migration ${failed?.migrationName ?? ''} failed on ${adapter.location}: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
