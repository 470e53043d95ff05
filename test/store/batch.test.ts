// putReports: many reports in one transaction give exactly what putReport one at a time gives
// (merging within and across batches, idempotence, re-extraction keeping ids and corrections).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SitrepEvent } from '../../src/model/index.js';
import type { KyselyStore, PutReportItem } from '../../src/store/store.js';
import { openStore } from '../../src/store/index.js';
import { doc, engines, ev } from './engines.js';

const PLACES = [
  { location: 'Kafr Nabl', admin1: 'Idleb', admin2: 'Ariha', latitude: 35.6136, longitude: 36.5617 },
  { location: 'Saraqib', admin1: 'Idleb', admin2: 'Idleb', latitude: 35.8643, longitude: 36.8055 },
  { location: 'Talbiseh', admin1: 'Homs', admin2: 'Ar-Rastan', latitude: 34.8364, longitude: 36.7306 },
  { location: 'Jisr Ash-Shugur', admin1: 'Idleb', admin2: 'Jisr Ash-Shugur', latitude: 35.8128, longitude: 36.3181 },
];
const OUTLETS = ['SOHR', 'Enab Baladi', 'SANA'];

/** 30 reports: 10 incidents, each told by up to three outlets, some with a second event */
function reports(): PutReportItem[] {
  const out: PutReportItem[] = [];
  for (let i = 0; i < 10; i++) {
    const place = PLACES[i % PLACES.length];
    const day = `2023-07-${String(1 + i * 2).padStart(2, '0')}`;
    for (let k = 0; k < 3 - (i % 2); k++) {
      const id = `i${i}-${OUTLETS[k]}`;
      const events: SitrepEvent[] = [ev({ doc: id, ...place, event_date: day, fatalities: i + k, source: OUTLETS[k], notes: `Clash in ${place.location}, report ${k}.` })];
      if (i % 3 === 0)
        events.push(ev({
          doc: id, ...place, event_date: day, event_type: 'Explosions/Remote violence', sub_event_type: 'Shelling/artillery/missile attack',
          actor1: 'Military Forces of Syria (2000-2024)', actor2: '', inter1: 1, inter2: null, interaction: 10, source: OUTLETS[k], notes: `Shelling on ${place.location}.`,
        }));
      const text = events.map((e) => e.notes).join(' ');
      out.push({ doc: doc(id, text, OUTLETS[k]), raw: text, events, engineVersion: 'e1' });
    }
  }
  return out;
}

/** what a user sees of the stored events, without ids and timestamps */
async function picture(store: KyselyStore) {
  const { events } = await store.listEvents({}, { limit: 1000 });
  return events
    .map((e) => ({
      docs: e.docs, event_type: e.event_type, event_date: e.event_date, location: e.location, fatalities: e.fatalities,
      sources_count: e.sources_count, credibility: e.credibility, merge_reason: e.merge_reason, actor1: e.actor1, notes: e.notes,
    }))
    .sort((a, b) => a.docs.join().localeCompare(b.docs.join()) || a.event_type.localeCompare(b.event_type));
}

const all = await engines();
after(async () => {
  for (const e of all) await e.cleanup();
});

