import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/index.js';

type Want = Partial<Record<'event_type' | 'sub_event_type' | 'actor1' | 'actor2' | 'assoc_actor_2' | 'time_precision' | 'event_date' | 'fatalities' | 'arrested' | 'injured' | 'civilian_targeting', unknown>>;

const PUB = '2018-04-02';
// [report text, the one event expected]
const TABLE: [string, Want][] = [
  ['Regime forces shelled the town of Tamanaah in southern Idleb, damaging buildings. No fatalities reported.',
    { event_type: 'Explosions/Remote violence', sub_event_type: 'Shelling/artillery/missile attack', actor1: 'Military Forces of Syria (2000-2024)', fatalities: 0, event_date: PUB }],
  ['Warplanes, likely regime and/or Russian, bombed the town of Orm Eljoz in central Idleb, killing one woman and wounding several civilians.',
    { sub_event_type: 'Air/drone strike', actor1: 'Allied Syrian and/or Russian Forces', actor2: 'Civilians (Syria)', fatalities: 1, injured: 1, civilian_targeting: 'Civilian targeting' }],
  ['HTS fighters clashed with JTS members from AAS and Suqour al-Sham in the town of Talamnas in southern Idleb.',
    { event_type: 'Battles', sub_event_type: 'Armed clash', actor1: 'HTS: Hayat Tahrir al-Sham', actor2: 'JTS: Syria Liberation Front' }],
  ['Unidentified gunmen shot dead a young man in the Ibbin area, in the countryside of Idleb.',
    { event_type: 'Violence against civilians', sub_event_type: 'Attack', actor1: 'Unidentified Armed Group (Syria)', actor2: 'Civilians (Syria)', fatalities: 1 }],
  ['An IED exploded near Atareb, killing one person and wounding several others.',
    { sub_event_type: 'Remote explosive/landmine/IED', actor1: 'Unidentified Armed Group (Syria)', fatalities: 1 }],
  ['HTS took control of Kafrsajna village in the Idleb countryside after clashes with Ahrar Al Sham and Suquor al-Sham. There were no reported casualties.',
    { event_type: 'Battles', sub_event_type: 'Non-state actor overtakes territory', actor1: 'HTS: Hayat Tahrir al-Sham', fatalities: 0 }],
  ['Two civilians and three Islamist faction fighters were killed when a regime ground-to-ground missile hit an area north of Aleppo city.',
    { event_type: 'Explosions/Remote violence', actor1: 'Military Forces of Syria (2000-2024)', fatalities: 5 }],
  ['Islamist faction fighters shelled a camp in the Jurin area which caused regime casualties. Unknown number of fatalities coded to 10.',
    { event_type: 'Explosions/Remote violence', fatalities: 10 }],
  ['Looting: Olive Branch faction fighters continued looting civilian property in the Afrin area.',
    { event_type: 'Strategic developments', sub_event_type: 'Looting/property destruction', actor1: 'Operation Olive Branch' }],
  ['Syrian helicopters dropped a number of barrel bombs on the village of Nqeir in the Idleb countryside. There were no reported casualties.',
    { sub_event_type: 'Air/drone strike', actor1: 'Military Forces of Syria (2000-2024) Syrian Arab Air Force' }],
  ['Shells fell on the Hamadaniyah neighbourhood of Aleppo city. There were no reported casualties.',
    { sub_event_type: 'Shelling/artillery/missile attack', actor1: 'Unidentified Armed Group (Syria)' }],
  // coalition membership on the day: Ahrar al-Sham and Suqour al-Sham fought as JTS in April 2018
  ['HTS took control of Heish village in the Idleb countryside after clashes with Ahrar Al Sham and Suquor al-Sham.',
    { sub_event_type: 'Non-state actor overtakes territory', actor2: 'JTS: Syria Liberation Front', assoc_actor_2: 'AAS: Ahrar al-Sham; Suqour al-Sham' }],
  ['A booby-trapped motorbike exploded in the town of Ghandorah in northwest Aleppo, injuring people. No fatalities reported.',
    { sub_event_type: 'Remote explosive/landmine/IED', actor1: 'Unidentified Armed Group (Syria)', actor2: 'Civilians (Syria)', fatalities: 0 }],
  ['The Syrian helicopters dropped barrel bombs on Maaret Harma village, which led to the killing of 4 civilians. Conflicting sources say that 5 civilians were killed.',
    { fatalities: 4 }],
];

