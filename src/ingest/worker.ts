/**
 * `sitrep worker`: takes batches of documents off the PostgreSQL job queue, extracts them and keeps
 * them in the store. Any number of workers, on one machine or many, share the queue and the store.
 *
 * - A worker takes `jobsAtOnce` jobs at a time (default 1) and stores their documents in batches, each batch one
 *   store transaction; the jobs are completed only after every document in them is stored, so a worker
 *   killed at any moment leaves whole batches or none, and its jobs are done again.
 * - A job whose worker died stays active until it expires, then pg-boss hands it to another worker;
 *   the reports already stored are found unchanged, so nothing is duplicated.
 * - SIGTERM/SIGINT: stop taking jobs, finish the current ones, exit.
 */
import type PgBoss from 'pg-boss';
import { openStore, type KyselyStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { ingestItems, StoreFailure, warmUp, type IngestSummary } from './index.js';
import { openQueue, pendingJobs, QUEUE, requirePostgres, type IngestJob } from './queue.js';

export interface WorkerOptions {
  databaseUrl: string | undefined;
  /** jobs processed at once in this process (default 1) */
  concurrency?: number;
  /** exit once the queue holds no waiting, retrying or active job */
  untilEmpty?: boolean;
  /** jobs taken off the queue at once and stored together, in batches of up to 200 reports (default 1: on PostgreSQL, smaller transactions let more workers run side by side) */
  jobsAtOnce?: number;
  /** reports stored in one transaction (default 200; 1: one report per transaction) */
  batchSize?: number;
  /** documents stored one transaction at a time, several at once (default 2), where the store has no putReports */
  documentConcurrency?: number;
  /** seconds between polls for new jobs (default 1) */
  pollSeconds?: number;
  /** seconds between expiry checks that hand back jobs of dead workers (default 30) */
  maintenanceSeconds?: number;
  log?: (line: string) => void;
  /** resolves when the worker should stop (e.g. on a signal) */
  stop?: Promise<unknown>;
}

type Stamp = Awaited<ReturnType<NonNullable<Store['reportStamp']>>>;

/**
 * The store, with the stamps (content hash, engine version…) of the reports `ids` read in one query: ingest
 * asks for each report's stamp before it extracts it (is it stored unchanged?), one round trip a report.
 * Each prefetched stamp answers the first question about its report; a later one (the same id again in the
 * jobs, perhaps stored meanwhile) goes to the store.
 */
async function withStamps(store: Store & KyselyStore, ids: string[]): Promise<Store> {
  if (!store.reportStamp || !ids.length) return store;
  const stamps = new Map<string, Stamp>(ids.map((id) => [id, undefined]));
  let rows;
  try {
    rows = await store.db
      .selectFrom('reports')
      .select(['id', 'content_hash', 'engine_version', 'published', 'title'])
      .where('id', 'in', [...stamps.keys()])
      .execute();
  } catch {
    return store; // each report asks on its own, and a store failure is told as such there
  }
  for (const { id, ...stamp } of rows) stamps.set(id, stamp);
  const reportStamp = async (id: string): Promise<Stamp> => {
    if (!stamps.has(id)) return store.reportStamp!(id);
    const stamp = stamps.get(id);
    stamps.delete(id);
    return stamp;
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'reportStamp') return reportStamp;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** What a worker did: an ingest summary over all its jobs, less the time. */
export interface WorkerSummary extends Omit<IngestSummary, 'ms'> {
  jobs: number;
}

export async function runWorker(opts: WorkerOptions): Promise<WorkerSummary> {
  const url = requirePostgres(opts.databaseUrl, 'a worker');
  const log = opts.log ?? (() => undefined);
  const summary: WorkerSummary = { jobs: 0, reports: 0, new: 0, updated: 0, unchanged: 0, events: 0, errors: 0 };
  // load the knowledge (places, actors) first: not inside the first job's time limit, and not while
  // database connections are being opened (a blocked event loop times them out)
  warmUp();
  const store = await openStore(url);
  let boss: PgBoss;
  try {
    boss = await openQueue({ databaseUrl: url, supervise: true, maintenanceSeconds: opts.maintenanceSeconds, onError: log, max: 2 + (opts.concurrency ?? 1) });
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }

  // the documents of all the jobs taken at once go to the store together (one transaction per batch);
  // the jobs are completed together once all of them are stored, or all failed and retried
  const handle = async (jobs: PgBoss.Job<IngestJob>[]) => {
    const items = jobs.flatMap((job) =>
      (job.data?.docs ?? []).map((input, i) => ({ kind: 'document' as const, input, origin: job.data.origins?.[i] ?? input.id })),
    );
    try {
      const s = await ingestItems(await withStamps(store, items.map((it) => it.input.id)), items, {
        concurrency: opts.documentConcurrency ?? 2,
        batchSize: opts.batchSize,
        onError: (_origin, message) => log(message),
      });
      for (const k of ['reports', 'new', 'updated', 'unchanged', 'events', 'errors'] as const) summary[k] += s[k];
    } catch (err) {
      const ids = jobs.map((j) => j.id).join(', ');
      if (err instanceof StoreFailure) log(`job${jobs.length > 1 ? 's' : ''} ${ids}: cannot store ${err.origin}: ${err.message}; will be retried`);
      throw err; // pg-boss marks the jobs failed and retries them; stored reports are then found unchanged
    }
    summary.jobs += jobs.length;
  };

  // Our own fetch loop rather than boss.work(): pg-boss 10 waits out the whole polling interval after
  // every fetch, even one that found jobs, which capped a worker at one batch of jobs per interval.
  // Here a worker that found jobs fetches again at once, and naps only when the queue is empty.
  const workers = Math.max(1, opts.concurrency ?? 1);
  const jobsAtOnce = Math.max(1, opts.jobsAtOnce ?? 1);
  const pollMs = Math.max(100, (opts.pollSeconds ?? 1) * 1000);
  let stopping = false;
  const wake = new Set<() => void>();
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake.add(done);
    });
  const loop = async () => {
    while (!stopping) {
      let jobs: PgBoss.Job<IngestJob>[] = [];
      try {
        jobs = await boss.fetch<IngestJob>(QUEUE, { batchSize: jobsAtOnce });
      } catch (err) {
        log(`queue: ${(err as Error).message?.split('\n')[0]}`);
      }
      if (!jobs?.length) {
        await nap(pollMs);
        continue;
      }
      const ids = jobs.map((j) => j.id);
      let ok = false;
      try {
        await handle(jobs);
        ok = true;
      } catch (err) {
        // marked failed: pg-boss retries them (stored reports are then found unchanged)
        await boss.fail(QUEUE, ids).catch(() => undefined);
      }
      // if completing fails (lost connection) the jobs expire and are done again: nothing duplicated
      if (ok) await boss.complete(QUEUE, ids).catch((err: Error) => log(`queue: cannot mark jobs done (${err.message?.split('\n')[0]}); they will be retried`));
    }
  };
  const loops = Array.from({ length: workers }, () => loop());
  log(`worker ${process.pid}: taking jobs from ${QUEUE} (concurrency ${workers})`);

  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let emptyChecks = 0;
    if (opts.untilEmpty) {
      timer = setInterval(() => {
        pendingJobs(boss)
          .then((n) => {
            emptyChecks = n === 0 ? emptyChecks + 1 : 0;
            if (emptyChecks >= 2) {
              clearInterval(timer);
              resolve();
            }
          })
          .catch(() => undefined);
      }, 500);
    }
    opts.stop?.then(() => {
      if (timer) clearInterval(timer);
      resolve();
    });
  });

  log(`worker ${process.pid}: stopping after the current job`);
  stopping = true;
  for (const w of [...wake]) w();
  await Promise.all(loops);
  await boss.stop({ graceful: true, wait: true, close: true, timeout: 120_000 }).catch(() => undefined);
  await store.close().catch(() => undefined);
  return summary;
}
