/**
 * Runs the extraction pipeline over many documents on worker threads, in batches, keeping input order.
 * Workers: a number, or 'auto' (in this thread for small inputs; one worker per core once the input
 * proves big). Read errors pass through in their place, so messages come out in input order too.
 */
import { availableParallelism } from 'node:os';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InputDocument } from '../model/index.js';
import type { ReadItem } from '../read/index.js';
import { runBatch, type DocResult } from './run.js';

export { runDocument, runBatch, CODED_LANGUAGES, type DocResult } from './run.js';

/** A read item with, for documents, what the pipeline made of it. */
export interface Outcome {
  item: ReadItem;
  result?: DocResult;
}

export interface ParallelOptions {
  /** worker threads: a number (1 = in this thread), or 'auto' (default) */
  workers?: number | 'auto';
  /** documents per message to a worker */
  batchSize?: number;
  /** with 'auto': documents run in this thread before workers start */
  autoThreshold?: number;
}

/** reports per batch: the same as ingest's store batches, so both read a report beside the same others (pipeline/batch.ts) */
const DEFAULT_BATCH = 200;
const DEFAULT_AUTO_THRESHOLD = 1000;

/**
 * The worker script next to this module: compiled .js, or, when running from source under tsx (tests),
 * a small bootstrap that registers tsx in the worker and then imports worker.ts.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here));
  const api = import.meta.resolve('tsx/esm/api');
  const script = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { eval: true });
}

interface Pending {
  resolve: (r: DocResult[]) => void;
  reject: (e: Error) => void;
  worker: number;
}

/** A fixed set of worker threads; `run` sends a batch to the least busy one. */
export class WorkerPool {
  private workers: Worker[] = [];
  private busy: number[] = [];
  private pending = new Map<number, Pending>();
  private next = 0;
  private failure: Error | null = null;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const w = startWorker();
      w.on('message', (m: { id: number; results: DocResult[] }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.busy[i]--;
        p.resolve(m.results);
      });
      const fail = (err: Error) => {
        this.failure ??= err;
        for (const [id, p] of this.pending) {
          if (p.worker !== i) continue;
          this.pending.delete(id);
          p.reject(err);
        }
      };
      w.on('error', fail);
      w.on('exit', (code) => {
        if (code !== 0) fail(new Error(`worker stopped (exit ${code})`));
      });
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  run(docs: InputDocument[]): Promise<DocResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    let w = 0;
    for (let i = 1; i < this.size; i++) if (this.busy[i] < this.busy[w]) w = i;
    const id = this.next++;
    this.busy[w]++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w });
      this.workers[w].postMessage({ id, docs });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Inputs at least this big start the workers at once instead of after AUTO_THRESHOLD documents. */
export const AUTO_BYTES = 1024 * 1024;

/**
 * Workers for `--workers auto`: one per core straight away when the named files add up to AUTO_BYTES or
 * more (folders walked, up to a few thousand entries), else 'auto' (decided as documents come, e.g. stdin).
 */
export async function autoWorkers(paths: string[]): Promise<number | 'auto'> {
  const cores = availableParallelism();
  if (cores <= 1) return 1;
  let bytes = 0;
  let seen = 0;
  const visit = async (p: string): Promise<void> => {
    if (bytes >= AUTO_BYTES || seen++ > 5000) return;
    try {
      const st = await stat(p);
      if (st.isFile()) bytes += st.size;
      else if (st.isDirectory()) for (const name of await readdir(p)) await visit(join(p, name));
    } catch {
      // the readers will say what is wrong with it
    }
  };
  for (const p of paths) if (p !== '-') await visit(p);
  return bytes >= AUTO_BYTES ? cores : 'auto';
}

/** a batch run in this thread */
function local(items: ReadItem[]): Outcome[] {
  const results = runBatch(items.flatMap((it) => (it.kind === 'document' ? [it.input] : [])));
  let k = 0;
  return items.map((item) => (item.kind === 'document' ? { item, result: results[k++] } : { item }));
}

/** Extraction over a stream of read items; outcomes come out in input order. */
export async function* extractAll(items: AsyncIterable<ReadItem>, opts: ParallelOptions = {}): AsyncGenerator<Outcome> {
  const want = opts.workers ?? 'auto';
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const cores = availableParallelism();
  let localLeft = want === 'auto' ? (opts.autoThreshold ?? DEFAULT_AUTO_THRESHOLD) : want <= 1 ? Infinity : 0;
  const poolSize = want === 'auto' ? cores : Math.max(1, Math.floor(want));
  let pool: WorkerPool | null = null;
  const queue: Promise<Outcome[]>[] = [];
  let batch: ReadItem[] = [];

  const submit = (items: ReadItem[]) => {
    const docs = items.flatMap((it) => (it.kind === 'document' ? [it.input] : []));
    const p = docs.length ? pool!.run(docs) : Promise.resolve([] as DocResult[]);
    queue.push(
      p.then(
        (results) => {
          let k = 0;
          return items.map((item) => (item.kind === 'document' ? { item, result: results[k++] } : { item }));
        },
        (err: Error) =>
          items.map((item) =>
            item.kind === 'document'
              ? { item, result: { id: item.input.id, events: [], language: 'en', error: `extraction failed (${err.message})` } }
              : { item },
          ),
      ),
    );
  };

  // batches are cut the same way in this thread and in the workers (a batch's reports are extracted
  // together: pipeline/batch.ts), so the events do not depend on where they ran
  let docsInBatch = 0;
  try {
    for await (const item of items) {
      batch.push(item);
      if (item.kind === 'document') docsInBatch++;
      if (docsInBatch < batchSize) continue;
      const full = batch;
      batch = [];
      docsInBatch = 0;
      if (!pool && (localLeft > 0 || poolSize <= 1)) {
        yield* local(full);
        localLeft -= batchSize;
        continue;
      }
      pool ??= new WorkerPool(poolSize);
      submit(full);
      while (queue.length >= pool.size * 2) yield* await queue.shift()!;
    }
    if (batch.length) {
      if (pool) submit(batch);
      else yield* local(batch);
    }
    while (queue.length) yield* await queue.shift()!;
  } finally {
    if (pool) await pool.close();
  }
}