test('a short note with several sentences codes one event, as ACLED does', () => {
  const text = 'Regime and/or Russian warplanes launched airstrikes on Qubbat al Kurdi in Hama. In addition, clashes took place between regime forces and rebel factions in the area. Opposition rebels managed to gain control of a number of checkpoints in the area.';
  const { events } = extract({ id: 'n', text, published: PUB });
  assert.equal(events.length, 1);
  assert.equal(events[0].sub_event_type, 'Non-state actor overtakes territory');
});

test('one ACLED-style note codes one event with ACLED conventions', () => {
  for (const [text, want] of TABLE) {
    const { events } = extract({ id: 'n', text, published: PUB });
    assert.equal(events.length, 1, `${text}\n→ ${events.length} events`);
    const e = events[0] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) assert.equal(e[k], v, `${k} of: ${text}`);
  }
});

// general reports, not ACLED notes: [text, the one event expected]
const GENERAL: [string, Want][] = [
  ['Turkish drones struck a vehicle belonging to the SDF near Qamishli on Tuesday, killing three fighters, the SOHR reported.',
    { sub_event_type: 'Air/drone strike', actor1: 'Military Forces of Turkey (2016-)', actor2: 'SDF: Syrian Democratic Forces', fatalities: 3, event_date: '2022-05-10' }],
  ['Unknown gunmen kidnapped a doctor in Daraa countryside on Sunday.',
    { sub_event_type: 'Abduction/forced disappearance', actor1: 'Unidentified Armed Group (Syria)', actor2: 'Civilians (Syria)', event_date: '2022-05-08' }],
  ['Dozens of people protested in Sweida city on Friday demanding the fall of the regime.',
    { event_type: 'Protests', sub_event_type: 'Peaceful protest', actor1: 'Protesters (Syria)', actor2: '' }],
  ['Regime forces arrested 12 young men in a raid campaign in Douma yesterday.',
    { sub_event_type: 'Arrests', actor1: 'Military Forces of Syria (2000-2024)', arrested: 12, event_date: '2022-05-12' }],
  ['HTS fighters repelled an attempt by regime forces to advance on the Kabani axis, killing 5 soldiers.',
    { sub_event_type: 'Armed clash', actor1: 'HTS: Hayat Tahrir al-Sham', actor2: 'Military Forces of Syria (2000-2024)', fatalities: 5 }],
  ['A landmine left over from the war killed a shepherd near Palmyra.',
    { sub_event_type: 'Remote explosive/landmine/IED', actor1: 'Unidentified Armed Group (Syria)', fatalities: 1 }],
  ['The SNA and HTS reached an agreement to hand over the checkpoints of Afrin, sources said.',
    { sub_event_type: 'Agreement', actor1: 'SNA: Syrian National Army', actor2: 'HTS: Hayat Tahrir al-Sham' }],
  ['A suicide bomber blew himself up at a checkpoint of the Turkish-backed factions in al-Bab, killing 4 people.',
    { sub_event_type: 'Suicide bomb', actor1: 'Unidentified Armed Group (Syria)', fatalities: 4 }],
];

// ACLED notes of later years: "On 9 May 2022" is a month, not a modal; "March" is no protest march
const LATER: [string, Want][] = [
  ['On 9 May 2022, ISIS militants attacked an SDF checkpoint in Thiban (Deir-ez-Zor), killing 2 SDF members. 1 ISIS militant was also killed.',
    { event_type: 'Battles', actor1: 'Islamic State (Syria)', actor2: 'SDF: Syrian Democratic Forces', fatalities: 3, event_date: '2022-05-09' }],
  ['On 12 March 2021, SAA shelled Kafr Nouran (Aleppo). No casualties reported.',
    { sub_event_type: 'Shelling/artillery/missile attack', actor1: 'Military Forces of Syria (2000-2024)', event_date: '2021-03-12', fatalities: 0 }],
  ['Around 20 August 2022 (month of), Russian warplanes carried out several airstrikes on the outskirts of Maaret Misrin (Idleb). No fatalities.',
    { sub_event_type: 'Air/drone strike', actor1: 'Military Forces of Russia (2000-)', time_precision: 3 }],
];

test('later ACLED notes: month names, "(month of)"', () => {
  for (const [text, want] of LATER) {
    const { events } = extract({ id: 'l', text, published: '2022-09-01' });
    assert.equal(events.length, 1, text);
    const e = events[0] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) assert.equal(e[k], v, `${k} of: ${text}`);
  }
});

