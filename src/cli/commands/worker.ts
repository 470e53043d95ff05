// `sitrep worker`: processes queued ingest jobs against the shared PostgreSQL store.
import type { Command } from 'commander';
import { runWorker } from '../../ingest/worker.js';
import { n, parseDuration } from '../../ingest/progress.js';
import { exitOnConnectionLoss } from '../../ingest/fatal.js';

interface WorkerCliOptions {
  db?: string;
  concurrency: string;
  jobs: string;
  batch: string;
  untilEmpty?: boolean;
  poll: string;
  maintenance: string;
  quiet?: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take ingest jobs (queued by `sitrep ingest --queue`) off the PostgreSQL job queue: extract and store them; run as many as you like, on any machines')
    .option('--db <url>', 'the PostgreSQL store (default: $DATABASE_URL)')
    .option('-c, --concurrency <n>', 'jobs processed at once by this process', '1')
    .option('--jobs <n>', 'jobs taken at once; their reports are stored together, up to --batch per transaction (more: fewer commits, but workers wait longer on each other)', '1')
    .option('--batch <n>', 'reports stored in one transaction (1: one at a time)', '200')
    .option('--until-empty', 'exit once the queue is drained instead of waiting for more jobs')
    .option('--poll <duration>', 'time between looks for new jobs', '1s')
    .option('--maintenance <duration>', 'time between checks that hand the jobs of dead workers to live ones', '30s')
    .option('-q, --quiet', 'only errors')
    .action(async (opts: WorkerCliOptions) => {
      const concurrency = Number(opts.concurrency);
      const jobsAtOnce = Number(opts.jobs);
      const batchSize = Number(opts.batch);
      let poll: number, maintenance: number;
      try {
        if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch must be a whole number ≥ 1, not ${opts.batch}`);
        if (!Number.isInteger(jobsAtOnce) || jobsAtOnce < 1) throw new Error(`--jobs must be a whole number ≥ 1, not ${opts.jobs}`);
        if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`--concurrency must be a whole number ≥ 1, not ${opts.concurrency}`);
        poll = parseDuration(opts.poll);
        maintenance = parseDuration(opts.maintenance);
      } catch (err) {
        console.error(`sitrep worker: ${(err as Error).message}`);
        process.exitCode = 2;
        return;
      }
      let stopRequested!: () => void;
      const stop = new Promise<void>((r) => (stopRequested = r));
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        if (signals++) process.exit(130);
        if (!opts.quiet) console.error(`sitrep worker: ${sig}: finishing the current job, then exiting (again to quit at once)`);
        stopRequested();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const undoConnectionLoss = exitOnConnectionLoss('sitrep worker', 'Its unfinished job goes back to the queue when it expires; start the worker again.');
      try {
        const s = await runWorker({
          databaseUrl: opts.db ?? process.env.DATABASE_URL,
          concurrency,
          jobsAtOnce,
          batchSize,
          untilEmpty: opts.untilEmpty,
          pollSeconds: Math.max(0.5, poll / 1000),
          maintenanceSeconds: Math.max(1, Math.round(maintenance / 1000)),
          stop,
          log: (line) => { if (!opts.quiet || /cannot|error|lost/i.test(line)) console.error(`sitrep worker: ${line}`); },
        });
        const cpu = process.cpuUsage();
        if (!opts.quiet) console.log(`Worker ${process.pid} done: ${n(s.jobs)} jobs, ${n(s.reports)} reports (${n(s.new)} new, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged), ${n(s.events)} events${s.errors ? `, ${n(s.errors)} errors` : ''} (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`);
        if (s.errors) process.exitCode = 1;
      } catch (err) {
        console.error(`sitrep worker: ${(err as Error).message?.split('\n')[0] ?? err}`);
        process.exitCode = 2;
      } finally {
        undoConnectionLoss();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
