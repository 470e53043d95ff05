// An article's background ("Last week, Russian strikes on the market of Ariha killed 13 civilians") is coded
// as an event the article recalls: it merges with the event it recalls (more evidence), but the article is
// not among the reports that event rests on (docs, sources_count), so two stories are not joined through it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from '../../src/pipeline/extract.js';
import { openStore } from '../../src/store/index.js';
import { ingestOne } from '../../src/ingest/index.js';

const ARIHA = {
  id: 'ariha-sohr',
  source: 'SOHR',
  published: '2020-01-15',
  title: 'Russian warplanes strike Ariha market',
  text: 'Idlib province: Russian warplanes struck the crowded market of Ariha city in the southern countryside of Idlib today, killing 12 civilians, including three children, and injuring more than 30 others, SOHR activists reported. Civil Defence teams worked for hours to pull the wounded from the rubble of the shops.',
};
const SARMADA = {
  id: 'sarmada-afp',
  source: 'AFP',
  published: '2020-01-22',
  title: 'Drone strike kills jihadist commander near Sarmada',
  text: 'Beirut (AFP) - A drone strike on a car near the town of Sarmada in the northern countryside of Idlib killed a commander of the Hurras al-Din group on Wednesday, the Syrian Observatory for Human Rights said. The car was hit by two missiles on the road to the Bab al-Hawa crossing. Last week, Russian air strikes on the market of Ariha killed 12 civilians, according to the Observatory.',
};
const BAB = {
  id: 'bab-npa',
  source: 'North Press',
  published: '2020-01-23',
  title: 'Motorcycle bomb wounds three in al-Bab',
  text: 'ALEPPO, Syria (North Press) - Three people were injured on Thursday when a bomb planted on a motorcycle exploded near the vegetable market in the city of al-Bab, east of Aleppo, a local source told North Press. Last week, Russian air strikes on the market of Ariha killed 12 civilians.',
};

test('the extractor marks the event an article recalls, and not its own event', () => {
  const { events } = extract({ ...SARMADA });
  const own = events.find((e) => e.location.includes('Sarmada'));
  const ariha = events.find((e) => e.location === 'Ariha');
  assert.ok(own && !own.recalled, 'the drone strike is the article\'s own event');
  assert.ok(ariha?.recalled, 'the Ariha strike is recalled');
  assert.equal(extract({ ...ARIHA }).events.some((e) => e.recalled), false, 'an article about the strike does not recall it');
});

const tmp = mkdtempSync(join(tmpdir(), 'sitrep-recalled-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a report that recalls an event adds its evidence to it, but the event rests on the report that tells it', async () => {
  const store = await openStore(join(tmp, 'recalled.db'));
  try {
    for (const r of [SARMADA, ARIHA, BAB]) await ingestOne(store, r, r.id);
    const { events } = await store.listEvents({}, { limit: 100 });
    const ariha = events.filter((e) => e.location === 'Ariha');
    assert.equal(ariha.length, 1, 'one Ariha strike');
    assert.deepEqual(ariha[0].docs, ['ariha-sohr'], 'it rests on the report that tells it');
    assert.equal(ariha[0].sources_count, 1);
    const full = await store.getEvent(ariha[0].id);
    assert.deepEqual(full!.sources.map((s) => s.report_id).sort(), ['ariha-sohr', 'bab-npa', 'sarmada-afp'], 'every account is kept');
    assert.ok(full!.sources.find((s) => s.report_id === 'bab-npa')!.event.recalled, 'the recalling account says so');
    // no event rests on two of these three reports: they tell three stories
    for (const e of events) assert.equal(e.docs.length, 1, `${e.location}: ${e.docs.join(', ')}`);
  } finally {
    await store.close();
  }
});

test('an event that two reports only recall rests on the first of them', async () => {
  const store = await openStore(join(tmp, 'recalled-only.db'));
  try {
    for (const r of [SARMADA, BAB]) await ingestOne(store, r, r.id);
    const { events } = await store.listEvents({}, { limit: 100 });
    const ariha = events.filter((e) => e.location === 'Ariha');
    assert.equal(ariha.length, 1, 'the two recollections are one event');
    assert.deepEqual(ariha[0].docs, ['sarmada-afp']);
    assert.equal((await store.getEvent(ariha[0].id))!.sources.length, 2);
  } finally {
    await store.close();
  }
});
