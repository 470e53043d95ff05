import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/index.js';

// A report with no outlet in its metadata still names who says so: the attribution is the event's source.
const cases: [string, string][] = [
  ['Regime forces shelled Ariha on Monday, killing three civilians, according to SOHR.', 'SOHR'],
  ['According to SOHR, regime forces shelled Ariha on Monday, killing three civilians.', 'SOHR'],
  ['Regime forces shelled Ariha on Monday, killing three civilians, according to the Syrian Observatory for Human Rights.', 'SOHR'],
  ['Regime forces shelled Ariha on Monday, killing three civilians, SOHR said.', 'SOHR'],
];

for (const [text, source] of cases) {
  test(`attributed source: ${text.slice(0, 60)}`, () => {
    const { events } = extract({ id: 'a', text, published: '2019-05-08' });
    assert.equal(events.length, 1);
    assert.equal(events[0].source, source);
    assert.equal(events[0].fatalities, 3);
  });
}

test('a present-tense headline toll counts: "shelling kills 2 civilians"', () => {
  const { events } = extract({ id: 'b', text: 'Regime shelling kills 2 civilians in Kafr Nabl on Tuesday, SOHR said.', published: '2019-05-08' });
  assert.equal(events.length, 1);
  assert.equal(events[0].fatalities, 2);
});
