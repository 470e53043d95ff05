// 001: reports, their accounts of events, merged events with their merge blocks, audit, deletions, outlets.
import { sql, type Kysely } from 'kysely';
import type { DialectAdapter } from '../adapter.js';

export function initial(adapter: DialectAdapter) {
  const json = adapter.jsonType;
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text')
        .addColumn('title', 'text')
        .addColumn('outlets', json, (c) => c.notNull())
        .addColumn('published', 'text')
        .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('raw_text', 'text', (c) => c.notNull())
        .addColumn('clean_text', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('engine_version', 'text', (c) => c.notNull())
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('report_outlets')
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('outlet', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_outlets_pk', ['report_id', 'outlet'])
        .execute();
      await db.schema.createIndex('report_outlets_outlet').on('report_outlets').column('outlet').execute();

      await db.schema
        .createTable('events')
        .addColumn('seq', adapter.serialType, (c) => adapter.serialColumn(c))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('doc', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('event_date', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('time_precision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('event_type', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('sub_event_type', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('actor1', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('assoc_actor_1', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('inter1', 'integer')
        .addColumn('actor2', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('assoc_actor_2', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('inter2', 'integer')
        .addColumn('interaction', 'integer')
        .addColumn('civilian_targeting', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('admin1', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('admin2', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('admin3', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('latitude', 'double precision')
        .addColumn('longitude', 'double precision')
        .addColumn('geo_precision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('fatalities', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('injured', 'integer')
        .addColumn('arrested', 'integer')
        .addColumn('fatalities_low', 'integer')
        .addColumn('fatalities_high', 'integer')
        .addColumn('evidence', json, (c) => c.notNull())
        .addColumn('confidence', 'double precision', (c) => c.notNull().defaultTo(0))
        .addColumn('sources_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('docs', json, (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('corrections', json, (c) => c.notNull())
        .addColumn('credibility', 'integer', (c) => c.notNull().defaultTo(6))
        .addColumn('merge_reason', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // listing order is (event_date desc, seq desc); each common filter gets an index ending in that order
      await db.schema.createIndex('events_date').on('events').columns(['event_date', 'seq']).execute();
      await db.schema.createIndex('events_admin1_date').on('events').columns(['admin1', 'event_date', 'seq']).execute();
      await db.schema.createIndex('events_type_date').on('events').columns(['event_type', 'event_date', 'seq']).execute();
      await db.schema.createIndex('events_updated').on('events').column('updated_at').execute();

      await db.schema
        .createTable('accounts')
        .addColumn('id', adapter.serialType, (c) => adapter.serialColumn(c))
        .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('outlet', 'text', (c) => c.notNull())
        .addColumn('event', json, (c) => c.notNull())
        .addColumn('evidence', json, (c) => c.notNull())
        .addColumn('block_keys', json, (c) => c.notNull())
        .addColumn('match_reason', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_event').on('accounts').column('event_id').execute();
      await db.schema.createIndex('accounts_report').on('accounts').column('report_id').execute();
      await db.schema.createIndex('accounts_outlet').on('accounts').columns(['outlet', 'event_id']).execute();

      await db.schema
        .createTable('event_blocks')
        .addColumn('block_key', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
        .addPrimaryKeyConstraint('event_blocks_pk', ['block_key', 'event_id'])
        .execute();
      await db.schema.createIndex('event_blocks_event').on('event_blocks').column('event_id').execute();

      await db.schema
        .createTable('audit')
        .addColumn('id', adapter.serialType, (c) => adapter.serialColumn(c))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('user', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('before', json)
        .addColumn('after', json)
        .execute();
      await db.schema.createIndex('audit_event').on('audit').column('event_id').execute();

      await db.schema
        .createTable('deletions')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text', (c) => c.notNull())
        .addColumn('replaced_by', 'text')
        .execute();
      await db.schema.createIndex('deletions_at').on('deletions').column('deleted_at').execute();

      await db.schema
        .createTable('outlets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('grade', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      void sql;
    },
  };
}