test('general reports: actors, roles, counts and relative dates', () => {
  for (const [text, want] of GENERAL) {
    const { events } = extract({ id: 'g', text, published: '2022-05-13' });
    assert.equal(events.length, 1, `${text}\n→ ${events.length} events`);
    const e = events[0] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) assert.equal(e[k], v, `${k} of: ${text}`);
  }
});

test('every event carries evidence spans that are exact offsets into the cleaned text', () => {
  // two paragraphs: an article, not a one-event ACLED note
  const text = 'Yesterday, SOHR activists reported that HTS fighters captured Abu Aref hill in Jabal al-Turkman.\nRegime forces shelled Kabani, killing two civilians.';
  const { document, events } = extract({ id: 'e', text, published: '2018-08-25' });
  assert.ok(events.length >= 2);
  for (const e of events) {
    assert.ok(e.evidence.length > 0);
    for (const s of e.evidence) assert.equal(document.text.slice(s.start, s.end), s.text);
    assert.ok(e.confidence > 0 && e.confidence <= 1);
  }
  const capture = events.find((e) => e.sub_event_type === 'Non-state actor overtakes territory');
  assert.equal(capture?.event_date, '2018-08-24');
  assert.match(capture?.source ?? '', /SOHR/);
});

test('relative dates resolve against the report date; a day earlier counts back from the last date', () => {
  const text = 'Yesterday, HTS fighters captured Abu Aref hill in Jabal al-Turkman.\nA day earlier, an agreement had been reached between HTS on one hand, and Jund al-Sham on the other hand, after mediation by the Turkistan Islamic Party.';
  const { events } = extract({ id: 'd', text, published: '2018-08-25' });
  const agreement = events.find((e) => e.sub_event_type === 'Agreement');
  assert.equal(agreement?.event_date, '2018-08-23');
  assert.equal(agreement?.actor1, 'HTS: Hayat Tahrir al-Sham');
  assert.equal(agreement?.actor2, 'Jund al-Sham');
  assert.equal(agreement?.assoc_actor_2, 'TIP: Turkistan Islamic Party');
});

test('a year-only background event has time_precision 3', () => {
  const { events } = extract({ id: 'y', text: 'In 2019, the Syrian army clashed with HTS for several days at the Kabanah axis.', published: '2023-07-08' });
  assert.equal(events.length, 1);
  assert.equal(events[0].time_precision, 3);
  assert.equal(events[0].event_date?.slice(0, 4), '2019');
});

test('documents not in English give no events', () => {
  const { document, events } = extract({ id: 'ar', text: 'قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم مما أدى إلى مقتل مدنيين اثنين وإصابة آخرين بجروح.', published: PUB });
  assert.notEqual(document.language, 'en');
  assert.deepEqual(events, []);
});

test('an event on the Turkish border that names only Idleb is coded at its crossing (data/places/borders.tsv)', () => {
  const { events } = extract({ id: 'border', text: 'Turkish border gendarmes shot dead a young man who was trying to cross into Turkey from Idleb at night.', published: PUB });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.admin1, 'Idleb');
  assert.match(String(events[0]!.location), /Bab al-Hawa/);
  // no border in the sentence: the province stays as it was
  const plain = extract({ id: 'plain', text: 'Unidentified gunmen shot dead a young man in Idleb at night.', published: PUB }).events;
  assert.doesNotMatch(String(plain[0]?.location), /Bab al-Hawa/);
});

test('a note\'s bare "Clashes continue." does not turn its air strike into a battle', () => {
  for (const text of [
    'Regime helicopters dropped barrel bombs on Kafr Nabl in southern Idlib on Monday, killing two civilians. Clashes continue.',
    'Regime helicopters dropped barrel bombs on Kafr Nabl in southern Idlib on Monday, killing two civilians. Clashes continue on the Hama front.',
  ]) {
    const { events } = extract({ id: 'fold', text, published: PUB });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.sub_event_type, 'Air/drone strike', text);
    assert.equal(events[0]!.location, 'Kafr Nabl');
    assert.equal(events[0]!.fatalities, 2);
  }
});

