/**
 * Event lists in the formats users' tools read: JSON (the API's own), GeoJSON (QGIS, kepler.gl),
 * CSV in ACLED's column order (via src/output), JSON Lines. Long lists are streamed page by page.
 */
import type { EventFilter, Store, StoredEvent } from '../store/types.js';
import type { SitrepEvent } from '../model/index.js';
import { csvHeader, csvRow } from '../output/index.js';
import type { Format } from './params.js';

/** Columns written after ACLED's and ours in CSV exports: what a client needs to keep a copy in sync. */
export const CSV_EXTRA_COLUMNS = ['id', 'docs', 'verified', 'credibility', 'updated_at'];

/** Largest page asked of the store in one call. */
export const STORE_PAGE = 10_000;

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

export const FILE_EXTENSIONS: Record<Format, string> = { json: 'json', geojson: 'geojson', csv: 'csv', jsonl: 'jsonl' };

/** A page read ahead from the store, and the rest to come. */
export interface PageStream<T> {
  first: T[];
  /** cursor after the first page, when the first page is all there is to write; null at the end */
  cursorAfterFirst: string | null;
  /** whether more store pages will follow the first */
  more: boolean;
  rest: () => AsyncGenerator<T[], string | null>;
}

export type EventStream = PageStream<StoredEvent>;
/**
 * GeoJSON Features (JSON texts built by the store) read ahead, and the rest to come: the export's fast path.
 * An item in bytes is a whole page of Features, already joined by the store (listFeatureText).
 */
export type FeatureStream = PageStream<string | Uint8Array>;

/** A store page: its items, and how many rows they stand for when that is not one each (a page joined into one text). */
interface StorePage<T> {
  items: T[];
  next_cursor: string | null;
  count?: number;
}

/**
 * Reads up to `limit` rows in store pages of at most STORE_PAGE. The first page is read before anything is
 * written, so that a store error still becomes a proper error response. Null when the first `list` is (the
 * store cannot serve this request that way).
 */
async function readPages<T>(
  list: (cursor: string | undefined, n: number) => Promise<StorePage<T> | null>,
  cursor: string | undefined,
  limit: number,
): Promise<PageStream<T> | null> {
  // a page's items (at most n rows) and the rows they stand for
  const take = (p: StorePage<T>, n: number): { items: T[]; count: number } =>
    p.count === undefined ? { items: p.items.slice(0, n), count: Math.min(p.items.length, n) } : { items: p.count ? p.items : [], count: p.count };
  const firstLimit = Math.min(limit, STORE_PAGE);
  const firstPage = await list(cursor, firstLimit);
  if (!firstPage) return null;
  const first = take(firstPage, firstLimit);
  const more = firstPage.next_cursor !== null && limit > firstLimit && first.count > 0;
  return {
    first: first.items,
    cursorAfterFirst: firstPage.next_cursor,
    more,
    rest: async function* () {
      let next = firstPage.next_cursor;
      let left = limit - first.count;
      if (!more) return next;
      while (next !== null && left > 0) {
        const pageLimit = Math.min(left, STORE_PAGE);
        const p = await list(next, pageLimit);
        if (!p) break;
        const { items, count } = take(p, pageLimit);
        next = p.next_cursor;
        left -= count;
        if (count === 0) break;
        yield items;
      }
      return next;
    },
  };
}

const page = (cursor: string | undefined, limit: number): { cursor?: string; limit: number } => (cursor === undefined ? { limit } : { cursor, limit });

export async function readEvents(store: Store, filter: EventFilter, cursor: string | undefined, limit: number): Promise<EventStream> {
  const s = await readPages(async (c, n) => {
    const r = await store.listEvents(filter, page(c, n));
    return { items: r.events, next_cursor: r.next_cursor };
  }, cursor, limit);
  return s!; // (listEvents always answers)
}

/**
 * The API's JSON list, `{"events":[…],"next_cursor":…,"count":…}`, as JSON.stringify writes it, from a store
 * that writes events' JSON itself (listEventText); undefined when the store cannot. `limit` ≤ STORE_PAGE.
 */
export async function eventListJson(store: Store, filter: EventFilter, cursor: string | undefined, limit: number): Promise<string | undefined> {
  if (!store.listEventText) return undefined;
  const p = await store.listEventText(filter, page(cursor, limit));
  return `{"events":[${p.text}],"next_cursor":${JSON.stringify(p.next_cursor)},"count":${p.count}}`;
}

/**
 * Like readEvents, for stores that build GeoJSON Features themselves (`listFeatures` with the export
 * shape): about five times less CPU than reading full rows. Undefined when the store cannot.
 */
export async function readFeatures(store: Store, filter: EventFilter, cursor: string | undefined, limit: number): Promise<FeatureStream | undefined> {
  const texts = store.listFeatureText ? await readFeatureTexts(store, filter, cursor, limit) : null;
  if (texts) return texts;
  const listFeatures = store.listFeatures?.bind(store);
  if (!listFeatures) return undefined;
  const s = await readPages(async (c, n) => {
    const r = await listFeatures(filter, page(c, n), { shape: 'export' });
    return { items: r.features, next_cursor: r.next_cursor };
  }, cursor, limit);
  return s ?? undefined;
}

/**
 * readFeatures from pages the store joins itself (listFeatureText): each item of the stream is a page of
 * Features as one text. Null when the store cannot for this filter.
 */
