// Readers: files, folders, JSON Lines, stdin; encodings; bad input as one-line messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { gzipSync } from 'node:zlib';
import { readInputs, type ReadItem } from '../../src/read/index.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-read-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function all(paths: string[], opts = {}): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const it of readInputs(paths, opts)) out.push(it);
  return out;
}
const docs = (items: ReadItem[]) => items.flatMap((i) => (i.kind === 'document' ? [i] : []));
const errs = (items: ReadItem[]) => items.flatMap((i) => (i.kind === 'error' ? [`${i.origin}: ${i.message}`] : []));

const ARABIC = 'قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي';
const FRENCH = 'Les forces du régime ont bombardé Maarrat al-Nouman: deux civils tués, selon l’Observatoire.';

test('a .txt file is one document; its id is the base name', async () => {
  const p = join(dir, 'report one.txt');
  writeFileSync(p, 'Clashes in Idlib.');
  const items = await all([p]);
  assert.equal(items.length, 1);
  assert.deepEqual(docs(items)[0].input, { id: 'report one.txt', text: 'Clashes in Idlib.' });
});

test('Windows-1256 (Arabic) and Latin-1/Windows-1252 files are decoded', async () => {
  const ar = join(dir, 'arabic-1256.txt');
  writeFileSync(ar, iconv.encode(ARABIC, 'windows-1256'));
  const fr = join(dir, 'french-latin1.txt');
  writeFileSync(fr, iconv.encode(FRENCH.replace('’', "'"), 'latin1'));
  const fr1252 = join(dir, 'french-1252.txt');
  writeFileSync(fr1252, iconv.encode(FRENCH, 'windows-1252'));
  const [a, b, c] = docs(await all([ar, fr, fr1252]));
  assert.equal(a.input.text, ARABIC);
  assert.equal(b.input.text, FRENCH.replace('’', "'"));
  assert.equal(c.input.text, FRENCH);
});

test('byte-order marks: UTF-8, UTF-16LE, UTF-16BE', async () => {
  const u8 = join(dir, 'bom8.txt');
  writeFileSync(u8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ARABIC)]));
  const le = join(dir, 'bom16le.txt');
  writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(FRENCH, 'utf-16le')]));
  const be = join(dir, 'bom16be.txt');
  writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(FRENCH, 'utf-16be')]));
  const got = docs(await all([u8, le, be])).map((d) => d.input.text);
  assert.deepEqual(got, [ARABIC, FRENCH, FRENCH]);
});

test('UTF-16 without a byte-order mark is recognised, not taken for binary', async () => {
  const le = join(dir, 'nobom16le.txt');
  writeFileSync(le, iconv.encode(FRENCH, 'utf-16le'));
  const be = join(dir, 'nobom16be.txt');
  writeFileSync(be, iconv.encode(FRENCH, 'utf-16be'));
  assert.deepEqual(docs(await all([le, be])).map((d) => d.input.text), [FRENCH, FRENCH]);
});

test('an HTML page in Windows-1256 that says so in its <meta> is decoded', async () => {
  const p = join(dir, 'page.html');
  writeFileSync(p, iconv.encode(`<html><head><meta charset="windows-1256"></head><body><p>${ARABIC}</p></body></html>`, 'windows-1256'));
  const [d] = docs(await all([p]));
  assert.match(d.input.html!, new RegExp(ARABIC));
  assert.equal(d.input.text, undefined);
});

test('binary, empty and unknown files give one-line messages; the run goes on', async () => {
  const bin = join(dir, 'photo.txt');
  writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]));
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '');
  const blank = join(dir, 'blank.txt');
  writeFileSync(blank, '  \n\n ');
  const pdf = join(dir, 'report.pdf');
  writeFileSync(pdf, '%PDF-1.4');
  const ok = join(dir, 'ok.txt');
  writeFileSync(ok, 'Fine.');
  const items = await all([bin, empty, blank, pdf, join(dir, 'missing.txt'), ok]);
  assert.deepEqual(errs(items), [
    `${bin}: binary file (not text)`,
    `${empty}: empty file`,
    `${blank}: empty file (only white space)`,
    `${pdf}: not a .txt, .html, .htm or .jsonl file`,
    `${join(dir, 'missing.txt')}: no such file or directory`,
  ]);
  assert.equal(docs(items)[0].input.text, 'Fine.');
  for (const e of errs(items)) assert.ok(!e.includes('\n'));
});

test('a file over the size limit is refused without being read', async () => {
  const p = join(dir, 'big.txt');
  writeFileSync(p, 'x'.repeat(5000));
  assert.deepEqual(errs(await all([p], { maxBytes: 1000 })), [`${p}: too large (0.0 MB; the limit for one document is 0.0 MB)`]);
  const page = join(dir, 'big.html');
  writeFileSync(page, `<p>${'x'.repeat(3 * 1024 * 1024)}</p>`);
  assert.deepEqual(errs(await all([page], { maxHtmlBytes: 2 * 1024 * 1024 })), [`${page}: too large (3.0 MB; the limit for one document is 2.0 MB)`]);
});

