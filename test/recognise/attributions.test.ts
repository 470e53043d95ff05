import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recogniseAttributions } from '../../src/recognise/attributions.js';

test('attributed sources: outlets and an actor’s own sources', () => {
  const table: [string, string[]][] = [
    ['According to SOHR, the ongoing clashes', ['SOHR']],
    ['Syrian state media SANA reported on 7 July.', ['SANA']],
    ['According to HTS sources, more than 20 members', ['HTS sources']],
    ['The SOHR sources reported that Tahrir al-Sham arrested', ['SOHR']],
    ['Orient News correspondent said 17 people were killed', ['Orient News']],
    ['The clashes went on all night.', []],
  ];
  for (const [text, want] of table) assert.deepEqual(recogniseAttributions(text).map((a) => a.source), want, text);
});
