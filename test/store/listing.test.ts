// Listing pages read in date order (migration 008: the date index carries fatalities, verified, credibility
// and deleted; text search read in date order when its matches are many; migration 009: the admin1, type and
// cell indexes carry what their companions test, a box reads its page's seqs first): the same events, in the
// same order, with the same cursors as before, on a database upgraded in place and on a new one.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';
import type { EventFilter, StoredEvent } from '../../src/store/types.js';
import { engines, ev, type Engine } from './engines.js';

const all = await engines();
after(async () => {
  for (const e of all) await e.cleanup();
});

const WORDS = ['drone', 'market', 'convoy', 'bakery', 'tunnel'];

/** 60 events over 20 days (three a day: ties broken by seq), fatalities 0–29, words spread unevenly */
function events() {
  return Array.from({ length: 60 }, (_, i) =>
    ev({
      doc: `r${i}`,
      event_date: `2024-05-${String(1 + (i % 20)).padStart(2, '0')}`,
      fatalities: (i * 7) % 30,
      admin1: i % 3 ? 'Idleb' : 'Aleppo',
      event_type: i % 4 ? 'Battles' : 'Protests',
      latitude: 35 + (i % 6) * 0.05,
      longitude: 36 + (i % 5) * 0.07,
      location: `Town${i}`,
      notes: `${WORDS[i % 5]} ${WORDS[(i * 3 + 1) % 5]} near Town${i}; ${i % 4 ? 'shelling' : 'sniper'} reported.`,
      evidence: [],
    }),
  );
}

/** every page of a listing, limit at a time: the ids in order and the cursors */
async function pages(store: Awaited<ReturnType<Engine['open']>>, f: EventFilter, limit: number) {
  const ids: string[] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | undefined;
  do {
    const p = await store.listEvents(f, { limit, cursor });
    ids.push(...p.events.map((e) => e.id));
    cursors.push(p.next_cursor);
    cursor = p.next_cursor ?? undefined;
  } while (cursor);
  return { ids, cursors };
}

const FILTERS: [string, EventFilter, (e: StoredEvent) => boolean][] = [
  ['min_fatalities', { min_fatalities: 20 }, (e) => e.fatalities >= 20],
  ['verified', { verified: true }, (e) => e.verified],
  ['max_credibility', { max_credibility: 6 }, (e) => e.credibility <= 6],
  ['q, many matches', { q: 'drone' }, (e) => /\bdrone\b/.test(e.notes)],
  ['q, two words', { q: 'drone market' }, (e) => /\bdrone\b/.test(e.notes) && /\bmarket\b/.test(e.notes)],
  ['q, one match', { q: 'Town17' }, (e) => e.location === 'Town17'],
  ['event_type + admin1', { event_type: 'Battles', admin1: 'Idleb' }, (e) => e.event_type === 'Battles' && e.admin1 === 'Idleb'],
  ['bbox', { bbox: [36.05, 35.04, 36.3, 35.22] }, (e) => e.longitude! >= 36.05 && e.longitude! <= 36.3 && e.latitude! >= 35.04 && e.latitude! <= 35.22],
  ['bbox + dates + min_fatalities', { bbox: [36, 35, 36.2, 35.3], from: '2024-05-04', to: '2024-05-17', min_fatalities: 3 },
    (e) => e.longitude! <= 36.2 && e.latitude! <= 35.3 && e.event_date! >= '2024-05-04' && e.event_date! <= '2024-05-17' && e.fatalities >= 3],
  ['q + min_fatalities + admin1 + dates', { q: 'shelling', min_fatalities: 5, admin1: 'Idleb', from: '2024-05-03', to: '2024-05-15' },
    (e) => /\bshelling\b/.test(e.notes) && e.fatalities >= 5 && e.admin1 === 'Idleb' && e.event_date! >= '2024-05-03' && e.event_date! <= '2024-05-15'],
];

