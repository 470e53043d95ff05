// Full news articles (300–350 words each: headline, dateline, byline, lead, quotes, background paragraphs
// that recall other incidents with their own dates and places, tolls that differ, transliterations that
// differ, dates relative to publication) of six stories told by three to six outlets each, and six
// unrelated stories on the same fronts in the same weeks (test/fixtures/merge-articles/). Scored as the
// held-out set is: pairwise over reports, two reports together when one merged event rests on both.
//
// Two paths: the real extractor then clusterAll, and the real store (SQLite temp file, each report
// ingested as `sitrep ingest` does, then the merged events' `docs`).
//
// The bar is F1 >= 0.80. Background paragraphs are what makes it hard: an article about the fall of
// Maarat al-Numan that recalls "air strikes on Ariha killed 12 on January 15" yields an account of the Ariha
// strike, which rightly merges with the Ariha strike (the same event). Such an account is `recalled`
// (events/refiners/recalled.ts: dated two days or more before the article's first event, or after a cue such
// as "last week", "hours after", "had documented"), and a report that only recalls an event is not among the
// reports it rests on (merge/sources.ts), so the article is not put beside every Ariha report.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../../src/pipeline/extract.js';
import { clusterAll, pairwiseScore, reportGroups, type Account, type PairwiseResult } from '../../src/merge/index.js';
import { fmt, loadStories, report, storeGroups } from './stories.js';
import { openStore } from '../../src/store/index.js';
import { ingestOne } from '../../src/ingest/index.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'merge-articles');

interface ArticleReport {
  id: string;
  source: string;
  published: string;
  title: string;
  text: string;
}

const reports: ArticleReport[] = readFileSync(join(DIR, 'reports.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as ArticleReport);
const stories = loadStories(DIR);
const { gold, storyOf } = stories;

/** what the issue asks for */
const BAR = 0.8;
/**
 * a floor for the store's path, a little under what it reaches (P 0.979 R 0.885 F1 0.929 when written; 0.481
 * before recalled events were told apart), so that a change that makes it worse fails. What is left: an offensive told on
 * different days (ACLED codes one event a day).
 */
const FLOOR = 0.85;


let extractedScore: PairwiseResult | null = null;

/** `leadOnly`: each report's first event only (a diagnostic: what the score would be without background paragraphs) */
function extractAndCluster(leadOnly = false): string[][] {
  const accounts: Account[] = [];
  for (const r of reports) {
    const { events } = extract({ id: r.id, text: r.text, title: r.title, source: r.source, published: r.published });
    for (const e of leadOnly ? events.slice(0, 1) : events) accounts.push({ report_id: r.id, outlet: r.source, event: e });
  }
  return reportGroups(accounts, clusterAll(accounts));
}

test('the fixture: every report is in one story, and the articles are full articles', () => {
  assert.equal(reports.length, storyOf.size, 'every report has a story, once');
  for (const r of reports) {
    assert.ok(storyOf.has(r.id), `${r.id} has a story`);
    const words = `${r.title} ${r.text}`.split(/\s+/).length;
    assert.ok(words >= 250 && words <= 900, `${r.id}: ${words} words`);
  }
  assert.ok(gold.filter((g) => g.length > 1).length >= 6);
});

test('articles, extracted then merged (clusterAll): pairwise score', (t) => {
  const r = report(t, stories, 'extractor + clusterAll', extractAndCluster());
  extractedScore = r;
  // not how Sitrep runs: what the score would be without background paragraphs (P 1.000 R 0.750 F1 0.857 when written)
  t.diagnostic(`(each report's first event only: pairwise ${fmt(pairwiseScore(gold, extractAndCluster(true)))})`);
  assert.ok(r.f1 >= FLOOR, `F1 ${r.f1.toFixed(3)} fell below ${FLOOR}`);
  assert.ok(r.recall >= 0.75, `recall ${r.recall.toFixed(3)}`);
});

test(`articles, extracted then merged, reach the issue's bar (F1 >= ${BAR})`, () => {
  const r = extractedScore ?? pairwiseScore(gold, extractAndCluster());
  assert.ok(r.f1 >= BAR, `F1 ${r.f1.toFixed(3)}`);
});

const tmp = mkdtempSync(join(tmpdir(), 'sitrep-articles-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('articles, ingested into the store (SQLite) one by one: pairwise score over the events\' docs', async (t) => {
  const store = await openStore(join(tmp, 'articles.db'));
  try {
    for (const r of reports)
      await ingestOne(store, { id: r.id, text: r.text, title: r.title, source: r.source, published: r.published }, r.id);
    const system = await storeGroups(store);
    const r = report(t, stories, 'store (ingest, events docs)', system);
    assert.ok(r.f1 >= FLOOR, `F1 ${r.f1.toFixed(3)} fell below ${FLOOR}`);
    assert.ok(r.recall >= 0.75, `recall ${r.recall.toFixed(3)}`);
  } finally {
    await store.close();
  }
});