function readFeatureTexts(store: Store, filter: EventFilter, cursor: string | undefined, limit: number): Promise<FeatureStream | null> {
  const list = store.listFeatureText!.bind(store);
  return readPages<string | Uint8Array>(async (c, n) => {
    const p = await list(filter, page(c, n), { bytes: true });
    return p && { items: [p.text], next_cursor: p.next_cursor, count: p.count };
  }, cursor, limit);
}

/** The GeoJSON FeatureCollection of a feature stream, with next_cursor, written piece by piece. */
export function featureBody(s: FeatureStream): ReadableStream<Uint8Array> {
  async function* pieces(): AsyncGenerator<string | Uint8Array> {
    yield '{"type":"FeatureCollection","features":[';
    let n = 0;
    function* write(features: (string | Uint8Array)[], lead: string): Generator<string | Uint8Array> {
      if (!features.length) return;
      if (features.every((f) => typeof f === 'string')) {
        yield lead + (n ? ',\n' : '') + features.join(',\n');
        n += features.length;
        return;
      }
      // pages joined by the store, as bytes: written as they are
      for (const f of features) {
        yield lead + (n++ ? ',\n' : '');
        lead = '';
        yield f;
      }
    }
    yield* write(s.first, '');
    const it = s.rest();
    let r = await it.next();
    while (!r.done) {
      yield* write(r.value, '\n');
      r = await it.next();
    }
    const next = s.more ? r.value : s.cursorAfterFirst;
    yield `\n],"next_cursor":${JSON.stringify(next ?? null)}}\n`;
  }
  return textStream(pieces());
}

/** A flat record for tables and map tools: nested fields become text. */
export function flatProperties(e: StoredEvent): Record<string, string | number | boolean | null> {
  return {
    id: e.id,
    event_date: e.event_date,
    time_precision: e.time_precision,
    event_type: e.event_type,
    sub_event_type: e.sub_event_type,
    actor1: e.actor1,
    assoc_actor_1: e.assoc_actor_1,
    inter1: e.inter1,
    actor2: e.actor2,
    assoc_actor_2: e.assoc_actor_2,
    inter2: e.inter2,
    interaction: e.interaction,
    civilian_targeting: e.civilian_targeting,
    country: e.country,
    admin1: e.admin1,
    admin2: e.admin2,
    admin3: e.admin3,
    location: e.location,
    latitude: e.latitude,
    longitude: e.longitude,
    geo_precision: e.geo_precision,
    source: e.source,
    notes: e.notes,
    fatalities: e.fatalities,
    injured: e.injured,
    arrested: e.arrested,
    fatalities_low: e.fatalities_low,
    fatalities_high: e.fatalities_high,
    confidence: e.confidence,
    sources_count: e.sources_count,
    docs: (e.docs ?? []).join('; '),
    verified: e.verified,
    credibility: e.credibility,
    updated_at: e.updated_at,
  };
}

/** One GeoJSON Feature (RFC 7946): a Point at the event's coordinates, or a null geometry when it has none. */
export function toFeature(e: StoredEvent): object {
  const hasPoint = typeof e.longitude === 'number' && typeof e.latitude === 'number';
  return {
    type: 'Feature',
    id: e.id,
    geometry: hasPoint ? { type: 'Point', coordinates: [e.longitude, e.latitude] } : null,
    properties: flatProperties(e),
  };
}

function csvLine(e: StoredEvent): string {
  const row = { ...e, docs: (e.docs ?? []).join('; '), verified: e.verified ? 'true' : 'false' } as unknown as SitrepEvent;
  return csvRow(row, CSV_EXTRA_COLUMNS);
}

/** The text of a finished body, written piece by piece. */
export function streamBody(format: Exclude<Format, 'json'>, s: EventStream): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  async function* pieces(): AsyncGenerator<string> {
    if (format === 'geojson') {
      yield '{"type":"FeatureCollection","features":[';
      let n = 0;
      const write = (events: StoredEvent[]): string => {
        const parts = events.map((e) => (n++ ? ',' : '') + JSON.stringify(toFeature(e)));
        return parts.join('\n');
      };
      yield write(s.first);
      const it = s.rest();
      let r = await it.next();
      while (!r.done) {
        yield '\n' + write(r.value);
        r = await it.next();
      }
      const next = s.more ? r.value : s.cursorAfterFirst;
      yield `\n],"next_cursor":${JSON.stringify(next ?? null)}}\n`;
      return;
    }
    const line = format === 'csv' ? csvLine : (e: StoredEvent) => JSON.stringify(e);
    // CSV lines end in CRLF (RFC 4180, as src/output writes them); JSON Lines in LF
    const eol = format === 'csv' ? '\r\n' : '\n';
    if (format === 'csv') yield csvHeader(CSV_EXTRA_COLUMNS) + eol;
    const write = (events: StoredEvent[]): string => (events.length ? events.map(line).join(eol) + eol : '');
    yield write(s.first);
    const it = s.rest();
    let r = await it.next();
    while (!r.done) {
      yield write(r.value);
      r = await it.next();
    }
  }
  return textStream(pieces());
}

/** A byte stream of text pieces; an error after the headers cuts the body short. */
function textStream(gen: AsyncGenerator<string | Uint8Array>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const { value, done } = await gen.next();
          if (done) return controller.close();
          if (typeof value !== 'string') {
            if (value.length) return controller.enqueue(value);
          } else if (value) return controller.enqueue(enc.encode(value));
        }
      } catch (err) {
        // headers are gone: all that is left is to cut the body short, which clients see as an error
        console.error(`sitrep serve: export stopped: ${(err as Error).message}`);
        controller.error(err);
      }
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}