for (const engine of all) {
  describe(`putReports on ${engine.name}`, { skip: engine.skip ?? undefined }, () => {
    test('batches store and merge exactly as one report at a time; a second run changes nothing', async () => {
      const one = await engine.open();
      const many = await engine.open();
      try {
        const items = reports();
        for (const it of items) await one.putReport(it.doc, it.raw, it.events, it.engineVersion);
        const results: Awaited<ReturnType<KyselyStore['putReports']>> = [];
        for (let i = 0; i < items.length; i += 7) results.push(...(await many.putReports(items.slice(i, i + 7))));
        assert.deepEqual(results.map((r) => r.status), items.map(() => 'new'));
        assert.deepEqual(results.map((r) => r.events), items.map((it) => it.events.length));
        const expected = await picture(one);
        assert.ok(expected.some((e) => e.sources_count === 3), 'some incidents are merged across three reports');
        assert.deepEqual(await picture(many), expected);
        const again = await many.putReports(items);
        assert.deepEqual(again.map((r) => r.status), items.map(() => 'unchanged'));
        assert.deepEqual(await picture(many), expected);
        assert.deepEqual(await many.putReports([]), []);
      } finally {
        await one.close();
        await many.close();
      }
    });

    test('what a batch read is carried to the next one only while no one else writes: other connections and analysts are seen', async () => {
      const ref = await engine.open();
      const a = await engine.open();
      const { url, schema } = engine.last();
      const b = (await openStore(url, { schema })) as KyselyStore; // a second connection to a's database
      try {
        const items = reports();
        const told = (k: number) => items.filter((it) => it.doc.id.endsWith(`-${OUTLETS[k]}`));
        const battleOf = async (s: KyselyStore, report: string) =>
          (await s.listEvents({}, { limit: 1000 })).events.find((e) => e.docs.includes(report) && e.event_type === 'Battles')!.id;
        // a: the first outlet's reports; b (another connection): the second's, which merge into a's events
        await a.putReports(told(0));
        await b.putReports(told(1));
        await ref.putReports(told(0));
        await ref.putReports(told(1));
        // an analyst removes one event through b, and corrects another through a itself
        await b.remove(await battleOf(a, 'i0-SOHR'), 'ana');
        await ref.remove(await battleOf(ref, 'i0-SOHR'), 'ana');
        await a.edit(await battleOf(a, 'i2-SOHR'), { fatalities: 42 }, 'ana');
        await ref.edit(await battleOf(ref, 'i2-SOHR'), { fatalities: 42 }, 'ana');
        // then a stores the third outlet's reports in two batches
        const third = told(2);
        for (const part of [third.slice(0, 2), third.slice(2)]) {
          await a.putReports(part);
          await ref.putReports(part);
        }
        const expected = await picture(ref);
        assert.deepEqual(await picture(a), expected);
        assert.ok(
          !expected.some((e) => e.event_type === 'Battles' && e.docs.includes('i0-SANA') && e.docs.includes('i0-SOHR')),
          'no report merges into the removed event',
        );
        const corrected = (await a.listEvents({}, { limit: 1000 })).events.find((e) => e.docs.includes('i2-SANA') && e.event_type === 'Battles');
        assert.deepEqual([corrected?.docs.includes('i2-SOHR'), corrected?.fatalities], [true, 42], 'the correction made between batches stays');
      } finally {
        await ref.close();
        await a.close();
        await b.close();
      }
    });

    test('re-extraction in a batch keeps event ids and corrections; a bad item rolls the batch back', async () => {
      const store = await engine.open();
      try {
        const items = reports().slice(0, 6);
        await store.putReports(items);
        const target = (await store.listEvents({ q: 'Kafr Nabl' })).events.find((e) => e.event_type === 'Battles')!;
        await store.edit(target.id, { fatalities: 42 }, 'ana');
        const changed = items.map((it) => ({ ...it, raw: `${it.raw} (updated)`, events: it.events.map((e) => ({ ...e, notes: `${e.notes} Updated.` })) }));
        const res = await store.putReports(changed);
        assert.deepEqual(res.map((r) => r.status), items.map(() => 'updated'));
        const after = await store.getEvent(target.id);
        assert.equal(after?.deleted, false);
        assert.equal(after?.fatalities, 42, "the analyst's correction stays");
        assert.ok(after!.sources.length >= 2 && after!.sources.every((x) => x.event.notes.endsWith('Updated.')), 'the re-extracted accounts replaced the old ones');

        const before = await picture(store);
        const extra = reports().slice(6, 8);
        await assert.rejects(store.putReports([...extra, { ...extra[0], doc: { ...extra[0].doc, id: '' } }]), /no id/);
        assert.deepEqual(await picture(store), before, 'nothing of the failed batch was written');
      } finally {
        await store.close();
      }
    });
  });
}
