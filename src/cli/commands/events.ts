// `sitrep events`: prints the merged events of a store, filtered, as JSON Lines, CSV or GeoJSON.
import type { Command } from 'commander';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { openStore, parseStoreUrl, StoreError, MAX_LIMIT, DEFAULT_DB, type EventFilter, type StoredEvent } from '../../store/index.js';
import { createWriter, OUTPUT_FORMATS, type OutputFormat } from '../../output/index.js';
import type { SitrepEvent } from '../../model/index.js';

interface EventsOptions {
  db?: string;
  from?: string;
  to?: string;
  actor?: string;
  admin1?: string;
  admin2?: string;
  type?: string;
  subType?: string;
  outlet?: string;
  q?: string;
  minFatalities?: string;
  verified?: boolean;
  updatedSince?: string;
  bbox?: string;
  minReliability?: string;
  limit?: string;
  format: string;
}

class UsageError extends Error {}

const EXAMPLES = `
Examples:
  $ sitrep events                                      every event in ./sitrep.db, as JSON Lines
  $ sitrep events --from 2023-07-01 --to 2023-07-31 --admin1 Idleb --format csv > idleb.csv
  $ sitrep events --actor HTS --type Battles --min-fatalities 5
  $ sitrep events --q "drone strike" --outlet SOHR --limit 20
  $ sitrep events --bbox 36,35,37.5,36.5 --format geojson > map.geojson
  $ sitrep events postgres://sitrep@db.example.org/sitrep --updated-since 2024-01-01T00:00:00Z

JSON Lines rows carry the event's stable "id", "sources_count" and "docs" (the reports it rests on);
CSV has ACLED's columns, then ours, then id and docs. GeoJSON has the located events, with the map's
fields as properties (id, date, type, actors, place, fatalities, sources_count, docs, credibility).
The store is --db, else $DATABASE_URL, else ./sitrep.db.`;

function count(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`${name} must be a whole number, got '${v}'`);
  return n;
}

/** The filter a command line asks for. */
export function filterFromOptions(o: EventsOptions): EventFilter {
  const f: EventFilter = {};
  if (o.from) f.from = o.from;
  if (o.to) f.to = o.to;
  if (o.actor) f.actor = o.actor;
  if (o.admin1) f.admin1 = o.admin1;
  if (o.admin2) f.admin2 = o.admin2;
  if (o.type) f.event_type = o.type;
  if (o.subType) f.sub_event_type = o.subType;
  if (o.outlet) f.outlet = o.outlet;
  if (o.q) f.q = o.q;
  if (o.minFatalities !== undefined) f.min_fatalities = count('--min-fatalities', o.minFatalities);
  if (o.verified) f.verified = true;
  if (o.updatedSince) f.updated_since = o.updatedSince;
  if (o.minReliability) f.min_reliability = o.minReliability;
  if (o.bbox) {
    const parts = o.bbox.split(',').map((x) => Number(x.trim()));
    if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x)))
      throw new UsageError(`--bbox must be minLon,minLat,maxLon,maxLat, got '${o.bbox}'`);
    f.bbox = parts as [number, number, number, number];
  }
  return f;
}

/** What one output row holds: the event with its id, docs and sources_count. */
function row(e: StoredEvent, format: OutputFormat): SitrepEvent {
  if (format === 'csv') return { ...e, docs: e.docs.join('; ') } as unknown as SitrepEvent;
  const { deleted: _deleted, ...rest } = e;
  void _deleted;
  return rest as unknown as SitrepEvent;
}

