// The worker-thread pool: results in input order, the same as in one thread; read errors keep their place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { ReadItem } from '../../src/read/index.js';
import { AUTO_BYTES, autoWorkers, extractAll, type Outcome } from '../../src/parallel/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const SEEDS = new URL('../../samples/seeds/', import.meta.url);
const texts = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(new URL(f, SEEDS), 'utf8'));

async function* items(n: number): AsyncGenerator<ReadItem> {
  for (let i = 0; i < n; i++) {
    if (i % 37 === 5) yield { kind: 'error', origin: `bad-${i}`, message: 'binary file (not text)' };
    else yield { kind: 'document', origin: `doc-${i}`, input: { id: `d${i}`, text: texts[i % texts.length] } };
  }
}
async function collect(it: AsyncIterable<Outcome>): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for await (const o of it) out.push(o);
  return out;
}

test('two workers give the same results as one thread, in input order, errors in place', async () => {
  const n = 40;
  const one = await collect(extractAll(items(n), { workers: 1 }));
  const two = await collect(extractAll(items(n), { workers: 2, batchSize: 7 }));
  assert.equal(two.length, n);
  assert.deepEqual(two.map((o) => o.item.origin), one.map((o) => o.item.origin));
  assert.deepEqual(two.map((o) => o.result), one.map((o) => o.result));
  assert.ok(one.some((o) => (o.result?.events.length ?? 0) > 0));
});

test("'auto' stays in this thread for small inputs and starts workers for big ones, same results", async () => {
  const one = await collect(extractAll(items(30), { workers: 1 }));
  const auto = await collect(extractAll(items(30), { workers: 'auto', autoThreshold: 10, batchSize: 8 }));
  assert.deepEqual(auto.map((o) => o.result), one.map((o) => o.result));
});

test('a non-English document is not coded', async () => {
  async function* ar(): AsyncGenerator<ReadItem> {
    yield { kind: 'document', origin: 'ar.txt', input: { id: 'ar.txt', text: 'قصفت قوات النظام السوري بلدة كفرنبل في ريف إدلب الجنوبي' } };
  }
  const [o] = await collect(extractAll(ar(), { workers: 1 }));
  assert.equal(o.result?.language, 'ar');
  assert.deepEqual(o.result?.events, []);
});

test('--workers auto: small inputs decide as they go, big files start one worker per core at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-auto-'));
  try {
    writeFileSync(join(dir, 'small.txt'), 'A short report.');
    assert.equal(await autoWorkers([join(dir, 'small.txt'), '-', join(dir, 'missing.txt')]), availableParallelism() > 1 ? 'auto' : 1);
    writeFileSync(join(dir, 'big.jsonl'), 'x'.repeat(AUTO_BYTES));
    const want = availableParallelism() > 1 ? availableParallelism() : 1;
    assert.equal(await autoWorkers([dir]), want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
