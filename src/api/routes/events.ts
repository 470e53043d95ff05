/** Reading events: lists in four formats, one event with its sources, audit, deletions, counts, the actor network. */
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { EventFilter, EventSource, StoredEvent } from '../../store/types.js';
import { badParameter, notFound } from '../errors.js';
import { pathId } from '../body.js';
import {
  eventFilter, FILTER_PARAMS, FORMATS, MAX_GEOJSON_LIMIT, MAX_LIMIT, page, Query, type Format,
} from '../params.js';
import { CONTENT_TYPES, eventListJson, featureBody, FILE_EXTENSIONS, readEvents, readFeatures, streamBody, type EventStream } from '../formats.js';
import { canonicalEventType, canonicalSubEventType, EVENT_TYPES } from '../../model/taxonomy.js';

export const STATS_BY = ['day', 'week', 'event_type', 'actor', 'admin1', 'outlet'] as const;

/** The filter, with event types checked against the taxonomy and spelled as ACLED spells them. */
export function checkedFilter(q: Query): EventFilter {
  const f = eventFilter(q);
  if (f.event_type !== undefined) {
    const t = canonicalEventType(f.event_type);
    if (!t) throw badParameter('event_type', `event_type must be one of ${EVENT_TYPES.join(', ')}`);
    f.event_type = t;
  }
  if (f.sub_event_type !== undefined) {
    const t = canonicalSubEventType(f.sub_event_type);
    if (!t) throw badParameter('sub_event_type', 'sub_event_type must be one of ACLED\'s sub-event types, e.g. Armed clash');
    f.sub_event_type = t;
  }
  return f;
}

export function eventRoutes(deps: Deps): Hono {
  const { store } = deps;
  const app = new Hono();

  app.get('/events', async (c) => {
    const q = new Query(c.req.url, [...FILTER_PARAMS, 'cursor', 'limit', 'format']);
    const format: Format = q.oneOf('format', FORMATS) ?? 'json';
    const filter = checkedFilter(q);
    const { cursor, limit } = page(q, format === 'geojson' ? MAX_GEOJSON_LIMIT : MAX_LIMIT);
    // the JSON list written by the store where it can (the same text as c.json of its events, sooner)
    const json = format === 'json' ? await eventListJson(store, filter, cursor, limit) : undefined;
    if (json !== undefined) return c.body(json, 200, { 'Content-Type': 'application/json' });
    // GeoJSON Features built by the database where the store can (the fast path), else from full rows
    const features = format === 'geojson' ? await readFeatures(store, filter, cursor, limit) : undefined;
    const stream = features ?? (await readEvents(store, filter, cursor, limit));
    if (format === 'json' && !features) {
      const events = stream.first as StoredEvent[];
      return c.json({ events, next_cursor: stream.cursorAfterFirst, count: events.length });
    }
    c.header('Content-Type', CONTENT_TYPES[format]);
    c.header('Content-Disposition', `attachment; filename="sitrep-events.${FILE_EXTENSIONS[format]}"`);
    if (!stream.more && stream.cursorAfterFirst) {
      c.header('X-Next-Cursor', stream.cursorAfterFirst);
      const next = new URL(c.req.url);
      next.searchParams.set('cursor', stream.cursorAfterFirst);
      c.header('Link', `<${next.pathname}${next.search}>; rel="next"`);
    }
    if (features) return c.body(featureBody(features));
    return c.body(streamBody(format as Exclude<Format, 'json'>, stream as EventStream));
  });

  app.get('/events/:id', async (c) => {
    new Query(c.req.url, []);
    const id = pathId(c);
    const event = await store.getEvent(id);
    if (!event || event.deleted) throw notFound(`no event ${id}${event?.deleted ? ' (it was deleted; see /api/deletions)' : ''}`);
    // the version a correction may name in If-Match
    c.header('ETag', `"${event.updated_at}"`);
    return c.json(await withReportTexts(deps, event));
  });

  app.get('/events/:id/audit', async (c) => {
    new Query(c.req.url, []);
    const id = pathId(c);
    const entries = await store.audit(id);
    if (entries.length === 0 && !(await store.getEvent(id))) throw notFound(`no event ${id}`);
    return c.json({ entries });
  });

  app.get('/audit', async (c) => {
    const q = new Query(c.req.url, ['event_id']);
    const id = q.text('event_id');
    return c.json({ entries: await store.audit(id) });
  });

  app.get('/deletions', async (c) => {
    const q = new Query(c.req.url, ['since']);
    const since = q.timestamp('since');
    if (since === undefined) throw badParameter('since', 'since is required: an ISO 8601 timestamp such as 2024-05-01T00:00:00Z');
    return c.json({ deletions: await store.deletions(since), as_of: new Date().toISOString() });
  });

  app.get('/stats', async (c) => {
    const q = new Query(c.req.url, [...FILTER_PARAMS, 'by']);
    const by = q.oneOf('by', STATS_BY) ?? 'day';
    return c.json(await store.countEvents(checkedFilter(q), by));
  });

  app.get('/network', async (c) => {
    const q = new Query(c.req.url, [...FILTER_PARAMS, 'limit']);
    const filter = checkedFilter(q);
    const limit = q.int('limit', 1, 50_000, 'an integer from 1 to 50000') ?? 10_000;
    return c.json(await actorNetwork(deps, filter, limit));
  });

  return app;
}

