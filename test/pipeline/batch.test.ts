import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/pipeline/extract.js';
import { extractBatch } from '../../src/pipeline/batch.js';
import { runBatch } from '../../src/parallel/run.js';

// Notes of one week on the front south of Hama (our own wording), and one that names "Talaf" bare: there is a
// Tallaf in southern Hama and another north of Aleppo. On its own the note cannot tell them apart; in a batch
// whose other reports are about that front, the Hama one is the likelier.
const PUB = '2018-04-10';
const front = [
  'Regime forces shelled Harbanifse in southern Hama, damaging houses. No casualties were reported.',
  'Rebel factions shelled regime positions near Kafr Laha in northern Homs. No casualties were reported.',
  'Warplanes struck Talldaw in the northern countryside of Homs. No casualties were reported.',
  'Rebel factions shelled a checkpoint at Harbanifse in southern Hama. No casualties were reported.',
  'Regime forces shelled Al-Ghantu in northern Homs. No casualties were reported.',
  'Helicopters dropped barrel bombs on Talldaw in northern Homs. No casualties were reported.',
  'Warplanes struck the outskirts of Harbanifse in southern Hama. No casualties were reported.',
].map((text, i) => ({ id: `front-${i}`, text, published: PUB }));
const bare = { id: 'talaf', text: 'Regime forces shelled Talaf with no injuries reported.', published: PUB };

test('a note alone takes the prior reading of a shared name; in a batch, the one where the batch is busy', () => {
  const alone = extract(bare).events[0]!;
  const batch = extractBatch([...front, bare]);
  const inBatch = batch.at(-1)!.extraction!.events[0]!;
  assert.equal(inBatch.admin1, 'Hama', `alone: ${alone.location} (${alone.admin1}); in the batch: ${inBatch.location} (${inBatch.admin1})`);
  // the other notes are not changed by the batch
  for (let i = 0; i < front.length; i++) assert.deepEqual(batch[i]!.extraction!.events, extract(front[i]!).events);
});

test('a batch gives the same events whatever runs it, and a failing report does not stop the others', () => {
  const a = runBatch([...front, bare]);
  const b = runBatch([...front, bare]);
  assert.deepEqual(a, b);
  // (an engine failure on one report, stood in for by a report whose text cannot be read)
  const broken = { id: 'bad', get text(): string { throw new Error('unreadable'); } };
  const withBad = extractBatch([broken, bare]);
  assert.ok(withBad[0]!.error, 'the bad report is reported');
  assert.equal(withBad[1]!.extraction!.events.length, 1);
});

test('a village the gazetteer lacks, named with its province only, goes where the batch is busy in that province', () => {
  // "Qurnubiyah" is made up: no gazetteer lists it
  const note = { id: 'unlisted', text: 'Regime forces shelled Qurnubiyah village in the Hama countryside. No casualties were reported.', published: PUB };
  const alone = extract(note).events[0]!;
  assert.equal(alone.admin1, 'Hama');
  assert.equal(alone.geo_precision, 3);
  const inBatch = extractBatch([...front, note]).at(-1)!.extraction!.events[0]!;
  assert.equal(inBatch.location, 'Qurnubiyah');
  assert.equal(inBatch.admin1, 'Hama');
  assert.equal(inBatch.geo_precision, 3, 'the point is a guess: precision stays at the province');
  // near Harbanifse (34.94 N, 36.62 E), where the batch's Hama events are, not at Hama city (35.13 N, 36.75 E)
  assert.ok(Math.abs(inBatch.latitude! - 34.94) < 0.15 && Math.abs(inBatch.longitude! - 36.62) < 0.15, `${inBatch.latitude},${inBatch.longitude}`);
});

test('a note that names only a loosely matched village where the batch is quiet keeps its own name, placed where the batch is busy', () => {
  // "Zarqubiyah" is made up; alone, it matches nothing (no place) or only loosely a village far away
  const note = { id: 'bare', text: 'Regime forces shelled Zarqubiyah with no injuries reported.', published: PUB };
  const inBatch = extractBatch([...front, note]).at(-1)!.extraction!.events[0]!;
  assert.equal(inBatch.location, 'Zarqubiyah');
  assert.equal(inBatch.geo_precision, 3);
  assert.ok(['Hama', 'Homs'].includes(String(inBatch.admin1)), `${inBatch.admin1} ${inBatch.latitude},${inBatch.longitude}`);
});

test('a name whose transliterations match nothing alike is read by its short-vowel key where the batch is busy', () => {
  // "Nqeir" is An Nuqayr (Muqayyar) in southern Idlib; its transliteration key is also Nuquru's, in Lattakia,
  // which looks nothing like it. A batch about the southern Idlib front settles it.
  const idlib = [
    'Regime forces shelled Khan Shaykhun in southern Idleb. No casualties were reported.',
    'Warplanes struck Al-Tamanah in southern Idleb, damaging houses.',
    'Regime forces shelled Kafr Sijnah in southern Idleb. No casualties were reported.',
    'Helicopters dropped barrel bombs on Al-Habit in southern Idleb.',
    'Warplanes struck the outskirts of Khan Shaykhun. No casualties were reported.',
  ].map((text, i) => ({ id: `idlib-${i}`, text, published: PUB }));
  const note = { id: 'nqeir', text: 'Warplanes carried out raids on the town of Nqeir with no injuries reported.', published: PUB };
  const inBatch = extractBatch([...idlib, note]).at(-1)!.extraction!.events[0]!;
  assert.equal(inBatch.admin1, 'Idleb', `${inBatch.location} ${inBatch.latitude},${inBatch.longitude}`);
  assert.ok(Math.abs(inBatch.latitude! - 35.50) < 0.05 && Math.abs(inBatch.longitude! - 36.54) < 0.05, `${inBatch.location} ${inBatch.latitude},${inBatch.longitude}`);
});
