import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listActors, resolveActorAlias } from '../../src/knowledge/actors.js';
import { recogniseActors } from '../../src/recognise/actors.js';

const HTS = 'HTS: Hayat Tahrir al-Sham';
const SYRIA = 'Military Forces of Syria (2000-2024)';

test('aliases, transliterations, acronyms and former names resolve to one canonical name', () => {
  const table: [string, string | null][] = [
    ['Hayyaat Tahrir al-Sham', HTS],
    ["Hay'at Tahrir al-Sham", HTS],
    ['Hay’at Tahrir al-Sham', HTS],
    ['Tahrir al-Sham', HTS],
    ['HTS', HTS],
    ['al-Nusra Front', HTS],
    ['Jabhat Fateh al-Sham', HTS],
    ['regime forces', SYRIA],
    ['the Syrian army', SYRIA],
    ['SAA', SYRIA],
    ['Syrian Arab Army', SYRIA],
    ['Military Forces of Syria (2000-)', SYRIA],
    ['unknown gunmen', 'Unidentified Armed Group (Syria)'],
    ['an unknown gunman', 'Unidentified Armed Group (Syria)'],
    ['VKS', 'Military Forces of Russia (2000-)'],
    ['Turkistan Islamic Party', 'TIP: Turkistan Islamic Party'],
    ['Islamic Party of Liberation', 'Hizb ut-Tahrir'],
    ['nobody at all', null],
    ['is', null],
  ];
  for (const [alias, want] of table) assert.equal(resolveActorAlias(alias), want, alias);
});

test('listActors gives each actor with inter code, kind, aliases and former names', () => {
  const hts = listActors().find((a) => a.name === HTS);
  assert.ok(hts);
  assert.equal(hts.inter, 2);
  assert.equal(hts.acronym, 'HTS');
  assert.ok(hts.former_names.some((f) => f.name === 'Jabhat al-Nusra' && f.to));
  assert.ok(listActors().every((a) => a.inter >= 1 && a.inter <= 8 && a.kind));
});

test('the recogniser finds the longest name with its offsets', () => {
  const text = 'Warplanes, likely regime and/or Russian, carried out strikes. Russian warplanes struck HTS positions.';
  const hits = recogniseActors(text);
  assert.deepEqual(
    hits.map((h) => [h.text, h.actor]),
    [
      ['Warplanes, likely regime and/or Russian', 'Allied Syrian and/or Russian Forces'],
      ['Russian warplanes', 'Military Forces of Russia (2000-)'],
      ['HTS', HTS],
    ],
  );
  for (const h of hits) assert.equal(text.slice(h.start, h.end), h.text);
});

test('acronyms match only in capitals; "X-controlled" marks a qualifier', () => {
  assert.equal(recogniseActors('this is the tip of it').length, 0);
  const [q] = recogniseActors('Shells fell on QSD-controlled Tall Refaat.');
  assert.equal(q.actor, 'SDF: Syrian Democratic Forces');
  assert.equal(q.modifier, true);
});

test('a longer name that starts inside a shorter one wins: "the US-led coalition" is not "the US"', () => {
  assert.deepEqual(recogniseActors('The US-led coalition struck a car.').map((a) => a.actor), ['Global Coalition Against Daesh']);
  assert.deepEqual(recogniseActors('Syrian or Russian warplanes carried out raids.').map((a) => a.actor), ['Allied Syrian and/or Russian Forces']);
});
