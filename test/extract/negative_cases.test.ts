import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/index.js';

// Text that must not become an event: plans, forecasts, habits, opinion, negation, durations.
const NEGATIVE: string[] = [
  'Several reports said that the SAA and its allies were preparing to launch a new ground operation in Greater Idlib to deter HTS.',
  'The terrorist group is also about to reach a deal with the Suleyman Shah Brigade, one of the largest Turkish-backed factions in northern Syria.',
  'HTS regularly violates the ceasefire agreement in Greater Idlib, while Ankara turns a blind eye to the developments in the region.',
  'This could prove entirely true, as all targets struck by the VKS and the SAA are located on the southern part of the M4 highway.',
  'The Syrian and Russian air forces have responded with airstrikes targeting HTS bases in Idlib.',
  'Recent weeks have seen an increase in attacks by militants from HTS on government-held areas in the Latakia countryside.',
  'The regime forces seek to control the province and other areas in its surroundings of Aleppo, Hama and Latakia.',
  'HTS threatened to attack the Syrian army positions in Kabani if the shelling continues.',
  'No clashes were reported in Atarib today.',
  'The party periodically distributes leaflets to the residents of Atma, calling for the suspension of dealing with foreign countries.',
  // habits and generalities: "every day", "every year", "almost daily", "every drone strike"
  'Every year, dozens of people, mostly poor villagers and shepherds, are killed by landmines and unexploded ordnance or by attacks of Islamic State cells that still hide in the Badia.',
  'Despite the ceasefire agreements, the front lines near Tal Tamr and Ain Issa have witnessed almost daily clashes.',
  '"Every day they shell our villages, and the world is silent," said a member of the Tal Tamr civil council.',
  '"Every drone strike serves ISIS," SDF spokesperson Farhad Shami told Rudaw.',
  // what people fled is named, not told: displacement is no event
  'Hundreds of thousands of people have fled a Russian-backed offensive on the south of the province since December, moving towards the Turkish border, the United Nations says.',
  'Thousands of families are fleeing the bombardment of Maarat al-Numan.',
  // an event named as what someone did not comment on
  'The Russian Hmeimim base did not comment on the strike on Monday.',
  // a stance in the present tense: "says it is fighting"
  'The Syrian government says it is fighting terrorist groups, led by Hayat Tahrir al-Sham, which controls most of Idlib province.',
  'Moscow and Damascus say they are fighting militants linked to al Qaeda who control much of Idlib province, and deny targeting civilians.',
];

test('negative cases: plans, forecasts, habits and opinion are not events', () => {
  for (const text of NEGATIVE) {
    const { events } = extract({ id: 'neg', text, published: '2021-09-20' });
    assert.deepEqual(events.map((e) => `${e.event_type}/${e.sub_event_type}`), [], text);
  }
});

test('a duration is not a date: "for 72 hours" leaves the report date', () => {
  const { events } = extract({ id: 'dur', text: 'The clashes between HTS and Jund Allah in Jabal al-Turkman continued for 72 hours.', published: '2018-08-25' });
  assert.equal(events.length, 1);
  assert.equal(events[0].event_date, '2018-08-25');
});

test('a toll counted over a period is background, not an event, and no event takes its figure', () => {
  for (const text of [
    "Syria's war has killed more than 380,000 people and displaced millions since it began in 2011 with the brutal repression of anti-government protests.",
    'The U.N. says about 1,500 civilians have been killed in the region since April, when the Syrian army and its Russian allies launched a campaign.',
    'The Observatory has documented the deaths of 62 SDF fighters and 81 members of the Turkish-backed factions since the announcement of the ceasefire in October.',
  ]) {
    const { events } = extract({ id: 'toll', text, published: '2020-01-28' });
    assert.deepEqual(events.map((e) => `${e.sub_event_type} ${e.fatalities}`), [], text);
  }
  const { events } = extract({
    id: 'toll2',
    text: 'Russian warplanes struck the market of Ariha on Wednesday, killing 12 civilians. More than 1,800 civilians have been killed in the de-escalation zone since the summit in Sochi, according to local sources.',
    published: '2020-01-16',
  });
  assert.deepEqual(events.map((e) => e.fatalities), [12]);
  // a day's toll counts: "since dawn"
  const day = extract({ id: 'dawn', text: 'Regime shelling on Kafr Nabl has killed five civilians since dawn today.', published: '2020-01-16' });
  assert.deepEqual(day.events.map((e) => e.fatalities), [5]);
});