test('JSON Lines: records become documents; bad lines are FILE:LINE messages and the rest is read', async () => {
  const p = join(dir, 'docs.jsonl');
  writeFileSync(
    p,
    [
      '{"id": "a1", "text": "Shelling on Ariha.", "published": "2018-04-01", "source": "SOHR", "url": "https://x", "title": "T"}',
      '',
      '{"id": "a2", "text": "Truncated',
      '[1, 2]',
      '{"id": "a3"}',
      '{"id": 7, "html": "<p>Strike on Sarmin.</p>"}',
      '{"id": "a5", "text": "x", "published": "yesterday"}',
      '{"text": "No id here."}',
      '{"id": "a6", "text": 12}',
      '{"id": "last", "text": "No newline at the end."}',
    ].join('\n'),
  );
  const items = await all([p]);
  assert.deepEqual(errs(items), [
    `${p}:3: not valid JSON (unterminated string at column 32)`,
    `${p}:4: not a JSON object`,
    `${p}:5: no "text" or "html"`,
    `${p}:7: "published" is not a date (YYYY-MM-DD): "yesterday"`,
    `${p}:9: "text" must be a string`,
  ]);
  assert.deepEqual(
    docs(items).map((d) => d.input),
    [
      { id: 'a1', text: 'Shelling on Ariha.', published: '2018-04-01', source: 'SOHR', url: 'https://x', title: 'T' },
      { id: '7', html: '<p>Strike on Sarmin.</p>' },
      { id: 'docs.jsonl:8', text: 'No id here.' },
      { id: 'last', text: 'No newline at the end.' },
    ],
  );
  assert.equal(docs(items)[0].origin, `${p}:1`);
});

test('JSON Lines: a line over the limit is skipped with its line number, memory stays bounded', async () => {
  const p = join(dir, 'long.jsonl');
  writeFileSync(p, `{"id":"a","text":"ok"}\n{"id":"b","text":"${'y'.repeat(3000)}"}\n{"id":"c","text":"ok too"}\n`);
  const items = await all([p], { maxBytes: 1000 });
  assert.deepEqual(errs(items), [`${p}:2: line too long (over 0.0 MB)`]);
  assert.deepEqual(docs(items).map((d) => d.input.id), ['a', 'c']);
});

test('folders are read recursively, in name order, only known file kinds, hidden files passed over', async () => {
  const root = join(dir, 'tree');
  mkdirSync(join(root, 'b', 'deeper'), { recursive: true });
  writeFileSync(join(root, 'a.txt'), 'A');
  writeFileSync(join(root, 'b', 'c.html'), '<p>C</p>');
  writeFileSync(join(root, 'b', 'deeper', 'd.jsonl'), '{"id":"d1","text":"D"}\n');
  writeFileSync(join(root, 'b', 'notes.md'), 'skip me');
  writeFileSync(join(root, '.hidden.txt'), 'skip me too');
  const items = await all([root]);
  assert.deepEqual(errs(items), []);
  assert.deepEqual(docs(items).map((d) => d.input.id), ['a.txt', 'c.html', 'd1']);
});

test('"-" and no path read standard input: JSON Lines or one text document', async () => {
  const jsonl = Readable.from([Buffer.from('{"id":"s1","text":"One."}\n{"id":"s2",'), Buffer.from('"text":"Two."}\n')]);
  assert.deepEqual(docs(await all(['-'], { stdin: jsonl })).map((d) => d.input.id), ['s1', 's2']);
  const text = Readable.from([Buffer.from('A report on standard input.')]);
  assert.deepEqual(docs(await all([], { stdin: text, published: '2020-01-02' }))[0].input, {
    id: 'stdin',
    text: 'A report on standard input.',
    published: '2020-01-02',
  });
  assert.deepEqual(errs(await all([], { stdin: Readable.from([]) })), ['stdin: nothing on standard input']);
});

test('many JSON Lines records stream one at a time', async () => {
  const p = join(dir, 'many.jsonl');
  const n = 20000;
  writeFileSync(p, Array.from({ length: n }, (_, i) => JSON.stringify({ id: `d${i}`, text: `Report ${i}.` })).join('\n'));
  let count = 0;
  let last = '';
  for await (const it of readInputs([p])) {
    if (it.kind === 'document') {
      count++;
      last = it.input.id;
    }
  }
  assert.equal(count, n);
  assert.equal(last, `d${n - 1}`);
});

test('gzip: .jsonl.gz streams, .txt.gz is one document named without .gz; corrupt and oversized ones are refused', async () => {
  const j = join(dir, 'docs.jsonl.gz');
  writeFileSync(j, gzipSync('{"id":"g1","text":"One."}\n{"id":"g2","text":"Two."}\n'));
  const t = join(dir, 'note.txt.gz');
  writeFileSync(t, gzipSync('Shelling on Sarmin.'));
  const bad = join(dir, 'bad.txt.gz');
  writeFileSync(bad, 'not gzip at all');
  const badJ = join(dir, 'bad.jsonl.gz');
  writeFileSync(badJ, 'not gzip either');
  const bomb = join(dir, 'bomb.txt.gz');
  writeFileSync(bomb, gzipSync(Buffer.alloc(50_000, 'a')));
  const items = await all([j, t, bad, badJ, bomb], { maxBytes: 10_000 });
  assert.deepEqual(docs(items).map((d) => [d.input.id, d.input.text]), [['g1', 'One.'], ['g2', 'Two.'], ['note.txt', 'Shelling on Sarmin.']]);
  assert.deepEqual(errs(items), [`${bad}: not a valid gzip file`, `${badJ}: not a valid gzip file`, `${bomb}: too large once decompressed`]);
});
