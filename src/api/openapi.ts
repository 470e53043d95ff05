/** The API's OpenAPI 3.1 description, written as data and served at /api/openapi.json. */
import { ACLED_COLUMNS, SITREP_COLUMNS } from '../model/index.js';
import { DEFAULT_CSP } from './middleware/security-headers.js';
import { EVENT_TYPES, SUB_EVENT_TYPES } from '../model/taxonomy.js';
import { DEFAULT_LIMIT, MAX_GEOJSON_LIMIT, MAX_LIMIT } from './params.js';
import { CSV_EXTRA_COLUMNS } from './formats.js';
import { EDITABLE_FIELDS } from './corrections.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const query = (name: string, description: string, schema: Json = { type: 'string' }, required = false): Json => ({
  name, in: 'query', required, description, schema,
});
const path = (name: string, description: string): Json => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const json = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));

export const FILTER_PARAMETERS: Json[] = [
  query('from', 'first event date, inclusive', { type: 'string', format: 'date' }),
  query('to', 'last event date, inclusive', { type: 'string', format: 'date' }),
  query('bbox', 'minLon,minLat,maxLon,maxLat', { type: 'string', pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$' }),
  query('admin1', 'first-level area, e.g. Idleb'),
  query('admin2', 'second-level area'),
  query('actor', 'an actor by any alias, former name or acronym (actor1, actor2 or an associate)'),
  query('event_type', 'ACLED event type', { type: 'string', enum: EVENT_TYPES }),
  query('sub_event_type', 'ACLED sub-event type', { type: 'string', enum: SUB_EVENT_TYPES }),
  query('outlet', 'events carried by this outlet'),
  query('q', 'words in notes, location, actors or evidence'),
  query('min_fatalities', 'at least this many fatalities', { type: 'integer', minimum: 0 }),
  query('verified', 'analyst-verified or not', { type: 'boolean' }),
  query('min_reliability', 'carried by at least one outlet graded this well (A best)', { type: 'string', enum: ['A', 'B', 'C', 'D', 'E', 'F'] }),
  query('max_credibility', 'credibility this good or better (1 confirmed .. 6 cannot be judged)', { type: 'integer', minimum: 1, maximum: 6 }),
  query('updated_since', 'changed (created, edited, merged, re-extracted) since this ISO 8601 time', { type: 'string', format: 'date-time' }),
];

const eventProperties: Json = Object.fromEntries(
  [...ACLED_COLUMNS, ...SITREP_COLUMNS].map((c) => [
    c,
    ['latitude', 'longitude', 'confidence'].includes(c)
      ? { type: ['number', 'null'] }
      : ['time_precision', 'geo_precision', 'fatalities', 'sources_count'].includes(c)
        ? { type: 'integer' }
        : ['inter1', 'inter2', 'interaction', 'injured', 'arrested', 'fatalities_low', 'fatalities_high'].includes(c)
          ? { type: ['integer', 'null'] }
          : { type: c === 'event_date' ? ['string', 'null'] : 'string' },
  ]),
);

const span: Json = { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' }, text: { type: 'string' } }, required: ['start', 'end', 'text'] };

export const OPENAPI: Json = {
  openapi: '3.1.0',
  info: {
    title: 'Sitrep API',
    version: '0.1.0',
    description:
      'ACLED-coded conflict events extracted from reports, merged across reports, with evidence. Reads are open on localhost; ' +
      'requests that change data need `Authorization: Bearer <token>` (the token `sitrep serve` prints). Errors are JSON ' +
      '`{"error", "message", "parameter"?}` with distinct status codes: 400 bad_parameter, 401 unauthorized, 403 forbidden, ' +
      '404 not_found, 409 conflict, 413 too_large, 415 unsupported_media_type, 429 quota, 503 maintenance, 500 internal. ' +
      'Keeping a copy current: page through /api/events?updated_since=<last sync> and apply /api/deletions?since=<last sync>; ' +
      'event ids are stable across edits, merges and re-extraction. ' +
      `Responses carry Content-Security-Policy: ${DEFAULT_CSP}.`,
    license: { name: 'MIT' },
  },
  servers: [{ url: '/' }],
  security: [{}, { bearer: [] }],
  paths: {
    '/api/events': {
      get: {
        summary: 'List events',
        description: `Filtered events, ordered stably; page with next_cursor. CSV has ACLED's columns, then ours, then ${CSV_EXTRA_COLUMNS.join(', ')}.`,
        parameters: [
          ...FILTER_PARAMETERS,
          query('cursor', 'next_cursor of the previous page'),
          query('limit', `page size (≤ ${MAX_LIMIT}; GeoJSON ≤ ${MAX_GEOJSON_LIMIT})`, { type: 'integer', minimum: 1, maximum: MAX_GEOJSON_LIMIT, default: DEFAULT_LIMIT }),
          query('format', 'json (default), geojson, csv or jsonl', { type: 'string', enum: ['json', 'geojson', 'csv', 'jsonl'] }),
        ],
        responses: {
          '200': {
            description: 'A page of events. For csv/jsonl/geojson the next cursor is in X-Next-Cursor and a Link rel="next" header (GeoJSON also has a next_cursor member).',
            headers: { 'X-Next-Cursor': { schema: { type: 'string' } } },
            content: {
              'application/json': { schema: ref('EventPage') },
              'application/geo+json': { schema: ref('FeatureCollection') },
              'text/csv': { schema: { type: 'string' } },
              'application/x-ndjson': { schema: { type: 'string' } },
            },
          },
          ...errors(400, 401, 429, 503),
        },
      },
    },
    '/api/events/merge': {
      post: {
        summary: 'Merge events into one (the oldest event\'s id survives; the others appear in /api/deletions with replaced_by)',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { ids: { type: 'array', items: { type: 'string' }, minItems: 2 } }, required: ['ids'] } } } },
        responses: { '200': json(ref('Event')), ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    '/api/events/{id}': {
      parameters: [path('id', 'event id')],
      get: {
        summary: 'One event with its sources, their evidence and each report\'s clean text',
        responses: { '200': json(ref('EventWithSources')), ...errors(400, 404) },
      },
      patch: {
        summary: 'Correct fields (kept over re-extraction); If-Match: <updated_at> guards against lost updates',
        security: [{ bearer: [] }],
        parameters: [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, (eventProperties as Record<string, Json>)[f] ?? {}])), additionalProperties: false } } },
        },
        responses: { '200': json(ref('Event')), ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
      delete: {
        summary: 'Delete an event (it then appears in /api/deletions)',
        security: [{ bearer: [] }],
        responses: { '200': json({ type: 'object', properties: { id: { type: 'string' }, deleted: { const: true } } }), ...errors(401, 403, 404, 409) },
      },
    },
    '/api/events/{id}/verify': {
      parameters: [path('id', 'event id')],
      post: { summary: 'Mark an event verified', security: [{ bearer: [] }], responses: { '200': json(ref('Event')), ...errors(401, 403, 404, 409) } },
    },
    '/api/events/{id}/split': {
      parameters: [path('id', 'event id')],
      post: {
        summary: 'Move the given reports\' accounts out of an event into a new one',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { report_ids: { type: 'array', items: { type: 'string' }, minItems: 1 } }, required: ['report_ids'] } } } },
        responses: { '200': json({ type: 'object', properties: { events: { type: 'array', items: ref('Event') } } }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/api/events/{id}/audit': {
      parameters: [path('id', 'event id')],
      get: { summary: 'The audit trail of one event', responses: { '200': json(ref('AuditList')), ...errors(404) } },
    },
    '/api/audit': {
      get: { summary: 'The audit trail', parameters: [query('event_id', 'only this event')], responses: { '200': json(ref('AuditList')), ...errors(400) } },
    },
    '/api/deletions': {
      get: {
        summary: 'Events deleted or merged away since a time (for clients that keep a copy)',
        parameters: [query('since', 'ISO 8601 time', { type: 'string', format: 'date-time' }, true)],
        responses: {
          '200': json({ type: 'object', properties: { as_of: { type: 'string' }, deletions: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, deleted_at: { type: 'string' }, replaced_by: { type: ['string', 'null'] } } } } } }),
          ...errors(400),
        },
      },
    },
    '/api/stats': {
      get: {
        summary: 'Event counts and fatalities grouped by day, week, type, actor, area or outlet',
        parameters: [query('by', 'grouping', { type: 'string', enum: ['day', 'week', 'event_type', 'actor', 'admin1', 'outlet'], default: 'day' }), ...FILTER_PARAMETERS],
        responses: { '200': json({ type: 'array', items: ref('Count') }), ...errors(400) },
      },
    },
    '/api/network': {
      get: {
        summary: 'Who acted against or with whom: side 1 (actor1, assoc_actor_1) × side 2 (actor2, assoc_actor_2) of the filtered events',
        parameters: [...FILTER_PARAMETERS, query('limit', 'events considered (≤ 50000)', { type: 'integer', minimum: 1, maximum: 50000, default: 10000 })],
        responses: {
          '200': json({
            type: 'object',
            properties: {
              nodes: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, count: { type: 'integer' } } } },
              edges: { type: 'array', items: { type: 'object', properties: { source: { type: 'string' }, target: { type: 'string' }, count: { type: 'integer' }, types: { type: 'object', additionalProperties: { type: 'integer' } } } } },
              events: { type: 'integer' },
              truncated: { type: 'boolean' },
            },
          }),
          ...errors(400),
        },
      },
    },
    '/api/actors': {
      get: { summary: 'Known actors with event counts', parameters: [query('q', 'part of a name or alias')], responses: { '200': json({ type: 'array', items: ref('Actor') }) } },
    },
    '/api/actors/{name}': {
      parameters: [path('name', 'canonical name or any alias')],
      get: {
        summary: 'One actor: aliases, kind, inter, affiliations, former names with dates, event counts over time',
        parameters: [query('by', 'time grouping', { type: 'string', enum: ['day', 'week'], default: 'week' })],
        responses: { '200': json(ref('Actor')), ...errors(404) },
      },
    },
    '/api/places': {
      get: {
        summary: 'Gazetteer search',
        parameters: [query('q', 'part of a place name', { type: 'string' }, true), query('limit', 'at most (≤ 100)', { type: 'integer', minimum: 1, maximum: 100, default: 20 })],
        responses: { '200': json({ type: 'array', items: { type: 'object' } }), ...errors(400) },
      },
    },
    '/api/outlets': {
      get: { summary: 'Outlets with reliability grade and counts', responses: { '200': json({ type: 'array', items: ref('Outlet') }) } },
    },
    '/api/outlets/naming': {
      get: {
        summary: 'Per outlet, the surface forms it uses for actors (names, acronyms, aliases, descriptions) in its evidence',
        parameters: [...FILTER_PARAMETERS, query('limit', 'events considered (≤ 5000)', { type: 'integer', minimum: 1, maximum: 5000, default: 500 })],
        responses: {
          '200': json({ type: 'array', items: { type: 'object', properties: { outlet: { type: 'string' }, actors: { type: 'array', items: { type: 'object', properties: { actor: { type: 'string' }, forms: { type: 'array', items: { type: 'object', properties: { form: { type: 'string' }, count: { type: 'integer' } } } } } } } } } }),
          ...errors(400),
        },
      },
    },
    '/api/outlets/{name}/grade': {
      parameters: [path('name', 'outlet name')],
      put: {
        summary: 'Set an outlet\'s reliability grade (A completely reliable .. F cannot be judged)',
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { grade: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E', 'F'] } }, required: ['grade'] } } } },
        responses: { '200': json(ref('Outlet')), ...errors(400, 401, 403, 415) },
      },
    },
    '/api/ingest': {
      post: {
        summary: 'Extract and keep reports: JSON {text|html|url, title?, source?, published?, id?} (or a list of them), or multipart files (.txt, .html, .jsonl)',
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { oneOf: [ref('InputDocument'), { type: 'array', items: ref('InputDocument') }] } },
            'multipart/form-data': { schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } }, source: { type: 'string' }, published: { type: 'string', format: 'date' } } } },
          },
        },
        responses: {
          '200': json({ type: 'object', properties: { results: { type: 'array', items: { type: 'object', properties: { report_id: { type: 'string' }, status: { enum: ['new', 'unchanged', 'updated'] }, events: { type: 'integer' } } } }, errors: { type: 'array' }, events: { type: 'array', items: ref('Event') } } }),
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }) } } },
    '/api/health': {
      get: {
        summary: 'Whether the server and its store answer',
        responses: { '200': json({ type: 'object', properties: { status: { const: 'ok' }, dialect: { type: 'string' }, version: { type: 'string' } } }), '503': { $ref: '#/components/responses/E503' } },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the write token printed by `sitrep serve`' } },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: { enum: ['bad_parameter', 'unauthorized', 'forbidden', 'not_found', 'method_not_allowed', 'conflict', 'too_large', 'unsupported_media_type', 'quota', 'maintenance', 'internal'] },
          parameter: { type: 'string', description: 'the parameter or field at fault' },
          message: { type: 'string' },
        },
        required: ['error', 'message'],
      },
      Span: span,
      Event: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          ...eventProperties,
          evidence: { type: 'array', items: span },
          docs: { type: 'array', items: { type: 'string' } },
          verified: { type: 'boolean' },
          deleted: { type: 'boolean' },
          corrections: { type: 'object' },
          credibility: { type: 'integer', minimum: 1, maximum: 6 },
          merge_reason: { type: 'string' },
          created_at: { type: 'string', format: 'date-time' },
          updated_at: { type: 'string', format: 'date-time' },
        },
      },
      EventWithSources: {
        allOf: [
          ref('Event'),
          {
            type: 'object',
            properties: {
              sources: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    report_id: { type: 'string' }, outlet: { type: 'string' }, url: { type: ['string', 'null'] }, title: { type: ['string', 'null'] },
                    published: { type: ['string', 'null'] }, event: { type: 'object' }, evidence: { type: 'array', items: span },
                    report_text: { type: ['string', 'null'], description: 'the report\'s clean text; evidence offsets point into it' },
                  },
                },
              },
            },
          },
        ],
      },
      EventPage: { type: 'object', properties: { events: { type: 'array', items: ref('Event') }, next_cursor: { type: ['string', 'null'] }, count: { type: 'integer' } } },
      FeatureCollection: {
        type: 'object',
        properties: {
          type: { const: 'FeatureCollection' },
          features: { type: 'array', items: { type: 'object', properties: { type: { const: 'Feature' }, id: { type: 'string' }, geometry: { type: ['object', 'null'] }, properties: { type: 'object' } } } },
          next_cursor: { type: ['string', 'null'] },
        },
      },
      Count: { type: 'object', properties: { key: { type: 'string' }, count: { type: 'integer' }, fatalities: { type: 'integer' } } },
      AuditList: {
        type: 'object',
        properties: { entries: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, at: { type: 'string' }, user: { type: 'string' }, action: { enum: ['verify', 'edit', 'delete', 'merge', 'split', 'grade'] }, event_id: { type: ['string', 'null'] }, before: {}, after: {} } } } },
      },
      Actor: { type: 'object', properties: { name: { type: 'string' }, aliases: { type: 'array', items: { type: 'string' } }, kind: { type: 'string' }, inter: { type: 'integer' }, events: { type: 'integer' }, fatalities: { type: 'integer' } } },
      Outlet: { type: 'object', properties: { name: { type: 'string' }, grade: { type: ['string', 'null'] }, reports: { type: 'integer' }, events: { type: 'integer' } } },
      InputDocument: {
        type: 'object',
        properties: { id: { type: 'string' }, text: { type: 'string' }, html: { type: 'string' }, url: { type: 'string', format: 'uri' }, title: { type: 'string' }, source: { type: 'string' }, published: { type: 'string', format: 'date' } },
        additionalProperties: false,
      },
    },
    responses: Object.fromEntries(
      [
        [400, 'a parameter is wrong; `parameter` names it'],
        [401, 'the token is missing'],
        [403, 'the token is wrong, or the Host is not this server'],
        [404, 'no such thing'],
        [409, 'conflict: the event was deleted or merged, or changed since it was read'],
        [413, 'the body is too large'],
        [415, 'the body is not JSON (or multipart for ingest)'],
        [429, 'quota used; see Retry-After'],
        [503, 'maintenance, or the store is unavailable; see Retry-After'],
      ].map(([code, description]) => [`E${code}`, { description, content: { 'application/json': { schema: ref('Error') } } }]),
    ),
  },
};
