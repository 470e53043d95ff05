import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from '../../src/pipeline/extract.js';
import { clusterAll, pairwiseScore, reportGroups, type Account } from '../../src/merge/index.js';
import { goldReportGroups, loadAccounts, loadReports } from './helpers.js';

// The fixture reports through the real extractor, then merged: the reports of one story should come
// together and unrelated stories on the same front stay apart.
test('fixture reports, extracted then merged: stories stay apart and most come together', (t) => {
  const reports = loadReports();
  const accounts: Account[] = [];
  for (const r of reports) {
    const { events } = extract({ id: r.id, text: r.text, title: r.title, source: r.source, published: r.published });
    for (const e of events) accounts.push({ report_id: r.id, outlet: r.source, event: e });
  }
  if (accounts.length < reports.length / 2) {
    t.skip(`the extractor found events in too few reports (${accounts.length} events from ${reports.length} reports)`);
    return;
  }
  const result = pairwiseScore(goldReportGroups(loadAccounts()), reportGroups(accounts, clusterAll(accounts)));
  t.diagnostic(`pairwise P ${result.precision.toFixed(3)} R ${result.recall.toFixed(3)} F1 ${result.f1.toFixed(3)}`);
  assert.ok(result.precision >= 0.9, `precision ${result.precision.toFixed(3)}: unrelated stories were merged`);
  assert.ok(result.recall >= 0.5, `recall ${result.recall.toFixed(3)}`);
});