async function run(o: EventsOptions): Promise<void> {
  const format = o.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got '${o.format}'`);
  const filter = filterFromOptions(o);
  const limit = count('--limit', o.limit);
  if (limit === 0) throw new UsageError('--limit must be at least 1');
  const target = parseStoreUrl(o.db ?? process.env.DATABASE_URL ?? DEFAULT_DB);
  if (target.kind === 'sqlite' && target.file !== ':memory:' && !existsSync(target.file))
    throw new StoreError('not_found', `no store at ${target.file} (ingest reports first: sitrep ingest FILES --db ${target.file})`);
  const store = await openStore(o.db);
  let broken = false;
  process.stdout.on('error', () => {
    broken = true; // reader went away (| head): stop quietly
  });
  try {
    if (format === 'geojson') {
      // features built by the database: the fast path for maps
      let left = limit ?? Infinity;
      let cursor: string | undefined;
      let n = 0;
      process.stdout.write('{"type":"FeatureCollection","features":[\n');
      do {
        const page = await store.listFeatures(filter, { cursor, limit: Math.min(MAX_LIMIT, left) });
        if (page.features.length) process.stdout.write((n ? ',\n' : '') + page.features.join(',\n'));
        n += page.features.length;
        left -= page.features.length;
        cursor = page.next_cursor ?? undefined;
        if (process.stdout.writableNeedDrain && !broken) await once(process.stdout, 'drain');
      } while (cursor && left > 0 && !broken);
      if (!broken) process.stdout.write('\n]}\n');
      return;
    }
    const writer = createWriter(format, process.stdout, { extra: ['id', 'docs'] });
    let left = limit ?? Infinity;
    let cursor: string | undefined;
    do {
      const page = await store.listEvents(filter, { cursor, limit: Math.min(MAX_LIMIT, left) });
      writer.write(page.events.map((e) => row(e, format)));
      left -= page.events.length;
      cursor = page.next_cursor ?? undefined;
      if (process.stdout.writableNeedDrain && !broken) await once(process.stdout, 'drain');
    } while (cursor && left > 0 && !broken);
    if (!broken) writer.end();
  } finally {
    await store.close();
  }
}

export function registerEvents(program: Command): void {
  program
    .command('events')
    .argument('[db]', 'store: SQLite file or postgres:// URL (same as --db)')
    .description('print the merged events in the store (JSON Lines, CSV or GeoJSON), filtered')
    .option('--db <url>', 'store: SQLite file or postgres:// URL (default $DATABASE_URL or ./sitrep.db)')
    .option('--from <date>', 'events on or after this day (YYYY-MM-DD)')
    .option('--to <date>', 'events on or before this day (YYYY-MM-DD)')
    .option('--actor <name>', 'an actor, by any of its names or aliases')
    .option('--admin1 <name>', 'governorate, as in OCHA boundaries (e.g. Idleb)')
    .option('--admin2 <name>', 'district')
    .option('--type <event_type>', "ACLED event type, e.g. 'Battles'")
    .option('--sub-type <sub_event_type>', "ACLED sub-event type, e.g. 'Air/drone strike'")
    .option('--outlet <name>', 'events carried by this outlet')
    .option('--q <text>', 'words in notes, location, actors, source or evidence')
    .option('--min-fatalities <n>', 'at least this many killed')
    .option('--verified', 'only events an analyst verified')
    .option('--updated-since <timestamp>', 'only events changed since (ISO timestamp)')
    .option('--bbox <minLon,minLat,maxLon,maxLat>', 'only events inside this box')
    .option('--min-reliability <grade>', 'carried by at least one outlet graded this well (A..F)')
    .option('--limit <n>', 'print at most n events (default: all)')
    .option('--format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`, 'jsonl')
    .addHelpText('after', EXAMPLES)
    .action(async (db: string | undefined, o: EventsOptions) => {
      try {
        if (db && o.db && db !== o.db) throw new UsageError(`two stores given: '${db}' and --db '${o.db}'`);
        await run({ ...o, db: o.db ?? db });
      } catch (err) {
        if (err instanceof UsageError || err instanceof StoreError) {
          console.error(`sitrep events: ${err.message}`);
          process.exitCode = err instanceof UsageError || (err instanceof StoreError && err.code === 'invalid') ? 2 : 1;
          return;
        }
        throw err;
      }
    });
}
