import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/index.js';

// Common news phrasings of a report's lead event: the event is found, and placed where its own clause puts it.
const PUB = '2019-06-02';
const only = (text: string) => {
  const { events } = extract({ id: 'lead', text, published: PUB, source: 'Test' });
  assert.equal(events.length, 1, `one event from: ${text}\n${JSON.stringify(events.map((e) => [e.sub_event_type, e.location]))}`);
  return events[0];
};

test('a dateline region ("Idlib: ...") does not beat the town named in the event clause', () => {
  const e = only('Idlib: Russian warplanes carried out several air strikes on Ariha town in the southern countryside of Idlib on Sunday, killing four civilians.');
  assert.equal(e.sub_event_type, 'Air/drone strike');
  assert.equal(e.location, 'Ariha');
  assert.equal(e.geo_precision, 1);
});

test('a wire-style dateline ("DARAA, Syria (Reuters) - ...") is not the event place either', () => {
  const e = only('DARAA, Syria (Reuters) - Government forces shelled the town of Busra al-Harir on Tuesday, killing four people, residents said.');
  assert.equal(e.sub_event_type, 'Shelling/artillery/missile attack');
  assert.match(e.location, /^Busra al Harir/);
});

test('a dateline alone still places the event', () => {
  const e = only('Idlib: Clashes broke out between HTS and Ahrar al-Sham on Sunday.');
  assert.equal(e.sub_event_type, 'Armed clash');
  assert.equal(e.location, 'Idlib');
});

test('"killed when a drone targeted a car": an air strike even with no named attacker', () => {
  const e = only('Two civilians were killed on Sunday when a drone targeted a car near Atarib town in the western countryside of Aleppo.');
  assert.equal(e.sub_event_type, 'Air/drone strike');
  assert.equal(e.actor2, 'Civilians (Syria)');
  assert.equal(e.fatalities, 2);
});

test('"restored security and stability to X": the army regains the town', () => {
  const e = only('Units of the Syrian army restored security and stability to Tal Rifaat town in the northern countryside of Aleppo on Thursday.');
  assert.equal(e.sub_event_type, 'Government regains territory');
  assert.equal(e.actor1, 'Military Forces of Syria (2000-2024)');
  assert.equal(e.event_date, '2019-05-30');
});

test('a titled news brief is an article: two strikes in two towns stay two events', () => {
  const text = 'Russian warplanes carried out air strikes on Ariha town in the southern countryside of Idlib on Sunday, killing four civilians. Meanwhile, regime forces shelled the city of Jisr al-Shughur with rockets, killing two civilians.';
  const titled = extract({ id: 'brief', text, title: 'Strikes on Ariha and Jisr al-Shughur', published: PUB, source: 'Test' }).events;
  assert.deepEqual(titled.map((e) => e.sub_event_type).sort(), ['Air/drone strike', 'Shelling/artillery/missile attack']);
  const places = titled.map((e) => e.location).sort();
  assert.equal(places[0], 'Ariha');
  assert.match(places[1], /^Jisr/);
  // the same paragraph with no title is an ACLED-style note, which codes one event
  assert.equal(extract({ id: 'note', text, published: PUB, source: 'Test' }).events.length, 1);
});

test('"shells fired by regime forces", "a bomb dropped by warplanes": the one who used the weapon acts', () => {
  const shelled = only('Three civilians were killed on Sunday by artillery shells fired by regime forces at the town of Ariha in the southern countryside of Idlib.');
  assert.equal(shelled.sub_event_type, 'Shelling/artillery/missile attack');
  assert.equal(shelled.actor1, 'Military Forces of Syria (2000-2024)');
  assert.equal(shelled.actor2, 'Civilians (Syria)');
  const dud = only('A child was killed in Ariha following the explosion of an unexploded bomb dropped by Russian and/or regime warplanes.');
  assert.equal(dud.actor1, 'Allied Syrian and/or Russian Forces');
  assert.equal(dud.actor2, 'Civilians (Syria)');
});

