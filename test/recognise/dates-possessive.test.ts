import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recogniseDates } from '../../src/recognise/dates.js';

test('"the toll from Monday\'s air strike" names the strike\'s day; "since Monday" still starts a span', () => {
  const ctx = { published: '2019-06-04', year: null };
  assert.deepEqual(recogniseDates("The death toll from Monday's air strike on Ariha has risen to 12.", ctx).map((d) => d.date), ['2019-06-03']);
  assert.deepEqual(recogniseDates('The town has been shelled daily since Monday.', ctx).map((d) => d.date), []);
});
