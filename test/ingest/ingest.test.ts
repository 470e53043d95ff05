// Ingest into real SQLite files: re-ingesting changes nothing, a new version replaces its events,
// a killed run resumes without loss or duplicates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { ingestDocuments, ENGINE_VERSION } from '../../src/ingest/index.js';
import { extract } from '../../src/pipeline/extract.js';
import { runSitrep, storedCounts } from './sqlite-cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/sitrep.js');
const SEEDS = join(ROOT, 'samples/seeds');
let dir: string;
before(() => { dir = mkdtempSync(join(tmpdir(), 'sitrep-ingest-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

const sitrep = (args: string[], env: Record<string, string> = {}) => runSitrep(dir, args, env);
/** the counts the tests compare (integrity and reports without accounts are checked elsewhere) */
function counts(db: string) {
  const { reports, accounts, events, perReport } = storedCounts(db);
  return { reports, accounts, events, perReport };
}

test('sitrep ingest: a folder goes in once; again, nothing changes; an edited report is updated', () => {
  const reports = join(dir, 'seeds');
  cpSync(SEEDS, reports, { recursive: true });
  const db = join(dir, 'a.db');
  const n = readdirSync(reports).length;
  const first = sitrep(['ingest', reports, '--db', db]);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, new RegExp(`^Ingested ${n} reports into .*a\\.db: ${n} new, 0 updated, 0 unchanged; \\d+ events \\(`));
  const c1 = counts(db);
  assert.equal(c1.reports, n);

  const again = sitrep(['ingest', reports, '--db', db]);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, new RegExp(`: 0 new, 0 updated, ${n} unchanged;`));
  assert.deepEqual(counts(db), c1, 'the store is exactly as before');

  const forced = sitrep(['ingest', reports, '--db', db, '--force']);
  assert.match(forced.out, new RegExp(`: 0 new, ${n} updated, 0 unchanged;`), '--force extracts and stores them again');
  assert.deepEqual(counts(db).perReport, c1.perReport, 'their events are replaced, not added to');

  const [name] = readdirSync(reports).sort();
  appendFileSync(join(reports, name), '\n\nUpdate: the death toll rose to 30 on Thursday.\n');
  const edited = sitrep(['ingest', reports, '--db', db]);
  assert.equal(edited.code, 0, edited.err);
  assert.match(edited.out, new RegExp(`: 0 new, 1 updated, ${n - 1} unchanged;`));
  assert.equal(counts(db).reports, n);
});

test('a new version of a report replaces its events rather than adding to them', async () => {
  const db = join(dir, 'b.db');
  const store = await openStore(db);
  try {
    const v1 = { id: 'r-1', text: 'Regime forces shelled Kafr Nabl town in southern Idleb on 3 July 2018, killing two civilians.', published: '2018-07-03' };
    const v2 = { ...v1, text: 'Russian warplanes struck Maarrat al-Numan city in southern Idleb on 3 July 2018, killing five civilians. Clashes also took place between HTS and regime forces near Abu Dali.' };
    const [r1] = await ingestDocuments(store, [v1]);
    assert.equal(r1.status, 'new');
    assert.equal(r1.events, extract(v1).events.length);
    const [same] = await ingestDocuments(store, [v1]);
    assert.equal(same.status, 'unchanged');
    const [r2] = await ingestDocuments(store, [v2]);
    assert.equal(r2.status, 'updated');
    const report = await store.getReport('r-1');
    assert.equal(report?.raw_text, v2.text);
    assert.equal(report?.engine_version, ENGINE_VERSION);
  } finally {
    await store.close();
  }
  assert.equal(counts(db).perReport['r-1'], extract({ id: 'r-1', text: 'Russian warplanes struck Maarrat al-Numan city in southern Idleb on 3 July 2018, killing five civilians. Clashes also took place between HTS and regime forces near Abu Dali.', published: '2018-07-03' }).events.length);
});

test('bad inputs are named one line each and the rest is ingested', () => {
  const db = join(dir, 'c.db');
  const jsonl = join(dir, 'mixed.jsonl');
  writeFileSync(jsonl, '{"id":"ok-1","text":"Clashes in Idleb."}\n{not json\n{"id":"ok-2","text":"Protest in Daraa."}\n');
  const r = sitrep(['ingest', jsonl, join(dir, 'missing-folder'), '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.out, /Ingested 2 reports .*: 2 new, 0 updated, 0 unchanged; \d+ events; 2 errors/);
  const lines = r.err.trim().split('\n');
  assert.equal(lines.length, 2, r.err);
  assert.match(lines[0], /mixed\.jsonl.*2/);
  assert.match(lines[1], /missing-folder/);
  assert.doesNotMatch(r.err, /\bat .*\.js:\d+/, 'no stack traces');
});

test('sitrep ingest --batch N: any batch size stores the same; a bad size is one clear line', () => {
  const one = join(dir, 'batch1.db');
  const three = join(dir, 'batch3.db');
  const a = sitrep(['ingest', SEEDS, '--db', one, '--batch', '1']);
  assert.equal(a.code, 0, a.err);
  const b = sitrep(['ingest', SEEDS, '--db', three, '--batch', '3']);
  assert.equal(b.code, 0, b.err);
  assert.equal(a.out.replace(/ into .*?:/, ':').replace(/\(.*\)/, ''), b.out.replace(/ into .*?:/, ':').replace(/\(.*\)/, ''));
  assert.deepEqual(counts(three), counts(one));
  for (const bad of ['0', 'two', '1.5']) {
    const r = sitrep(['ingest', SEEDS, '--db', join(dir, 'bad.db'), '--batch', bad]);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim(), `sitrep ingest: --batch must be a whole number ≥ 1, not ${bad}`);
  }
  assert.match(sitrep(['ingest', '--help']).out, /--batch <n>\s+reports stored in one transaction/);
});

test('nothing to ingest, bad options, unreachable PostgreSQL: one clear line', () => {
  const none = sitrep(['ingest']);
  assert.equal(none.code, 2);
  assert.equal(none.err.trim(), 'sitrep ingest: nothing to ingest: give files, folders, JSON Lines, a feeds list (--feeds FILE) or URLs');
  const badInterval = sitrep(['ingest', 'x', '--interval', 'soon']);
  assert.match(badInterval.err, /^sitrep ingest: not a duration: "soon"/);
  const queue = sitrep(['ingest', SEEDS, '--queue', '--db', join(dir, 'q.db')]);
  assert.match(queue.err, /^sitrep ingest: --queue needs the PostgreSQL store: set DATABASE_URL=postgres:/);
  const worker = sitrep(['worker']);
  assert.equal(worker.code, 2);
  assert.match(worker.err, /^sitrep worker: a worker needs the PostgreSQL store: set DATABASE_URL/);
  const down = sitrep(['worker', '--db', 'postgres://postgres@127.0.0.1:1/nowhere']);
  assert.equal(down.code, 2);
  assert.equal(down.err.trim().split('\n').length, 1, down.err);
  assert.match(down.err, /cannot reach PostgreSQL|ECONNREFUSED|connect/);
});

test('ingest killed with SIGKILL part-way resumes on the next run: every report exactly once', async () => {
  const total = 300;
  const jsonl = join(dir, 'many.jsonl');
  const places = ['Kafr Nabl', 'Saraqib', 'Ariha', 'Jisr al-Shughur', 'Khan Shaykhun', 'Maarrat al-Numan', 'Atareb', 'Darat Izza'];
  const lines: string[] = [];
  for (let i = 0; i < total; i++) {
    const place = places[i % places.length];
    lines.push(JSON.stringify({ id: `k-${i}`, text: `Regime forces shelled ${place} town in Idleb on ${1 + (i % 28)} March 2018, killing ${i % 5} civilians.`, published: '2018-03-30' }));
  }
  writeFileSync(jsonl, lines.join('\n') + '\n');
  const db = join(dir, 'killed.db');
  const child = spawn(process.execPath, [BIN, 'ingest', jsonl, '--db', db, '--quiet'], { cwd: dir, stdio: 'ignore', env: { ...process.env, DATABASE_URL: '' } });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let seen = 0;
  for (let i = 0; i < 600 && seen < total / 10; i++) {
    await new Promise((r) => setTimeout(r, 25));
    try {
      const d = new Database(db, { readonly: true, timeout: 50 });
      seen = (d.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
      d.close();
    } catch { /* not created yet */ }
  }
  child.kill('SIGKILL');
  await exited;
  const partial = counts(db).reports;
  assert.ok(partial > 0 && partial < total, `killed part-way (${partial} of ${total} stored)`);

  const resumed = sitrep(['ingest', jsonl, '--db', db]);
  assert.equal(resumed.code, 0, resumed.err);
  const fmt = (x: number) => x.toLocaleString('en-US');
  assert.match(resumed.out, new RegExp(`Ingested ${fmt(total)} reports .*: ${fmt(total - partial)} new, 0 updated, ${fmt(partial)} unchanged;`));

  const reference = join(dir, 'reference.db');
  assert.equal(sitrep(['ingest', jsonl, '--db', reference, '--quiet']).code, 0);
  const got = counts(db);
  const want = counts(reference);
  assert.equal(got.reports, total);
  assert.equal(got.accounts, want.accounts, 'same accounts as one uninterrupted run');
  assert.equal(got.events, want.events, 'same events as one uninterrupted run');
  assert.deepEqual(got.perReport, want.perReport);
});