test('a note that names no place but where people were displaced from is placed near there', () => {
  const { events } = extract({ id: 'origin', text: 'Looting: armed faction fighters looted the houses of civilians displaced from Afrin.', published: PUB });
  assert.equal(events.length, 1);
  assert.equal(events[0]!.admin1, 'Aleppo');
  assert.match(String(events[0]!.location), /Afrin/);
  assert.equal(events[0]!.geo_precision, 2);
  // a place named for the event itself comes first
  const named = extract({ id: 'origin2', text: 'Gunmen shot dead a man displaced from Afrin in Azaz town.', published: PUB }).events;
  assert.match(String(named[0]!.location), /Azaz|A'zaz/);
});

test('the owner of a drone is who struck: "a drone believed to belong to the international coalition"', () => {
  const { events } = extract({
    id: 'drone-owner',
    text: 'Two leaders of the Hurras al-Din group were killed last night when a drone believed to belong to the international coalition targeted their car near the town of Sarmada in the northern countryside of Idlib.',
    published: '2020-01-17',
  });
  assert.equal(events[0]?.actor1, 'Global Coalition Against Daesh');
  assert.equal(events[0]?.actor2, 'Hurras al-Din');
  // a car belonging to a faction is what was hit
  const car = extract({ id: 'car-owner', text: 'An explosion targeted a vehicle belonging to the Sham Legion near Azaz on Wednesday.', published: '2020-01-22' });
  assert.equal(car.events[0]?.actor2, 'Al-Sham Corps');
});

test('a dateline abroad is where the reporter files from, not where the event was: "BEIRUT (AFP) -"', () => {
  const { events } = extract({
    id: 'dateline',
    text: "BEIRUT (AFP) - Islamic State group jihadists killed 10 pro-regime fighters in an attack near Mayadin in Syria's eastern desert on Wednesday, a war monitor said.",
    published: '2019-04-10',
  });
  assert.equal(events[0]?.location, 'Mayadin');
  // a dateline at home still counts
  const home = extract({ id: 'dateline-home', text: 'IDLIB, Syria (North Press) – Regime forces shelled the town on Wednesday, killing two civilians.', published: '2019-04-10' });
  assert.equal(home.events[0]?.admin1, 'Idleb');
});

test('"captured the rebel-held town" is a capture, not an arrest; a later "the capture of the town" refers back to it', () => {
  const { events } = extract({
    id: 'capture',
    title: 'Syrian army takes Busra al-Harir',
    text: [
      'Syrian government forces captured the rebel-held town of Busra al-Harir in the southwestern province of Daraa on Tuesday, a war monitor said.',
      'The town lies about 30 km from the Jordanian border.',
      'The capture of the town splits the rebel territory in eastern Daraa in two, according to the monitor.',
    ].join('\n\n'),
    published: '2018-06-27',
  });
  assert.deepEqual(events.map((e) => `${e.sub_event_type} ${e.location}`), ['Government regains territory Busra al Hariri']);
});

test('where the guns sit is not where they hit: "artillery based in the area of Maarat al-Numan shelled Kafr Lata"', () => {
  const { events } = extract({
    id: 'fire-base',
    title: 'Regime shells Kafr Lata',
    text: 'Regime artillery based in the area of Maarat al-Numan shelled the outskirts of Kafr Lata with rockets on Wednesday evening, without causing casualties.\n\nThe village lies east of Ariha.',
    published: '2020-01-16',
  });
  assert.equal(events[0]?.location, 'Kafr Latah');
});

test('a day that is only when the sources spoke gives way to the event\'s own: "..., sources said on Friday. The drone targeted their vehicle on Thursday"', () => {
  const { events } = extract({
    id: 'said-on',
    text: 'A Turkish drone killed three SDF fighters in northern Syria, security sources said on Friday.\n\nThe drone targeted their vehicle on Thursday near the city of Qamishli, the sources added.',
    published: '2022-08-19',
  });
  assert.deepEqual(events.map((e) => `${e.sub_event_type} ${e.location} ${e.event_date}`), ['Air/drone strike Al-Qamishli 2022-08-18']);
});

test('a side that withdrew, no one named taking the place, gains nothing: a non-violent transfer, or the capture the report tells', () => {
  const alone = extract({ id: 'withdrew', text: 'Opposition fighters withdrew from Maarat al-Numan on Monday.', published: '2020-01-28' }).events;
  assert.deepEqual(alone.map((e) => `${e.sub_event_type} | ${e.actor1} | ${e.location}`), ['Non-violent transfer of territory | Opposition Rebels (Syria) | Maarrat an Numan']);
  for (const text of [
    'Regime forces took control of the town of Busr al-Harir in Daraa today.\n\nThe factions withdrew from the town towards the south and the west around midday.',
    'The factions withdrew from Busr al-Harir in Daraa today.\n\nRegime forces then took control of the town.',
  ]) {
    const { events } = extract({ id: 'withdrew-2', text, published: '2018-06-26' });
    assert.deepEqual(events.map((e) => `${e.sub_event_type} | ${e.actor1} | ${e.location}`), ['Government regains territory | Military Forces of Syria (2000-2024) | Busra al Hariri'], text);
  }
  // attackers who withdrew after their raid, no place left: part of the fight, no transfer
  const raid = extract({ id: 'withdrew-4', text: 'ISIS members attacked positions of regime forces near al-Mayadin at dawn on Wednesday, before they withdrew deeper into the desert.', published: '2019-04-10' }).events;
  assert.deepEqual(raid.map((e) => e.sub_event_type), ['Armed clash']);
  // the other side named: its capture
  const named = extract({ id: 'withdrew-3', text: 'HTS withdrew from the village of Rasm Hamideh under pressure from the Syrian Army on Monday.', published: '2018-01-10' }).events;
  assert.deepEqual(named.map((e) => `${e.sub_event_type} | ${e.actor1} | ${e.actor2}`), ['Government regains territory | Military Forces of Syria (2000-2024) | HTS: Hayat Tahrir al-Sham']);
});

test('an actor named as the source ("according to the Syrian National Army\'s spokesman") is no side of the event', () => {
  const { events } = extract({ id: 'source-actor', text: "Regime forces shelled Kafr Nabl on Monday, according to the Syrian National Army's spokesman.", published: '2020-01-28' });
  assert.deepEqual(events.map((e) => `${e.sub_event_type} | ${e.actor1} | ${e.actor2}`), ['Shelling/artillery/missile attack | Military Forces of Syria (2000-2024) | ']);
});

test('a foiled infiltration is one clash, not a clash and a disrupted weapon', () => {
  for (const text of [
    'The Syrian National Army foiled on Tuesday an infiltration attempt by the YPG/PKK terror group near the town of Tal Tamr.',
    'Army units foiled an attempt by terrorist groups to infiltrate towards military points in the vicinity of Kafr Nabouda on Tuesday.',
  ]) {
    const { events } = extract({ id: 'foiled', text, published: '2020-01-15' });
    assert.deepEqual(events.map((e) => e.sub_event_type), ['Armed clash'], text);
  }
});

test('"the liberated areas" qualifies the areas: no capture', () => {
  const shelled = extract({ id: 'liberated', text: 'Regime forces shelled the liberated areas of Idlib on Monday.', published: '2020-01-20' }).events;
  assert.deepEqual(shelled.map((e) => e.sub_event_type), ['Shelling/artillery/missile attack']);
  const taken = extract({ id: 'liberated-2', text: 'The army liberated villages near Sinjar on Monday.', published: '2020-01-20' }).events;
  assert.deepEqual(taken.map((e) => e.sub_event_type), ['Government regains territory']);
});

test('the one whose death is told before the trigger is hit, not acting: "the death of a member of regime forces ... when an IED went off"', () => {
  const { events } = extract({
    id: 'death-of',
    text: 'SOHR has documented the death of a member of regime forces and the injury of two others today, when an improvised explosive device went off near a checkpoint at the entrance of al-Kiswah.',
    published: '2021-11-11',
  });
  assert.deepEqual(events.map((e) => `${e.sub_event_type} | ${e.actor1} | ${e.actor2} | ${e.fatalities}`), [
    'Remote explosive/landmine/IED | Unidentified Armed Group (Syria) | Military Forces of Syria (2000-2024) | 1',
  ]);
});

test('SANA\'s words for the sides of an Israeli strike: "the Israeli enemy", "an Israeli aggression", "Syrian air defenses"', () => {
  const strike = extract({ id: 'israeli-enemy', text: 'On October 13, the Israeli enemy launched an aggression with missiles from the direction of al-Tanf on a communications tower in the Palmyra area.', published: '2021-11-08' }).events;
  assert.deepEqual(strike.map((e) => `${e.sub_event_type} | ${e.actor1}`), ['Shelling/artillery/missile attack | Military Forces of Israel (1948-)']);
  const defence = extract({ id: 'air-defenses', text: 'Syrian air defenses on Monday evening confronted an Israeli aggression with missiles on the vicinity of Damascus.', published: '2021-11-08' }).events;
  assert.deepEqual(defence.map((e) => `${e.actor1} | ${e.actor2}`), ['Military Forces of Syria (2000-2024) | Military Forces of Israel (1948-)']);
});
