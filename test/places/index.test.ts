import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { placesKnowledge, loadFromSources, placesFingerprint, lookupPlace, regionPoint } from '../../src/knowledge/places.js';

const INDEX = new URL('../../data/places/index.txt', import.meta.url);

test('data/places/index.txt is up to date with the other files of data/places (else: node --import tsx scripts/build-gazetteer.ts --index-only)', () => {
  const head = readFileSync(INDEX, 'utf8').slice(0, 400);
  assert.match(head, new RegExp(`^# fingerprint ${placesFingerprint()}$`, 'm'));
});

test('the index gives the same places, keys and lists as the sources', () => {
  const fast = placesKnowledge();
  const slow = loadFromSources();
  assert.equal(fast.count, slow.count);
  assert.equal(fast.maxTokens, slow.maxTokens);
  for (const i of [0, 1, 2, 100, 5000, 12345, fast.count - 1]) {
    assert.deepEqual(fast.place(i), slow.place(i), `place ${i}`);
    assert.deepEqual(fast.lightsOf(i), slow.lightsOf(i), `names of place ${i}`);
  }
  for (const key of ['idlib', 'kabani', 'jisr shughur', 'maarrat numan', 'tall abyad', 'حلب', 'aleppo', 'no such place', 'a', 'zzzz']) {
    assert.deepEqual(fast.light.get(key), slow.light.get(key), `light ${key}`);
  }
  for (const key of ['idlab', 'jasr sagar', 'kaban', 'halab', 'afrin', 'xyzzy']) assert.deepEqual(fast.fuzzy.get(key), slow.fuzzy.get(key), `fuzzy ${key}`);
  assert.equal(fast.light.size, slow.light.size);
  assert.equal(fast.fuzzy.size, slow.fuzzy.size);
  assert.equal(fast.skeleton.size, slow.skeleton.size);
  for (const key of ['jisr', 'tall', 'maarrat', 'kafr', 'idlib', 'jasr', 'kafr nabl', 'zzzz', 'ras'])
    for (const t of ['light', 'fuzzy'] as const) assert.equal(fast[t].hasPrefix(key), slow[t].hasPrefix(key), `${t} prefix ${key}`);
  assert.ok(fast.light.hasPrefix('jisr') && !fast.light.hasPrefix('jisr shughur'));
  for (const w of ['home', 'clashes', 'regime']) assert.equal(fast.english.has(w), slow.english.has(w), w);
  assert.deepEqual([...fast.stop].sort(), [...slow.stop].sort());
  assert.deepEqual([...fast.admin1.values()], [...slow.admin1.values()]);
  assert.deepEqual([...fast.admin1Alias], [...slow.admin1Alias]);
  assert.deepEqual([...fast.preferred], [...slow.preferred]);
  assert.equal(fast.findId('feature:jabal-al-turkman')?.name, slow.findId('feature:jabal-al-turkman')?.name);
  assert.ok(fast.isFeature(fast.count - 1) && !fast.isFeature(0));
});

test('lookups and region points read from the index', () => {
  assert.equal(lookupPlace('Idlib')[0]!.admin1, 'Idleb');
  assert.equal(lookupPlace('Kabani')[0]!.admin1, 'Lattakia');
  assert.equal(regionPoint('Idleb', 'southern')!.admin1, 'Idleb');
  assert.equal(regionPoint('Hama', 'north-western countryside')!.admin1, 'Hama');
  assert.equal(regionPoint('Idleb', 'central'), undefined);
});
