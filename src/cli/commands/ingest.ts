// `sitrep ingest`: files, folders, JSON Lines, feeds and URLs into the store (or onto the job queue).
import type { Command } from 'commander';
import { openStore } from '../../store/index.js';
import { Barrier, DEFAULT_BATCH, ingestItems, StoreFailure, warmUp, type IngestSummary } from '../../ingest/index.js';
import { classifySources, readSources, type Source } from '../../ingest/sources.js';
import { openFeedState } from '../../ingest/feed-state.js';
import { closeFetchAgents, DEFAULT_MAX_BYTES } from '../../ingest/fetch.js';
import { exitOnConnectionLoss } from '../../ingest/fatal.js';
import { enqueueItems, openQueue, redact, requirePostgres } from '../../ingest/queue.js';
import { formatDuration, n, parseDuration, parseSize, progressLine } from '../../ingest/progress.js';

interface IngestCliOptions {
  db?: string;
  feeds: string[];
  allowPrivate?: boolean;
  watch?: boolean;
  interval: string;
  timeout: string;
  maxSize: string;
  queue?: boolean;
  batch?: string;
  jobTimeout: string;
  force?: boolean;
  quiet?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** documents per queued job by default (--queue) */
const QUEUE_BATCH = 25;

function fail(message: string, code = 2): void {
  console.error(`sitrep ingest: ${message}`);
  process.exitCode = code;
}

function summaryLine(s: IngestSummary, where: string): string {
  const parts = `${n(s.new)} new, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged`;
  const errors = s.errors ? `; ${n(s.errors)} error${s.errors === 1 ? '' : 's'}` : '';
  return `Ingested ${n(s.reports)} report${s.reports === 1 ? '' : 's'} into ${where}: ${parts}; ${n(s.events)} events${errors} (${formatDuration(s.ms)})`;
}

/** Stops after the current document on the first SIGINT/SIGTERM; a second one exits at once. */
function stopOnSignal(): { signal: AbortSignal; dispose: () => void } {
  const ctl = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (ctl.signal.aborted) process.exit(130);
    console.error(`\nsitrep ingest: ${sig}: stopping after the current report (again to quit at once)`);
    ctl.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return { signal: ctl.signal, dispose: () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); } };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('read reports (files, folders, JSON Lines, RSS/Atom feeds, URLs), extract their events and keep them in the store')
    .argument('[sources...]', 'files, folders, .jsonl, feeds lists (feeds.txt, *.feeds), http(s) URLs of feeds or pages, - for stdin')
    .option('--db <url>', 'the store: a SQLite file or postgres:// URL (default: $DATABASE_URL, else ./sitrep.db)')
    .option('--feeds <file>', 'a file of feed or page URLs, one a line (repeatable)', collect, [] as string[])
    .option('--allow-private', 'allow fetching private, loopback and link-local addresses (off: a feed must not reach into your network)')
    .option('--watch', 'keep polling the feeds and URLs (see --interval)')
    .option('--interval <duration>', 'time between polls with --watch', '15m')
    .option('--timeout <duration>', 'time limit for fetching one feed or page', '30s')
    .option('--max-size <size>', 'largest feed or page fetched', `${DEFAULT_MAX_BYTES / 1024 / 1024}MB`)
    .option('--queue', 'put the documents on the PostgreSQL job queue for `sitrep worker` instead of extracting here')
    .option(
      '--batch <n>',
      `reports stored in one transaction (default ${DEFAULT_BATCH}; 1: each report on its own; a killed run loses at most the batch in progress, which the next run stores), or with --queue documents per queued job (default ${QUEUE_BATCH})`,
    )
    .option('--job-timeout <duration>', 'a queued job still running after this is taken as lost and given to another worker', '5m')
    .option('--force', 'extract and store again even unchanged reports (e.g. after editing the knowledge in data/)')
    .option('-q, --quiet', 'no progress and no summary')
    .action(async (args: string[], opts: IngestCliOptions) => {
      let interval: number, timeoutMs: number, maxBytes: number, jobTimeout: number, batch: number;
      try {
        interval = parseDuration(opts.interval);
        timeoutMs = parseDuration(opts.timeout);
        maxBytes = parseSize(opts.maxSize);
        jobTimeout = parseDuration(opts.jobTimeout);
        batch = opts.batch === undefined ? (opts.queue ? QUEUE_BATCH : DEFAULT_BATCH) : Number(opts.batch);
        if (!Number.isInteger(batch) || batch < 1) throw new Error(`--batch must be a whole number ≥ 1, not ${opts.batch}`);
      } catch (err) {
        return fail((err as Error).message);
      }
      if (!args.length && !opts.feeds.length) return fail('nothing to ingest: give files, folders, JSON Lines, a feeds list (--feeds FILE) or URLs');
      const dbUrl = opts.db ?? process.env.DATABASE_URL ?? './sitrep.db';
      const fetch = { allowPrivate: Boolean(opts.allowPrivate), timeoutMs, maxBytes };
      const { signal, dispose } = stopOnSignal();
      const undoConnectionLoss = exitOnConnectionLoss('sitrep ingest', 'Nothing of the batch in progress was written; run the same command again to resume.');
      const feedState = openFeedState(dbUrl);
      const onError = (origin: string, message: string) => {
        progress.clear();
        console.error(message.includes(origin) || message.startsWith(origin.split(':')[0]) ? message : `${origin}: ${message}`);
      };
      const onNote = (message: string) => {
        if (opts.quiet) return;
        progress.clear();
        console.error(message);
      };
      const progress = opts.quiet ? { update() {}, clear() {}, done() {} } : progressLine(process.stderr);
      let hadErrors = false;
      const sources = async (): Promise<Source[]> => {
        const { sources, errors } = await classifySources(args, opts.feeds);
        for (const e of errors) console.error(e);
        if (errors.length) hadErrors = true;
        return sources;
      };

      try {
        const stamp = () => (opts.watch ? `[${new Date().toISOString().slice(0, 19)}Z] ` : '');
        /** polls again after --interval with --watch, until a signal */
        const rounds = async (round: () => Promise<void>) => {
          for (;;) {
            await round();
            if (!opts.watch || signal.aborted) break;
            await sleep(interval, signal);
            if (signal.aborted) break;
          }
        };
        if (opts.queue) {
          const url = requirePostgres(dbUrl, '--queue');
          const boss = await openQueue({ databaseUrl: url, onError: (m) => console.error(`sitrep ingest: ${m}`) });
          try {
            await rounds(async () => {
              const started = Date.now();
              const barrier = new Barrier();
              const items = readSources(await sources(), { fetch, feedState, onNote, barrier });
              const counts = await enqueueItems(boss, items, {
                barrier,
                signal,
                batchSize: batch,
                expireInSeconds: Math.max(1, Math.round(jobTimeout / 1000)),
                onError,
                onProgress: (docs) => progress.update({ reports: docs, events: 0, errors: 0 }),
              });
              progress.done();
              if (counts.errors) hadErrors = true;
              if (!opts.quiet) console.log(`${stamp()}Queued ${n(counts.docs)} report${counts.docs === 1 ? '' : 's'} in ${n(counts.jobs)} job${counts.jobs === 1 ? '' : 's'} on ${redact(url)} for \`sitrep worker\`${counts.errors ? `; ${n(counts.errors)} errors` : ''} (${formatDuration(Date.now() - started)})`);
            });
          } finally {
            await boss.stop({ graceful: false, close: true }).catch(() => undefined);
          }
        } else {
          warmUp(); // before the store opens its connections (see warmUp)
          const store = await openStore(dbUrl);
          const where = redact(dbUrl);
          try {
            await rounds(async () => {
              const live = { reports: 0, events: 0, errors: 0 };
              const barrier = new Barrier();
              const summary = await ingestItems(store, readSources(await sources(), { fetch, feedState, onNote, barrier }), {
                barrier,
                concurrency: store.dialect === 'postgres' ? 2 : 1,
                batchSize: batch,
                force: opts.force,
                signal,
                onError: (o, m) => { live.errors++; onError(o, m); },
                onResult: (r) => { live.reports++; live.events += r.events; },
                onNote: (o, m) => onNote(`${o}: ${m}`),
                onProgress: () => progress.update(live),
              });
              progress.done();
              if (summary.errors) hadErrors = true;
              if (!opts.quiet) console.log(`${stamp()}${summaryLine(summary, where)}`);
            });
          } finally {
            await store.close().catch(() => undefined);
          }
        }
        if (hadErrors && !process.exitCode) process.exitCode = 1;
      } catch (err) {
        progress.done();
        if (err instanceof StoreFailure) {
          fail(`cannot store ${err.origin}: ${err.message}. Nothing from that report on was written; run the same command again to resume.`);
        } else {
          fail((err as Error).message?.split('\n')[0] ?? String(err));
        }
      } finally {
        dispose();
        undoConnectionLoss();
        await feedState.close().catch(() => undefined);
        await closeFetchAgents();
      }
    });
}