/** The event with each source's report text beside it, so the reader can see the evidence in place. */
async function withReportTexts(
  deps: Deps,
  event: StoredEvent & { sources: EventSource[] },
): Promise<StoredEvent & { sources: (EventSource & { report_text: string | null })[] }> {
  const texts = new Map<string, Promise<string | null>>();
  const text = (id: string) => {
    let t = texts.get(id);
    if (!t) texts.set(id, (t = deps.store.getReport(id).then((r) => r?.clean_text ?? null)));
    return t;
  };
  const sources = await Promise.all(event.sources.map(async (s) => ({ ...s, report_text: await text(s.report_id) })));
  return { ...event, sources };
}

export interface Network {
  nodes: { id: string; count: number }[];
  edges: { source: string; target: string; count: number; types: Record<string, number> }[];
  events: number;
  truncated: boolean;
}

const splitActors = (main: string, assoc: string): string[] =>
  [...new Set([main, ...assoc.split(';')].map((s) => s.trim()).filter(Boolean))];

/** Who acted against or with whom: side 1 (actor1 and its associates) × side 2, over the filtered events. */
export async function actorNetwork(deps: Deps, filter: EventFilter, limit: number): Promise<Network> {
  const nodes = new Map<string, number>();
  const edges = new Map<string, Network['edges'][number]>();
  let seen = 0;
  const stream = await readEvents(deps.store, filter, undefined, limit);
  const add = (e: StoredEvent) => {
    seen++;
    const side1 = splitActors(e.actor1, e.assoc_actor_1 ?? '');
    const side2 = splitActors(e.actor2, e.assoc_actor_2 ?? '');
    for (const a of new Set([...side1, ...side2])) nodes.set(a, (nodes.get(a) ?? 0) + 1);
    for (const s of side1) {
      for (const t of side2) {
        if (s === t) continue;
        const key = `${s}\u0000${t}`;
        let edge = edges.get(key);
        if (!edge) edges.set(key, (edge = { source: s, target: t, count: 0, types: {} }));
        edge.count++;
        edge.types[e.event_type] = (edge.types[e.event_type] ?? 0) + 1;
      }
    }
  };
  stream.first.forEach(add);
  const it = stream.rest();
  let r = await it.next();
  while (!r.done) {
    r.value.forEach(add);
    r = await it.next();
  }
  const next = stream.more ? r.value : stream.cursorAfterFirst;
  return {
    nodes: [...nodes].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)),
    edges: [...edges.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source) || a.target.localeCompare(b.target)),
    events: seen,
    truncated: next !== null && next !== undefined,
  };
}