test('a capture told as a date ("since Turkey took control") and a habit ("since then ... several times") are background', () => {
  const since = extract({ id: 'since', text: "Azaz has been calm since Turkey and its allied factions took control of the area in 2016.", published: '2020-01-19' });
  assert.deepEqual(since.events.map((e) => e.sub_event_type), []);
  const habit = extract({ id: 'habit', text: 'Since then, the town has been targeted several times by the YPG/PKK terror group.', published: '2020-01-19' });
  assert.deepEqual(habit.events.map((e) => e.sub_event_type), []);
  // a capture "since dawn" is today's
  const dawn = extract({ id: 'dawn2', text: 'Since dawn, HTS fighters have captured the village of Kabani after fierce clashes with regime forces.', published: '2020-01-19' });
  assert.ok(dawn.events.some((e) => e.event_type === 'Battles'), 'the capture stays an event');
});

test("an outlet's name is no place: \"Enab Baladi's correspondent\" is not the village of Enab", () => {
  const { events } = extract({
    id: 'enab',
    text: "Nine people were killed in a car bomb explosion in the city of Azaz on Saturday. Enab Baladi's correspondent reported that the car exploded near the vegetable market.",
    published: '2020-01-19',
  });
  assert.deepEqual([...new Set(events.map((e) => e.location))], ['Azaz']);
});

test('history and long stretches are background: "the scene of demonstrations in 2011", "after months of bombardment"', () => {
  const { events } = extract({
    id: 'history',
    title: 'Regime forces take Maarat al-Numan',
    text: [
      'Regime forces and allied militiamen seized full control of the city of Maarat al-Numan in the southern countryside of Idlib today, after the factions withdrew from it.',
      'Maarat al-Numan has been almost empty of its residents since December, after months of bombardment.',
      'The city was the scene of the largest demonstrations against the regime in Idlib province in 2011 and 2012.',
    ].join('\n\n'),
    published: '2020-01-27',
  });
  assert.deepEqual(events.map((e) => `${e.sub_event_type} ${e.event_date}`), ['Government regains territory 2020-01-27']);
});

test('what a word means is no event ("use the term to imply ... killed or captured"); a plan someone was responsible for is none either', () => {
  const { events } = extract({
    id: 'definition',
    text: [
      'The National Intelligence Organization (MIT) carried out an operation on Thursday in the Qamishli region, targeting a vehicle carrying the terrorists, according to the sources.',
      'The senior member was responsible for planning terror attacks against Turkish security forces in the Operation Peace Spring region, the sources said.',
      'Turkish authorities use the term "neutralize" to imply the terrorists in question surrendered or were killed or captured.',
    ].join('\n\n'),
    published: '2022-08-19',
  });
  assert.deepEqual(events.map((e) => `${e.sub_event_type} | ${e.actor1} | ${e.location} | ${e.event_date}`), [
    'Armed clash | Military Forces of Turkey (2016-) | Al-Qamishli | 2022-08-18',
  ]);
});

test('a running total is no event, however long the words between the toll and "since the summit"', () => {
  const { events } = extract({
    id: 'running-total',
    text: 'More than 1,800 civilians have been killed in attacks by the regime and Russian forces in the de-escalation zone since the summit in Sochi, according to local sources.',
    published: '2020-01-28',
  });
  assert.deepEqual(events.map((e) => `${e.sub_event_type} ${e.fatalities}`), []);
});

test('an event named as the start of a span is no new event ("on alert since the Israeli strike"); "since dawn" still is a day\'s', () => {
  const none = extract({ id: 'since', text: 'Local sources said that the regime forces have been on a state of alert in al-Kiswah since the Israeli strike.', published: '2021-11-11' }).events;
  assert.deepEqual(none.map((e) => e.sub_event_type), []);
  const day = extract({ id: 'since-dawn', text: 'The regime forces have shelled Kansafra since the morning, killing a woman.', published: '2021-11-11' }).events;
  assert.deepEqual(day.map((e) => e.sub_event_type), ['Shelling/artillery/missile attack']);
});