test('an agency dateline ("Idlib (Enab Baladi) – ", "Idleb, SANA- ") gives way to the town of the event, and its credit is no place', () => {
  const text = 'Idlib (Enab Baladi) – Three children were killed on Tuesday in an air strike by regime warplanes on the town of Ariha, in the southern countryside of Idlib.\n\nThe Civil Defence said its teams were still searching the rubble.';
  const { events } = extract({ id: 'credit', text, title: 'Strike kills children in Ariha', published: PUB, source: 'Enab Baladi' });
  const strike = events.find((e) => e.sub_event_type === 'Air/drone strike');
  assert.ok(strike, JSON.stringify(events.map((e) => e.sub_event_type)));
  assert.equal(strike.location, 'Ariha');
  const sana = extract({ id: 'sana', text: 'Idleb, SANA- Army units on Tuesday targeted with artillery the positions of terrorists in Ariha town in the southern countryside of Idleb.', title: 'Army targets terrorists', published: PUB, source: 'SANA' }).events;
  assert.equal(sana[0]?.location, 'Ariha');
});

test('"air strikes by A and B killed civilians": both named after "by" act, the civilians are hit', () => {
  const e = only('Air strikes by regime forces and Russian warplanes killed at least 12 civilians in the town of Ariha on Tuesday, a war monitor said.');
  assert.equal(e.sub_event_type, 'Air/drone strike');
  assert.equal(e.actor2, 'Civilians (Syria)');
  assert.notEqual(e.actor1, 'Civilians (Syria)');
  assert.notEqual(e.assoc_actor_2, 'Military Forces of Russia (2000-)');
});

test('a Reuters-style article: the lead strike is the one event; "an offensive that has killed hundreds" is background', () => {
  const text = `BEIRUT (Reuters) - Air strikes by Syrian government and Russian warplanes killed at least 12 civilians in the town of Ariha in northwestern Syria on Tuesday, a war monitor said.

The violence has escalated since April, when the army launched an offensive that has killed hundreds.`;
  const { events } = extract({ id: 'wire', text, title: 'Air strikes kill 12 in Ariha, monitor says', published: PUB, source: 'Reuters' });
  assert.equal(events.length, 1, JSON.stringify(events.map((e) => [e.sub_event_type, e.location])));
  assert.equal(events[0].location, 'Ariha');
  assert.equal(events[0].actor1, 'Allied Syrian and/or Russian Forces');
  assert.equal(events[0].fatalities, 12);
});

test('rescuers "pulled the bodies of the children from the rubble" tells the strike already reported, not a new killing', () => {
  const text = 'Three children were killed on Tuesday in an air strike by regime warplanes on the town of Ariha.\n\nThe Civil Defence said that its teams pulled the bodies of the children from under the rubble.';
  const { events } = extract({ id: 'bodies', text, title: 'Strike kills children in Ariha', published: PUB, source: 'Test' });
  assert.deepEqual(events.map((e) => e.sub_event_type), ['Air/drone strike']);
});

test('"A Russian/Israeli/Turkish/coalition air strike on X": the adjective names who struck', () => {
  const want: [string, string][] = [
    ['A Russian air strike', 'Military Forces of Russia (2000-)'],
    ['An Israeli air strike', 'Military Forces of Israel (1948-)'],
    ['A Turkish airstrike', 'Military Forces of Turkey (2016-)'],
    ['A coalition air strike', 'Global Coalition Against Daesh'],
  ];
  for (const [lead, actor] of want) {
    const e = only(`${lead} on a market in Ariha killed five people on Monday.`);
    assert.equal(e.sub_event_type, 'Air/drone strike');
    assert.equal(e.actor1, actor, lead);
  }
});

test('datelines with a date or country ("Idlib, May 6 (SANA) – ", "IDLIB, Syria, June 3 (AP) — ") are not the event place', () => {
  for (const dateline of ['Idlib, May 6 (SANA) – ', 'IDLIB, Syria, June 3 (AP) — ', 'Idlib province: ']) {
    const e = only(`${dateline}Russian warplanes carried out air strikes on Ariha town in the southern countryside of Idlib on Sunday, killing four civilians.`);
    assert.equal(e.location, 'Ariha', dateline);
  }
});

test('"Regime and Russian jets pounded X": pounding from the air is an air strike', () => {
  const e = only('Regime and Russian jets pounded Ariha on Monday.');
  assert.equal(e.sub_event_type, 'Air/drone strike');
  assert.equal(e.location, 'Ariha');
  assert.equal(e.event_date, '2019-05-27'); // the Monday before the report's Sunday
});

test('"the death toll from Monday\'s air strike on X has risen to 12": that strike, that day, 12 dead', () => {
  const e = only("The death toll from Monday's air strike on Ariha has risen to 12, rescuers said.");
  assert.equal(e.sub_event_type, 'Air/drone strike');
  assert.equal(e.event_date, '2019-05-27');
  assert.equal(e.fatalities, 12);
});
