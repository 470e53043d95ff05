import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recogniseDates } from '../../src/recognise/dates.js';

const at = (text: string, published: string | null, year: number | null = null) =>
  recogniseDates(text, { published, year }).map((d) => [d.text, d.date, d.precision]);

test('absolute dates, with the year from the context when missing', () => {
  const table: [string, string | null, number | null, unknown[]][] = [
    ['began dawn on Thursday, the 23rd of August 2018, to carry out raids', null, null, [['Thursday, the 23rd of August 2018', '2018-08-23', 1]]],
    ['On September 19th alone, VKS warplanes carried out 17 strikes', null, 2021, [['September 19th', '2021-09-19', 1]]],
    ['SANA reported on 7 July.', '2023-07-08', null, [['7 July', '2023-07-07', 1]]],
    ['On January 9, members of HTS withdrew', '2018-01-09', null, [['January 9', '2018-01-09', 1]]],
    ['a report dated 2018-08-23 said', null, null, [['2018-08-23', '2018-08-23', 1]]],
    ['published on 30 December, about events', '2019-01-02', null, [['30 December', '2018-12-30', 1]]],
  ];
  for (const [text, pub, year, want] of table) assert.deepEqual(at(text, pub, year), want, text);
});

test('dates relative to the report, and to an earlier date in the sentence', () => {
  const table: [string, string, unknown[]][] = [
    ['Yesterday, SOHR activists reported', '2018-08-25', [['Yesterday', '2018-08-24', 1]]],
    ['Yesterday, HTS captured a hill. A day earlier, an agreement was reached', '2018-08-25', [['Yesterday', '2018-08-24', 1], ['A day earlier', '2018-08-23', 1]]],
    ['shelling targeted the town on Friday night', '2024-09-21', [['Friday', '2024-09-20', 1]]],
    ['tried to infiltrate at dawn today into', '2023-07-08', [['today', '2023-07-08', 1]]],
    ['published on the 12th of September 2019 that an IED exploded after midnight of yesterday', '2020-01-01', [['the 12th of September 2019', '2019-09-12', 1], ['yesterday', '2019-09-11', 1]]],
    ['two days ago', '2020-03-10', [['two days ago', '2020-03-08', 1]]],
  ];
  for (const [text, pub, want] of table) assert.deepEqual(at(text, pub), want, text);
});

test('years and months give precision 3', () => {
  assert.deepEqual(at('In 2019, the Syrian army clashed with HTS', '2023-07-08'), [['In 2019', '2019-01-01', 3]]);
  assert.deepEqual(at('fighting in March 2019 was heavy', '2023-07-08'), [['March 2019', '2019-03-01', 3]]);
});

test('negative cases: durations, spans and the modal "may" are not dates', () => {
  for (const text of [
    'the ongoing clashes for 72 hours',
    'These raids come 48 hours after the visit',
    'a ceasefire in place since 2020',
    'killed since the 26th of April 2018',
    'HTS may attack soon',
    'for several days at the Kabanah axis',
  ]) assert.deepEqual(at(text, '2020-01-01'), [], text);
});
