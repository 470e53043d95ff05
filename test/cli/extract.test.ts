// `sitrep extract` and `sitrep eval` as a user runs them: real files in, output and exit status out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ACLED_COLUMNS, SITREP_COLUMNS } from '../../src/model/index.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEEDS = join(ROOT, 'samples/seeds');
const seedFiles = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => join(SEEDS, f));

function sitrep(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/sitrep.js'), ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const noStack = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, `stack trace in: ${stderr}`);

let dir: string;
/** `sitrep extract samples/seeds/*.txt`, run once and compared with by later tests */
let seedsOut = '';
before(() => {
  assert.ok(existsSync(join(ROOT, 'dist/cli/main.js')), 'build first: npx tsc -p .');
  dir = mkdtempSync(join(tmpdir(), 'sitrep-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('extract samples/seeds/*.txt prints JSON Lines events in input order, exit 0', () => {
  const r = sitrep(['extract', ...seedFiles]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  seedsOut = r.stdout;
  const names = seedFiles.map((f) => f.split('/').pop()!);
  const events = r.stdout.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.ok(events.length > 0, 'no events from the seeds');
  let last = 0;
  for (const e of events) {
    for (const c of [...ACLED_COLUMNS, ...SITREP_COLUMNS, 'evidence']) assert.ok(c in e, `missing ${c}`);
    const i = names.indexOf(e.doc);
    assert.ok(i >= 0, `unknown doc ${e.doc}`);
    assert.ok(i >= last, 'events out of input order');
    last = i;
  }
});

test('extract --format csv and --format geojson', () => {
  const csv = sitrep(['extract', '--format', 'csv', seedFiles[0]]);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.stdout.split('\r\n')[0], [...ACLED_COLUMNS, ...SITREP_COLUMNS].join(','));
  const geo = sitrep(['extract', '-f', 'geojson', ...seedFiles]);
  assert.equal(geo.status, 0, geo.stderr);
  const fc = JSON.parse(geo.stdout);
  assert.equal(fc.type, 'FeatureCollection');
  for (const f of fc.features) assert.equal(f.geometry.type, 'Point');
});

test('a folder, and a file written to with -o', () => {
  const out = join(dir, 'events.jsonl');
  const r = sitrep(['extract', SEEDS, '-o', out]);
  // the folder holds the seeds; its gold file is no input
  assert.equal(r.stdout, '');
  const fromFolder = readFileSync(out, 'utf8');
  assert.equal(fromFolder, seedsOut);
});

test('standard input: a report piped in is document "stdin"', () => {
  const r = sitrep(['extract', '--published', '2023-07-08'], readFileSync(seedFiles[3]));
  assert.equal(r.status, 0, r.stderr);
  for (const l of r.stdout.trimEnd().split('\n').filter(Boolean)) assert.equal(JSON.parse(l).doc, 'stdin');
});

test('bad inputs: one-line messages naming file (and line), the good ones still coded, exit 1', () => {
  const bin = join(dir, 'image.txt');
  writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '');
  const jsonl = join(dir, 'docs.jsonl');
  writeFileSync(jsonl, `${JSON.stringify({ id: 'good', text: readFileSync(seedFiles[4], 'utf8') })}\n{"id": "broken", "text": "unterminated\n`);
  const r = sitrep(['extract', join(dir, 'missing.txt'), bin, empty, jsonl]);
  assert.equal(r.status, 1);
  noStack(r.stderr);
  assert.deepEqual(r.stderr.trimEnd().split('\n'), [
    `${join(dir, 'missing.txt')}: no such file or directory`,
    `${bin}: binary file (not text)`,
    `${empty}: empty file`,
    `${jsonl}:2: not valid JSON (unterminated string at column 39)`,
  ]);
  assert.ok(r.stdout.split('\n').filter(Boolean).every((l) => JSON.parse(l).doc === 'good'));
});

test('a report in Arabic is reported as not coded, in one line; exit 0', () => {
  const ar = join(dir, 'arabic.txt');
  writeFileSync(ar, iconv.encode('قصفت قوات النظام السوري بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل مدنيين اثنين', 'windows-1256'));
  const r = sitrep(['extract', ar]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `${ar}: language ar: not coded (Sitrep reads English only for now)\n`);
});

test('usage mistakes: one line, exit 2', () => {
  for (const args of [
    ['extract', '--format', 'xml', seedFiles[0]],
    ['extract', '--workers', '0', seedFiles[0]],
    ['extract', '--published', '08/07/2023', seedFiles[0]],
    ['extract', '--no-such-option'],
    ['extract', '-o', join(dir, 'no/such/folder/out.jsonl'), seedFiles[0]],
    ['eval', seedFiles[0]],
    ['eval', '--gold', join(dir, 'nope.jsonl'), seedFiles[0]],
    ['eval', '--gold', join(ROOT, 'samples/seeds.gold.jsonl'), '--km', 'far', seedFiles[0]],
  ]) {
    const r = sitrep(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    noStack(r.stderr);
    assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
    assert.equal(r.stdout, '');
  }
});

test('--help on each command shows examples', () => {
  for (const cmd of ['extract', 'eval']) {
    const r = sitrep([cmd, '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Examples:\n {2}sitrep /);
  }
});

test('--workers 2 gives the same output, in the same order, as --workers 1', () => {
  const jsonl = join(dir, 'many.jsonl');
  const texts = seedFiles.map((f) => readFileSync(f, 'utf8'));
  writeFileSync(jsonl, Array.from({ length: 150 }, (_, i) => JSON.stringify({ id: `d${i}`, text: texts[i % texts.length] })).join('\n'));
  const one = sitrep(['extract', '--workers', '1', jsonl]);
  const two = sitrep(['extract', '--workers', '2', jsonl]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  assert.ok(one.stdout.length > 0);
  assert.equal(two.stdout, one.stdout);
});

test('eval extracts the reports and prints F1; --system scores an existing output', () => {
  const gold = join(ROOT, 'samples/seeds.gold.jsonl');
  const r = sitrep(['eval', '--gold', gold, ...seedFiles]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^events {2}P [\d.]+ {2}R [\d.]+ {2}F1 [\d.]+ {2}\(tp \d+, fp \d+, fn \d+\)/);
  assert.match(r.stdout, /strict F1 [\d.]+\n$/);
  const out = join(dir, 'seeds.jsonl');
  writeFileSync(out, seedsOut);
  const s = sitrep(['eval', '--gold', gold, '--system', out, '--json']);
  assert.equal(s.status, 0, s.stderr);
  const fromSystem = JSON.parse(s.stdout);
  const direct = JSON.parse(sitrep(['eval', '--gold', gold, '--json', ...seedFiles]).stdout);
  assert.deepEqual(fromSystem, direct);
  // the gold scored against itself is perfect
  const self = JSON.parse(sitrep(['eval', '--gold', gold, '--system', gold, '--json']).stdout);
  assert.equal(self.f1, 1);
});