for (const engine of all) {
  describe(`listing in date order on ${engine.name}`, { skip: engine.skip ?? undefined }, () => {
    for (const from of ['007_event_features', '008_listing_index']) {
      test(`a ${from.slice(0, 3)} database upgraded in place keeps its events, and every filter gives the same pages and cursors`, async () => {
        let store = await engine.open({ migrate: false });
        await store.migrate(from);
        const ids = await store.importEvents(events());
        await store.verify(ids[4], 'analyst');
        await store.verify(ids[33], 'analyst');
        await store.remove(ids[10], 'analyst'); // fatalities 10, 'drone': a deleted event is never listed
        const before = new Map<string, Awaited<ReturnType<typeof pages>>>();
        for (const [name, f] of FILTERS) for (const limit of [2, 7, 100]) before.set(`${name} ${limit}`, await pages(store, f, limit));
        await store.close();

        const { url, schema } = engine.last();
        store = (await openStore(url, { schema })) as typeof store;
        try {
          const indexes =
            engine.name === 'sqlite'
              ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'`.execute(store.db)).rows
              : (await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = ${schema} AND tablename = 'events'`.execute(store.db)).rows;
          const names = indexes.map((r) => r.name);
          for (const [now, was] of [['events_date_flags', 'events_date'], ['events_admin1_type', 'events_admin1_date'], ['events_type_admin1', 'events_type_date'], ['events_cell_point', 'events_cell_date']]) {
            assert.ok(names.includes(now), `the new index ${now} is there`);
            assert.ok(!names.includes(was), `the one it replaces, ${was}, is gone`);
          }

          const everything = (await store.listEvents({}, { limit: 1000 })).events;
          assert.equal(everything.length, 59, 'the live events are all there');
          for (const [name, f, keep] of FILTERS) {
            const expected = everything.filter(keep).map((e) => e.id);
            assert.ok(expected.length > 0, `${name}: the fixture has matches`);
            for (const limit of [2, 7, 100]) {
              const now = await pages(store, f, limit);
              assert.deepEqual(now, before.get(`${name} ${limit}`), `${name}, limit ${limit}: the same pages and cursors as before the upgrade`);
              assert.deepEqual(now.ids, expected, `${name}, limit ${limit}: the listing order, filtered`);
            }
          }
        } finally {
          await store.close();
        }
      });
    }

    test('listEventText is JSON.stringify of listEvents\' events, byte for byte, page by page', async () => {
      const store = await engine.open();
      try {
        const ids = await store.importEvents(
          events().map((e, i) => ({ ...e, evidence: i % 2 ? [{ start: 0, end: 5, text: e.notes.slice(0, 5) }] : [], notes: i === 3 ? 'a "quoted" \\ note\u2028 "evidence":0 é' : e.notes })),
        );
        await store.verify(ids[4], 'analyst');
        await store.edit(ids[5], { notes: 'edited: "corrections":0 {"x":1}', fatalities: 3 }, 'analyst');
        await store.remove(ids[10], 'analyst');
        for (const [name, f] of [...FILTERS, ['none', {}] as const])
          for (const limit of [1, 7, 100]) {
            let cursor: string | undefined;
            do {
              const page = cursor === undefined ? { limit } : { cursor, limit };
              const a = await store.listEvents(f, page);
              const b = await store.listEventText(f, page);
              assert.equal(b.text, a.events.map((e) => JSON.stringify(e)).join(','), `${name}, limit ${limit}`);
              assert.equal(b.count, a.events.length);
              assert.equal(b.next_cursor, a.next_cursor);
              cursor = a.next_cursor ?? undefined;
            } while (cursor);
          }
        const edited = (await store.listEventText({}, { limit: 100 })).text;
        assert.match(edited, /"corrections":\{"notes":"edited: /, 'the corrections are in the text');
      } finally {
        await store.close();
      }
    });

    test('text search: read in date order when its matches are many, from its matches when few; the same pages either way', async () => {
      const store = await engine.open();
      try {
        await store.importEvents(events());
        const everything = (await store.listEvents({}, { limit: 1000 })).events;
        if (engine.name === 'sqlite') {
          assert.equal(await store.adapter.textInOrder(store.db, 'drone', 2), true, '24 matches for pages of 2: in date order');
          assert.equal(await store.adapter.textInOrder(store.db, 'Town17', 2), false, 'one match: from the text index');
          assert.equal(await store.adapter.textInOrder(store.db, 'drone', 1000), false, 'a page that takes every match: from the text index');
        }
        assert.deepEqual((await pages(store, { q: 'drone drone' }, 3)).ids, (await pages(store, { q: 'drone' }, 3)).ids, 'a word twice finds what it finds once');
        for (const q of ['drone', 'Town17', 'sniper reported', 'nothing']) {
          const expected = everything.filter((e) => q.split(' ').every((w) => new RegExp(`\\b${w}\\b`, 'i').test(e.notes))).map((e) => e.id);
          for (const limit of [1, 2, 5, 1000]) assert.deepEqual((await pages(store, { q }, limit)).ids, expected, `q ${q}, limit ${limit}`);
        }
      } finally {
        await store.close();
      }
    });
  });
}
