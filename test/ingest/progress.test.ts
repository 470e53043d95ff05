import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parseDuration, parseSize, progressLine, formatDuration } from '../../src/ingest/progress.js';

test('durations and sizes as a user writes them', () => {
  const durations: [string, number][] = [['15m', 900_000], ['30s', 30_000], ['1h', 3_600_000], ['500ms', 500], ['2', 2000], ['1.5s', 1500]];
  for (const [text, ms] of durations) assert.equal(parseDuration(text), ms, text);
  assert.throws(() => parseDuration('soon'), /not a duration: "soon" \(use e\.g\. 30s, 15m, 1h\)/);
  const sizes: [string, number][] = [['10MB', 10 * 1024 * 1024], ['512KB', 512 * 1024], ['1048576', 1048576], ['1g', 1024 ** 3]];
  for (const [text, bytes] of sizes) assert.equal(parseSize(text), bytes, text);
  assert.throws(() => parseSize('big'), /not a size/);
  assert.equal(formatDuration(1234), '1.2 s');
  assert.equal(formatDuration(125_000), '2 min 5 s');
});

test('progress on a log (not a terminal) is a plain line at most every interval', async () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  const p = progressLine(out as unknown as NodeJS.WriteStream, { everyMs: 20 });
  p.update({ reports: 1, events: 2, errors: 0 });
  assert.equal(text, '', 'nothing for a short run');
  await new Promise((r) => setTimeout(r, 30));
  p.update({ reports: 1234, events: 5678, errors: 0 });
  p.update({ reports: 1235, events: 5678, errors: 0 });
  p.done();
  assert.match(text, /^1,234 reports, 5,678 events, [\d,]+\/s\n$/);
});
