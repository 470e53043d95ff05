// The seed reports (samples/seeds) with their hand-coded events (samples/seeds.gold.jsonl) as if
// extracted: stored, merged, searched and exported on every engine.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SitrepEvent } from '../../src/model/index.js';
import { engines, ev } from './engines.js';

const root = join(import.meta.dirname, '../..');
const seedDir = join(root, 'samples/seeds');
const files = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
const gold = readFileSync(join(root, 'samples/seeds.gold.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, unknown>);

/** a gold line as an extracted event: first of any "A|B" alternatives, evidence from its quote */
function asEvent(g: Record<string, unknown>, text: string): SitrepEvent {
  const first = (v: unknown) => (typeof v === 'string' ? v.split('|')[0] : v);
  const fields = Object.fromEntries(Object.entries(g).filter(([k]) => !['quote', 'optional'].includes(k)).map(([k, v]) => [k, first(v)]));
  const quote = String(g.quote ?? '').split(' ... ')[0];
  const at = quote ? text.indexOf(quote) : -1;
  return ev({
    assoc_actor_1: '', assoc_actor_2: '', actor2: '', admin2: '', notes: quote.slice(0, 200), source: '', injured: null, arrested: null,
    ...fields,
    evidence: at >= 0 ? [{ start: at, end: at + quote.length, text: quote }] : [],
  } as Partial<SitrepEvent>);
}

const all = await engines();
after(async () => {
  for (const e of all) await e.cleanup();
});

for (const engine of all) {
  describe(`seed reports on ${engine.name}`, { skip: engine.skip ?? undefined }, () => {
    test('every coded event is kept once, with its evidence, and found again by text, place and type', async () => {
      const store = await engine.open();
      try {
        for (const f of files) {
          const text = readFileSync(join(seedDir, f), 'utf8');
          const events = gold.filter((g) => g.doc === f).map((g) => asEvent(g, text));
          const outlet = text.split('\n')[0].trim() || 'unknown';
          const doc = { id: f, url: null, text, title: null, outlets: [outlet], published: null, language: 'en' };
          const r = await store.putReport(doc, text, events, 'gold');
          assert.deepEqual(r, { report_id: f, status: 'new', events: events.length });
          assert.equal((await store.putReport(doc, text, events, 'gold')).status, 'unchanged');
          assert.equal((await store.getReport(f))?.clean_text, text);
        }
        const { events } = await store.listEvents({}, { limit: 1000 });
        const docs = events.flatMap((e) => e.docs);
        const accounts = (await Promise.all(events.map((e) => store.getEvent(e.id)))).flatMap((e) => e!.sources);
        assert.equal(accounts.length, gold.length, 'every coded event is one account');
        assert.equal(new Set(docs).size, files.length, 'every report is in the store');
        for (const s of accounts)
          for (const span of s.evidence) {
            const text = readFileSync(join(seedDir, s.report_id), 'utf8');
            assert.equal(text.slice(span.start, span.end), span.text);
          }
        const turkman = await store.listEvents({ q: 'Turkman' });
        assert.ok(turkman.events.length >= 1);
        assert.ok(turkman.events.every((e) => /turk/i.test(e.location + e.notes)));
        const byType = await store.countEvents({}, 'event_type');
        assert.equal(byType.reduce((n, r) => n + r.count, 0), events.length);
        const lattakia = await store.listEvents({ admin1: 'Lattakia' });
        assert.ok(lattakia.events.length >= 1 && lattakia.events.every((e) => e.admin1 === 'Lattakia'));
      } finally {
        await store.close();
      }
    });
  });
}
