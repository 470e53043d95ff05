import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/knowledge/normalise.js';
import { recogniseQuantitiesInTokens } from '../../src/recognise/quantities.js';

const q = (text: string) => recogniseQuantitiesInTokens(text, tokenize(text)).map((x) => [x.text, x.value, x.vague]);

test('digits, number words and compounds', () => {
  const table: [string, unknown[]][] = [
    ['26 members of the organisations', [['26', 26, false]]],
    ['eight members of the HTS', [['eight', 8, false]]],
    ['three Chechen jihadists', [['three', 3, false]]],
    ['twenty-five fighters', [['twenty-five', 25, false]]],
    ['2,500 people fled', [['2,500', 2500, false]]],
    ['arrested more than 25 individuals', [['more than 25', 25, false]]],
    ['killing a woman', [['a', 1, false]]],
  ];
  for (const [text, want] of table) assert.deepEqual(q(text), want, text);
});

test("vague counts take ACLED's figures", () => {
  const table: [string, number][] = [
    ['arrested tens of the party’s affiliates', 10],
    ['dozens of fighters', 12],
    ['hundreds of vehicles', 100],
    ['a number of terrorists', 1],
    ['several civilians', 1],
  ];
  for (const [text, want] of table) {
    const [hit] = recogniseQuantitiesInTokens(text, tokenize(text));
    assert.equal(hit?.value, want, text);
    assert.equal(hit?.vague, true, text);
  }
});

test('negative cases: articles before things, years and "as a result 10"', () => {
  assert.deepEqual(q('a heavy rocket attack'), []);
  assert.deepEqual(q('in 2019 the army'), []);
  assert.deepEqual(q('as a result 10 fighters were killed').map((x) => x[1]), [10]);
});

test('a date is no count: "January 22, 2020, three civilians", "22 January"', () => {
  assert.deepEqual(q('On January 22, 2020, three civilians were killed').map((x) => x[1]), [3]);
  assert.deepEqual(q('Idlib province, January 22, 2020 — Three civilians were killed').map((x) => x[1]), [3]);
  assert.deepEqual(q('On 22 January 2020, three civilians were killed').map((x) => x[1]), [3]);
  assert.deepEqual(q('2000 civilians fled').map((x) => x[1]), [2000]);
});
