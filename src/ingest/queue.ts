/**
 * The ingest job queue: pg-boss 10 in the PostgreSQL store's own database (schema `pgboss`).
 * A job carries a batch of documents; a worker that dies mid-batch leaves its job active until it
 * expires, when pg-boss hands it to another worker. Stored reports are skipped by content, so a
 * retried batch duplicates nothing.
 */
import PgBoss from 'pg-boss';
import type { InputDocument } from '../model/index.js';
import type { ReadItem } from '../read/index.js';

export const QUEUE = 'sitrep-ingest';

export interface IngestJob {
  docs: InputDocument[];
  /** where each document came from, for messages */
  origins?: string[];
}

export interface QueueOptions {
  databaseUrl: string;
  /** how often expired jobs (of dead workers) are handed back, seconds (default 30) */
  maintenanceSeconds?: number;
  /** run expiry/maintenance from this process (workers do; the enqueuer does not) */
  supervise?: boolean;
  /** connections in the queue's pool (default 4) */
  max?: number;
  onError?: (message: string) => void;
}

export function requirePostgres(url: string | undefined, what: string): string {
  if (!url || !/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error(`${what} needs the PostgreSQL store: set DATABASE_URL=postgres://user@host:5432/db or pass --db postgres://…${url ? ` (got ${url})` : ''}`);
  }
  return url;
}

export async function openQueue(opts: QueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    application_name: 'sitrep',
    max: opts.max ?? 4,
    supervise: opts.supervise ?? false,
    schedule: false,
    maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 30,
  });
  boss.on('error', (err: Error) => opts.onError?.(`queue: ${err.message.split('\n')[0]}`));
  try {
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 10, retryDelay: 1 });
  } catch (err) {
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    throw new Error(`cannot open the job queue in ${redact(opts.databaseUrl)}: ${(err as Error).message.split('\n')[0]}`);
  }
  return boss;
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Jobs not yet done: waiting, to be retried, or taken by a worker (alive or dead). */
export async function pendingJobs(boss: PgBoss): Promise<number> {
  const { rows } = await boss.getDb().executeSql(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
    [QUEUE],
  );
  return rows[0]?.n ?? 0;
}

export interface EnqueueOptions {
  /** documents per job (default 25) */
  batchSize?: number;
  /** a job still active after this long is taken to be lost and is retried (default 300 s) */
  expireInSeconds?: number;
  retryLimit?: number;
  onError?: (origin: string, message: string) => void;
  onProgress?: (docs: number, jobs: number) => void;
  /** stop reading (what was read is still queued) when aborted */
  signal?: AbortSignal;
  /** lets the sources wait until what they handed on is on the queue */
  barrier?: { set(fn: () => Promise<void>): void };
}

const MAX_JOB_BYTES = 2 * 1024 * 1024;

/** Puts the documents of a reader stream on the queue in batches. */
export async function enqueueItems(boss: PgBoss, items: AsyncIterable<ReadItem>, opts: EnqueueOptions = {}): Promise<{ docs: number; jobs: number; errors: number }> {
  const batchSize = opts.batchSize ?? 25;
  const counts = { docs: 0, jobs: 0, errors: 0 };
  let batch: IngestJob = { docs: [], origins: [] };
  let bytes = 0;
  let pending: PgBoss.JobInsert[] = [];
  const insert = async () => {
    if (!pending.length) return;
    await boss.insert(pending);
    counts.jobs += pending.length;
    pending = [];
    opts.onProgress?.(counts.docs, counts.jobs);
  };
  const cut = async () => {
    if (!batch.docs.length) return;
    pending.push({
      name: QUEUE,
      data: batch,
      expireInSeconds: opts.expireInSeconds ?? 300,
      retryLimit: opts.retryLimit ?? 10,
      retryDelay: 1,
    });
    batch = { docs: [], origins: [] };
    bytes = 0;
    if (pending.length >= 40) await insert();
  };
  opts.barrier?.set(async () => {
    await cut();
    await insert();
  });
  for await (const item of items) {
    if (opts.signal?.aborted) break;
    if (item.kind === 'error') {
      counts.errors++;
      opts.onError?.(item.origin, item.message);
      continue;
    }
    const size = (item.input.html?.length ?? 0) + (item.input.text?.length ?? 0);
    if (batch.docs.length && bytes + size > MAX_JOB_BYTES) await cut();
    batch.docs.push(item.input);
    batch.origins!.push(item.origin);
    bytes += size;
    counts.docs++;
    if (batch.docs.length >= batchSize) await cut();
  }
  await cut();
  await insert();
  return counts;
}
