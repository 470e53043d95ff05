// Batched ingest (many reports per store transaction) gives exactly what storing one report at a time
// gives: the same results in input order, the same store; a bad report in a batch is named and the
// rest of the batch is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { ingestDocuments, ingestItems, MAX_BATCH_CHARS } from '../../src/ingest/index.js';
import type { InputDocument } from '../../src/model/index.js';
import type { ReadItem } from '../../src/read/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEEDS = join(ROOT, 'samples/seeds');
let dir: string;
before(() => { dir = mkdtempSync(join(tmpdir(), 'sitrep-batch-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

const places = ['Kafr Nabl', 'Saraqib', 'Ariha', 'Khan Shaykhun', 'Maarrat al-Numan', 'Atareb'];
function docs(): InputDocument[] {
  const seeds = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => ({ id: f.replace(/\.txt$/, ''), text: readFileSync(join(SEEDS, f), 'utf8') }));
  const short = Array.from({ length: 30 }, (_, i) => ({
    id: `b-${i}`,
    text: `Regime forces shelled ${places[i % places.length]} town in Idleb on ${1 + (i % 9)} March 2018, killing ${i % 4} civilians.`,
    published: '2018-03-30',
  }));
  // a report told twice in the same run, and one changed later in the same run
  return [...seeds, ...short, short[3]!, { ...short[5]!, text: `${short[5]!.text} Clashes between HTS and regime forces also took place nearby.` }];
}

function dump(db: string) {
  const d = new Database(db, { readonly: true });
  try {
    return {
      reports: d.prepare('SELECT id, content_hash FROM reports ORDER BY id').all(),
      accounts: d.prepare('SELECT report_id, ordinal FROM accounts ORDER BY report_id, ordinal').all(),
      events: (d.prepare('SELECT count(*) AS n FROM events WHERE deleted = 0').get() as { n: number }).n,
      perEvent: d.prepare(`SELECT group_concat(report_id || ':' || ordinal, ' ') AS k FROM (SELECT event_id, report_id, ordinal FROM accounts ORDER BY report_id, ordinal) GROUP BY event_id ORDER BY k`).all(),
    };
  } finally {
    d.close();
  }
}

async function run(db: string, batchSize: number, inputs: InputDocument[]) {
  const store = await openStore(db);
  const progress: number[] = [];
  try {
    const results = await ingestDocuments(store, inputs, { batchSize, onProgress: (done) => progress.push(done) });
    return { results, progress };
  } finally {
    await store.close();
  }
}

test('batches give the same results, in input order, and the same store as one report at a time', async () => {
  const inputs = docs();
  const one = join(dir, 'one.db');
  const many = join(dir, 'many.db');
  const a = await run(one, 1, inputs);
  const b = await run(many, 7, inputs);
  assert.deepEqual(b.results, a.results);
  assert.deepEqual(b.results.map((r) => r.report_id), inputs.map((d) => d.id));
  assert.equal(b.results.at(-2)!.status, 'unchanged', 'the repeat in the same run is found unchanged');
  assert.equal(b.results.at(-1)!.status, 'updated', 'the changed report in the same run is updated');
  assert.deepEqual(b.progress, inputs.map((_, i) => i + 1));
  assert.deepEqual(dump(many), dump(one));

  // again: the same answers again (all unchanged but the report that has two versions in the input)
  const againOne = await run(one, 1, inputs);
  const againMany = await run(many, 200, inputs);
  assert.deepEqual(againMany.results, againOne.results);
  assert.equal(againMany.results.filter((r) => r.status !== 'unchanged').length, 2);
  assert.deepEqual(dump(many), dump(one));
});

test('a report the store refuses is named; the rest of its batch is kept', async () => {
  const db = join(dir, 'bad.db');
  const store = await openStore(db);
  const errors: string[] = [];
  try {
    async function* items(): AsyncGenerator<ReadItem> {
      yield { kind: 'document', input: { id: 'g-1', text: 'Regime forces shelled Saraqib town in Idleb on 4 March 2018, killing two civilians.' }, origin: 'in.jsonl:1' };
      // an id the store cannot keep (the readers never make one; a caller of the library might)
      yield { kind: 'document', input: { id: '', text: 'Regime forces shelled Ariha town in Idleb on 5 March 2018, killing one civilian.' }, origin: 'in.jsonl:2' };
      yield { kind: 'error', origin: 'in.jsonl:3', message: 'in.jsonl:3: not JSON' };
      yield { kind: 'document', input: { id: 'g-2', text: 'Regime forces shelled Atareb town in Aleppo on 6 March 2018, killing three civilians.' }, origin: 'in.jsonl:4' };
    }
    const kept: string[] = [];
    const s = await ingestItems(store, items(), { onError: (origin, m) => errors.push(`${origin} ${m}`), onResult: (r) => kept.push(r.report_id) });
    assert.deepEqual(kept, ['g-1', 'g-2']);
    assert.equal(s.new, 2);
    assert.equal(s.errors, 2);
    assert.equal(errors.length, 2);
    assert.match(errors[0]!, /^in\.jsonl:2 : not stored: .*no id/);
    assert.equal(errors[1], 'in.jsonl:3 in.jsonl:3: not JSON');
    assert.ok(await store.getReport('g-2'));
  } finally {
    await store.close();
  }
});

test('a slow source still gets its reports stored within the batch time', async () => {
  const db = join(dir, 'slow.db');
  const store = await openStore(db);
  try {
    let storedBeforeEnd = false;
    async function* items(): AsyncGenerator<ReadItem> {
      yield { kind: 'document', input: { id: 's-1', text: 'Regime forces shelled Saraqib town in Idleb on 4 March 2018, killing two civilians.' }, origin: 's:1' };
      await new Promise((r) => setTimeout(r, 400));
      storedBeforeEnd = Boolean(await store.getReport('s-1'));
      yield { kind: 'document', input: { id: 's-2', text: 'Regime forces shelled Ariha town in Idleb on 5 March 2018, killing one civilian.' }, origin: 's:2' };
    }
    const s = await ingestItems(store, items(), { batchMs: 100 });
    assert.equal(s.new, 2);
    assert.ok(storedBeforeEnd, 'the first report was committed while the source was waiting');
  } finally {
    await store.close();
  }
});

test('large reports are stored in smaller batches: a batch is cut at MAX_BATCH_CHARS of text', async () => {
  const db = join(dir, 'big.db');
  const store = await openStore(db);
  const calls: number[] = [];
  const putReports = store.putReports!.bind(store);
  store.putReports = async (reports, ...rest) => {
    calls.push(reports.length);
    return putReports(reports, ...rest);
  };
  try {
    const filler = ' Residents said the market was crowded.'.repeat(Math.ceil(MAX_BATCH_CHARS / 3 / 39));
    function* items(): Generator<ReadItem> {
      for (let i = 0; i < 5; i++)
        yield { kind: 'document', input: { id: `big-${i}`, text: `Regime forces shelled Saraqib town in Idleb on ${i + 1} March 2018, killing two civilians.${filler}` }, origin: `big:${i}` };
    }
    const s = await ingestItems(store, items());
    assert.equal(s.new, 5);
    assert.ok(calls.length >= 2, `five reports of a third of the cap each went in ${calls.length} batch(es): ${calls.join(', ')}`);
    assert.ok(calls.every((n) => n <= 3), `batches of ${calls.join(', ')}`);
  } finally {
    await store.close();
  }
});
