import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extract, type SitrepEvent } from '../../src/index.js';

const DIR = join(import.meta.dirname, '..', '..', 'samples', 'seeds');
const run = (file: string): SitrepEvent[] => extract({ id: file, text: readFileSync(join(DIR, file), 'utf8') }).events;
const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
const find = (events: SitrepEvent[], sub: string, actor: string) =>
  events.find((e) => e.sub_event_type === sub && [e.actor1, e.actor2, ...e.assoc_actor_1.split('; '), ...e.assoc_actor_2.split('; ')].includes(actor));

test('seed 000: HTS against Jund al-Sham and Jund Allah in Jabal al-Turkman', () => {
  const events = run(files[0]);
  const clash = find(events, 'Armed clash', 'HTS: Hayat Tahrir al-Sham');
  assert.equal(clash?.fatalities, 34); // 26 + 8, every side adds up
  assert.equal(clash?.admin1, 'Lattakia');
  assert.ok(find(events, 'Non-state actor overtakes territory', 'Jund Allah'));
  assert.equal(find(events, 'Arrests', 'HTS: Hayat Tahrir al-Sham')?.arrested, 3); // "three Chechen jihadists"
  const deal = find(events, 'Agreement', 'Jund al-Sham');
  assert.equal(deal?.assoc_actor_2, 'TIP: Turkistan Islamic Party');
});

test('seed 001: VKS strikes and SAA rockets on 19 September 2021; plans and habits left out', () => {
  const events = run(files[1]);
  const strike = find(events, 'Air/drone strike', 'Military Forces of Russia (2000-)');
  assert.equal(strike?.event_date, '2021-09-19');
  const rockets = find(events, 'Shelling/artillery/missile attack', 'Military Forces of Syria (2000-2024)');
  assert.equal(rockets?.event_date, '2021-09-19');
  assert.match(rockets?.location ?? '', /Jisr/);
  assert.ok(find(events, 'Headquarters or base established', 'HTS: Hayat Tahrir al-Sham'));
  assert.ok(!events.some((e) => e.sub_event_type === 'Agreement'), 'about to reach a deal is a plan');
});

test('seed 002: the raid of 23 August 2018 on Ansar al-Sham', () => {
  const clash = find(run(files[2]), 'Armed clash', 'Ansar al-Sham');
  assert.equal(clash?.event_date, '2018-08-23');
  assert.equal(clash?.actor1, 'HTS: Hayat Tahrir al-Sham');
});

test('seed 003: the infiltration at Kabanah on 7 July 2023', () => {
  const clash = find(run(files[3]), 'Armed clash', 'HTS: Hayat Tahrir al-Sham');
  assert.equal(clash?.event_date, '2023-07-07');
  assert.equal(clash?.admin1, 'Lattakia');
  assert.ok([clash?.actor1, clash?.actor2].includes('Military Forces of Syria (2000-2024)'));
});

test('seed 004: arrests in Harem and Atma, and a protest broken up', () => {
  const events = run(files[4]);
  const arrests = events.filter((e) => e.sub_event_type === 'Arrests').map((e) => e.arrested).sort();
  assert.deepEqual(arrests, [10, 6]);
  const protest = events.find((e) => e.event_type === 'Protests');
  assert.equal(protest?.sub_event_type, 'Protest with intervention');
  assert.equal(protest?.actor2, 'HTS: Hayat Tahrir al-Sham');
});
