import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACLED_COLUMNS, SITREP_COLUMNS } from '../../src/model/index.js';
import { ALL_CODED, engines, fixture, type Fixture } from './fixture.js';

for (const [engine, skip] of await engines()) describe(engine, { skip: skip ?? false }, () => {
  let f: Fixture;
  before(async () => {
    f = await fixture({}, true, engine);
  });
  after(async () => {
    await f.close();
  });

  const get = async (url: string) => {
    const res = await f.app.request(url);
    return { res, body: res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : await res.text() };
  };
  const events = async (qs: string) => {
    const { res, body } = await get(`/api/events?${qs}`);
    assert.equal(res.status, 200, JSON.stringify(body));
    return body as { events: { id: string; [k: string]: unknown }[]; next_cursor: string | null; count: number };
  };

  describe('GET /api/events', () => {
    test('lists every event, newest first, with ids and the JSON envelope', async () => {
      const body = await events('limit=100');
      assert.equal(body.count, ALL_CODED.length);
      assert.equal(body.events.length, ALL_CODED.length);
      assert.equal(body.next_cursor, null);
      const dates = body.events.map((e) => e.event_date as string);
      assert.deepEqual(dates, [...dates].sort().reverse());
      for (const e of body.events) assert.match(e.id, /\S/);
    });

    test('the JSON list the store writes (listEventText) is the text c.json writes of its events, headers and all', async () => {
      const { createApp } = await import('../../src/api/app.js');
      const store = f.store;
      const plain = new Proxy(store, { get: (t, k) => (k === 'listEventText' ? undefined : typeof t[k as keyof typeof t] === 'function' ? (t[k as keyof typeof t] as Function).bind(t) : t[k as keyof typeof t]) });
      const other = createApp({ store: plain, token: 'test-token-0123456789', dashboard: false });
      for (const qs of ['limit=100', 'limit=2', 'event_type=Battles&limit=1', 'q=nothing-at-all']) {
        const [a, b] = [await f.app.request(`/api/events?${qs}`), await other.request(`/api/events?${qs}`)];
        assert.equal(await a.text(), await b.text(), qs);
        assert.equal(a.headers.get('content-type'), b.headers.get('content-type'));
        assert.equal(a.status, b.status);
      }
    });

    test('each filter narrows the list to the events that match it', async () => {
      const cases: [string, (c: (typeof ALL_CODED)[number]) => boolean][] = [
        ['event_type=Battles', (c) => c.type === 'Battles'],
        ['event_type=battles', (c) => c.type === 'Battles'],
        ['sub_event_type=Arrests', (c) => c.sub === 'Arrests'],
        ['admin1=Idleb', (c) => c.admin1 === 'Idleb'],
        ['admin2=Harim', (c) => c.admin2 === 'Harim'],
        ['from=2023-07-01&to=2023-07-31', (c) => c.date >= '2023-07-01' && c.date <= '2023-07-31'],
        ['min_fatalities=4', (c) => c.fatalities >= 4],
        ['bbox=35.5,35.5,36.3,36.0', (c) => c.lon !== null && c.lat !== null && c.lon >= 35.5 && c.lon <= 36.3 && c.lat >= 35.5 && c.lat <= 36.0],
        ['outlet=SouthFront', () => false],
        ['actor=SDF: Syrian Democratic Forces', (c) => c.actor1.startsWith('SDF') || (c.actor2 ?? '').startsWith('SDF')],
      ];
      for (const [qs, want] of cases) {
        const body = await events(`${qs}&limit=100`);
        const expected = qs.startsWith('outlet=SouthFront') ? 1 : ALL_CODED.filter(want).length;
        assert.ok(expected < ALL_CODED.length, `${qs} should narrow`);
        assert.equal(body.count, expected, `${qs}: ${body.count} events, expected ${expected}`);
      }
    });

    test('actor matches any alias, in either role', async () => {
      const byName = await events('actor=HTS: Hayat Tahrir al-Sham&limit=100');
      const byAlias = await events(`actor=${encodeURIComponent("Hay'at Tahrir al-Sham")}&limit=100`);
      const expected = ALL_CODED.filter((c) => c.actor1.startsWith('HTS') || (c.actor2 ?? '').startsWith('HTS')).length;
      assert.equal(byName.count, expected);
      assert.deepEqual(byAlias.events.map((e) => e.id).sort(), byName.events.map((e) => e.id).sort());
    });

    test('q searches the notes and evidence', async () => {
      const body = await events('q=checkpoint');
      assert.equal(body.count, 1);
      assert.equal(body.events[0].location, 'Kabani');
    });

    test('cursor paging returns every event once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const body = await events(`limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.ok(body.events.length <= 2);
        seen.push(...body.events.map((e) => e.id));
        cursor = body.next_cursor;
        pages++;
      } while (cursor && pages < 20);
      assert.equal(seen.length, ALL_CODED.length);
      assert.equal(new Set(seen).size, seen.length, 'no duplicates');
      assert.equal(pages, Math.ceil(ALL_CODED.length / 2));
    });

    test('CSV has ACLED columns first, in order, then ours, then id and sync columns', async () => {
      const { res, body } = await get('/api/events?format=csv&event_type=Battles');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(res.headers.get('content-disposition') ?? '', /sitrep-events\.csv/);
      const lines = (body as string).trim().split(/\r?\n/);
      const header = lines[0].split(',');
      assert.deepEqual(header.slice(0, ACLED_COLUMNS.length), [...ACLED_COLUMNS]);
      assert.deepEqual(header.slice(ACLED_COLUMNS.length, ACLED_COLUMNS.length + SITREP_COLUMNS.length), [...SITREP_COLUMNS]);
      for (const c of ['id', 'docs', 'sources_count']) assert.ok(header.includes(c), `CSV has ${c}`);
      assert.equal(lines.length - 1, ALL_CODED.filter((c) => c.type === 'Battles').length);
      assert.ok(lines.slice(1).every((l) => l.startsWith('20')), 'rows start with event_date');
    });

    test('GeoJSON is a FeatureCollection of Points at [lon, lat]', async () => {
      const { res } = await get('/api/events?format=geojson&limit=100');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/geo\+json/);
      const body = JSON.parse(await (await f.app.request('/api/events?format=geojson&limit=100')).text());
      assert.equal(body.type, 'FeatureCollection');
      assert.equal(body.features.length, ALL_CODED.length);
      const kabani = body.features.find((x: { properties: { location: string } }) => x.properties.location === 'Kabani');
      assert.equal(kabani.type, 'Feature');
      assert.deepEqual(kabani.geometry, { type: 'Point', coordinates: [36.1919, 35.7425] });
      assert.equal(kabani.id, kabani.properties.id);
      const unlocated = body.features.find((x: { properties: { latitude: unknown } }) => x.properties.latitude === null);
      assert.equal(unlocated.geometry, null);
    });

    test('JSON Lines: one event a line; a short page names the next cursor in headers', async () => {
      const { res, body } = await get('/api/events?format=jsonl&limit=3');
      assert.equal(res.status, 200);
      const lines = (body as string).trim().split('\n');
      assert.equal(lines.length, 3);
      for (const l of lines) assert.ok(JSON.parse(l).id);
      const next = res.headers.get('x-next-cursor');
      assert.ok(next);
      assert.match(res.headers.get('link') ?? '', /rel="next"/);
      const rest = await events(`limit=100&cursor=${encodeURIComponent(next!)}`);
      assert.equal(rest.count, ALL_CODED.length - 3);
    });

    test('invalid parameters get a 400 naming the parameter', async () => {
      const bad: [string, string][] = [
        ['min_fatalities=-1', 'min_fatalities'],
        ['min_fatalities=abc', 'min_fatalities'],
        ['from=2023-13-01', 'from'],
        ['to=yesterday', 'to'],
        ['from=2023-08-01&to=2023-07-01', 'to'],
        ['bbox=1,2,3', 'bbox'],
        ['bbox=40,30,35,36', 'bbox'],
        ['verified=maybe', 'verified'],
        ['min_reliability=G', 'min_reliability'],
        ['max_credibility=7', 'max_credibility'],
        ['updated_since=last-week', 'updated_since'],
        ['limit=0', 'limit'],
        ['limit=10001', 'limit'],
        ['format=xml', 'format'],
        ['cursor=not a cursor!', 'cursor'],
        ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
        ['event_type=Skirmish', 'event_type'],
        ['min_fatality=3', 'min_fatality'],
      ];
      for (const [qs, parameter] of bad) {
        const { res, body } = await get(`/api/events?${qs}`);
        assert.equal(res.status, 400, `${qs} → ${res.status}`);
        const b = body as { error: string; parameter: string; message: string };
        assert.equal(b.error, 'bad_parameter', qs);
        assert.equal(b.parameter, parameter, `${qs}: ${JSON.stringify(b)}`);
        assert.ok(b.message.includes(parameter), `${qs}: message names the parameter: ${b.message}`);
      }
      const { body } = await get('/api/events?min_fatalities=-1');
      assert.deepEqual(body, { error: 'bad_parameter', parameter: 'min_fatalities', message: 'min_fatalities must be a non-negative integer' });
    });

    test('GeoJSON properties are the flat fields of each event, in the list order, paged by next_cursor', async () => {
      const all = await events('limit=100');
      const first = JSON.parse(await (await f.app.request('/api/events?format=geojson&limit=4')).text());
      assert.equal(first.features.length, 4);
      assert.equal(typeof first.next_cursor, 'string');
      const rest = JSON.parse(await (await f.app.request(`/api/events?format=geojson&limit=100&cursor=${encodeURIComponent(first.next_cursor)}`)).text());
      assert.equal(rest.next_cursor, null);
      const feats = [...first.features, ...rest.features];
      assert.deepEqual(feats.map((x: { id: string }) => x.id), all.events.map((e) => e.id));
      for (const [i, e] of all.events.entries()) {
        const p = feats[i].properties;
        for (const k of ['event_date', 'event_type', 'actor1', 'assoc_actor_1', 'admin1', 'location', 'fatalities', 'latitude', 'longitude', 'credibility', 'updated_at', 'sources_count', 'confidence', 'inter1', 'country'])
          assert.deepEqual(p[k], e[k], `${k} of ${e.id}`);
        assert.equal(p.docs, (e.docs as string[]).join('; '));
        assert.equal(p.verified, e.verified);
        assert.equal(p.notes, e.notes);
      }
    });

    test('GeoJSON may be larger than other formats', async () => {
      assert.equal((await f.app.request('/api/events?format=geojson&limit=100000')).status, 200);
      assert.equal((await f.app.request('/api/events?format=json&limit=100000')).status, 400);
    });
  });

  describe('GET /api/events/:id', () => {
    test('one event with its sources, evidence and the report text the evidence points into', async () => {
      const list = await events('q=checkpoint');
      const { res, body } = await get(`/api/events/${encodeURIComponent(list.events[0].id)}`);
      assert.equal(res.status, 200);
      const e = body as { id: string; sources: { report_id: string; outlet: string; evidence: { start: number; end: number; text: string }[]; report_text: string }[] };
      assert.equal(e.id, list.events[0].id);
      assert.equal(e.sources.length, 1);
      const s = e.sources[0];
      assert.equal(s.report_id, '003_8f871535d99a6baf.txt');
      assert.equal(s.outlet, 'The Cradle');
      assert.ok(s.evidence.length > 0);
      for (const span of s.evidence) assert.equal(s.report_text.slice(span.start, span.end), span.text);
    });

    test('404 for an unknown id', async () => {
      const { res, body } = await get('/api/events/ev_nope');
      assert.equal(res.status, 404);
      assert.equal((body as { error: string }).error, 'not_found');
    });
  });

  describe('counts and network', () => {
    test('stats by event type add up to the events, with fatalities', async () => {
      const { res, body } = await get('/api/stats?by=event_type');
      assert.equal(res.status, 200);
      const rows = body as { key: string; count: number; fatalities: number }[];
      assert.equal(rows.reduce((s, r) => s + r.count, 0), ALL_CODED.length);
      const battles = rows.find((r) => r.key === 'Battles')!;
      const coded = ALL_CODED.filter((c) => c.type === 'Battles');
      assert.equal(battles.count, coded.length);
      assert.equal(battles.fatalities, coded.reduce((s, c) => s + c.fatalities, 0));
    });

    test('stats take the event filters, and every grouping', async () => {
      const { body } = await get('/api/stats?by=admin1&event_type=Battles');
      const rows = body as { key: string; count: number }[];
      assert.equal(rows.reduce((s, r) => s + r.count, 0), ALL_CODED.filter((c) => c.type === 'Battles').length);
      for (const by of ['day', 'week', 'event_type', 'actor', 'admin1', 'outlet']) {
        assert.equal((await f.app.request(`/api/stats?by=${by}`)).status, 200, by);
      }
      const bad = await get('/api/stats?by=month');
      assert.equal(bad.res.status, 400);
      assert.equal((bad.body as { parameter: string }).parameter, 'by');
    });

    test('network: who acted against whom, with counts by type', async () => {
      const { res, body } = await get('/api/network');
      assert.equal(res.status, 200);
      const net = body as { nodes: { id: string; count: number }[]; edges: { source: string; target: string; count: number; types: Record<string, number> }[] };
      const hts = net.nodes.find((n) => n.id === 'HTS: Hayat Tahrir al-Sham');
      assert.equal(hts?.count, ALL_CODED.filter((c) => c.actor1.startsWith('HTS') || (c.actor2 ?? '').startsWith('HTS')).length);
      const edge = net.edges.find((e) => e.source === 'HTS: Hayat Tahrir al-Sham' && e.target === 'Jund al-Sham');
      assert.deepEqual(edge?.types, { Battles: 1 });
      assert.ok(net.edges.some((e) => e.source === 'HTS: Hayat Tahrir al-Sham' && e.target === 'Jund Allah'), 'associates count');
      const filtered = (await get('/api/network?event_type=Protests')).body as { edges: unknown[] };
      assert.equal(filtered.edges.length, 0);
    });
  });
});
