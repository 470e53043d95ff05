#!/usr/bin/env node
// Ingest benchmark: reports/s into SQLite on one core (in-process, streamed), and into PostgreSQL
// through the job queue with 1, 2 and 4 `sitrep worker` processes.
//
//   npx tsc -p . && node bench/ingest.bench.mjs [--n 20000] [--pg-n 3000] [--workers 1,2,4] [--no-pg] [--no-sqlite]
//     [--batch 200] [--jobs 1]   (reports per transaction; jobs a worker takes at once: --batch 1 --jobs 1 is one report per transaction)
//
// The issue asks for 100,000 reports (--n 100000); the default is 20,000 so that `npm run bench`
// finishes in minutes on a small shared machine. Reading is streamed: RSS stays flat with --n.
// Reports are the dev set ../shared/dev/acled-syria-2018-dev.docs.jsonl (read from there, never copied),
// repeated with new ids and each repeat's dates moved on by a week, so repeats are new events rather
// than one event told 100 times. Target: ≥ 1,000 reports/s into SQLite on one core.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const DEV = join(root, '../shared/dev/acled-syria-2018-dev.docs.jsonl');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('n', '20000'));
const PG_N = Number(arg('pg-n', '3000'));
const BATCH = Number(arg('batch', '200'));
const JOBS = Number(arg('jobs', '1'));
const WORKERS = String(arg('workers', '1,2,4')).split(',').map(Number);
const PG_BASE = process.env.SITREP_BENCH_PG ?? process.env.SITREP_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/sitrep_test';

if (!existsSync(DEV)) {
  console.log(`ingest.bench: skipped: ${DEV} not found (the dev set is read from ../shared, never copied into the repo)`);
  process.exit(0);
}
if (!existsSync(join(root, 'dist/ingest/index.js'))) {
  console.error('ingest.bench: build first (npx tsc -p .)');
  process.exit(2);
}
const { ingestItems } = await import(join(root, 'dist/ingest/index.js'));
const { openStore } = await import(join(root, 'dist/store/index.js'));

const base = readFileSync(DEV, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const fmt = (x) => Math.round(x).toLocaleString('en-US');
const mb = (b) => `${Math.round(b / 1024 / 1024)} MB`;

function shiftDay(day, days) {
  if (!day) return day;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** n reports: the dev set again and again, new ids, each round a week later. */
function* reports(n) {
  for (let i = 0; i < n; i++) {
    const round = Math.floor(i / base.length);
    const d = base[i % base.length];
    yield { kind: 'document', input: { ...d, id: `${d.id}~${round}`, published: shiftDay(d.published, round * 7) }, origin: 'bench' };
  }
}

async function sqliteRun() {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-ingest-bench-'));
  const file = join(dir, 'bench.db');
  const store = await openStore(file);
  // RSS includes the SQLite file pages the store maps (mmap_size), which grow with the database;
  // the JavaScript heap is what shows whether reading and ingesting stream
  let peak = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 250);
  let done = 0;
  let lastLog = performance.now();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const s = await ingestItems(store, reports(N), {
      batchSize: BATCH,
      onResult: () => {
        done++;
        if (done % 100 === 0) sample();
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          const m = process.memoryUsage();
          console.error(`  … ${fmt(done)} reports, ${fmt(done / ((lastLog - t0) / 1000))}/s, heap ${mb(m.heapUsed)}, RSS ${mb(m.rss)}`);
        }
      },
      onError: (o, m) => console.error(`  error: ${m}`),
    });
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    console.log(`SQLite, one process, ${BATCH} per transaction: ${fmt(s.reports)} reports (${fmt(s.new)} new), ${fmt(s.events)} events in ${secs.toFixed(1)} s = ${fmt(s.reports / secs)} reports/s (the process had ${((cpuSecs / secs) * 100).toFixed(0)}% of a core: ${(cpuSecs * 1000 / s.reports).toFixed(1)} ms CPU per report = ${fmt(s.reports / cpuSecs)} reports/s per core; peak heap ${mb(peakHeap)}, peak RSS ${mb(peak)} with the database file mapped; target ≥ 1,000/s)`);
  } finally {
    clearInterval(sampler);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pgReachable(url) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function dbUrl(name) {
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  return u.href;
}

async function admin(sql) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    for (const s of [].concat(sql)) await c.query(s);
  } finally {
    await c.end();
  }
}

async function count(url) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*) AS n FROM reports')).rows[0].n);
  } catch {
    return 0;
  } finally {
    await c.end();
  }
}

/**
 * CPU seconds used so far by the PostgreSQL server processes on this machine (Linux /proc; null elsewhere):
 * each live process, plus what the postmaster's exited children (closed connections) used. Other
 * clients of the same server count too, so on a shared machine it is an upper bound.
 */
function pgServerCpu() {
  try {
    const tick = 100; // USER_HZ
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after the name: state=0 … utime=11 stime=12 cutime=13 cstime=14
      total += Number(f[11]) + Number(f[12]);
      if (Number(f[1]) === 1 || !readFileSync(`/proc/${f[1]}/stat`, 'utf8').includes('(postgres)')) total += Number(f[13]) + Number(f[14]);
    }
    return total / tick;
  } catch {
    return null;
  }
}

async function pgRun(k) {
  const name = 'sitrep_bench_ingest';
  await admin([`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`]);
  const url = dbUrl(name);
  const { openQueue, enqueueItems } = await import(join(root, 'dist/ingest/queue.js'));
  (await openStore(url)).close(); // create the schema once, before the workers race for it
  const boss = await openQueue({ databaseUrl: url });
  const tq = performance.now();
  const q = await enqueueItems(boss, (async function* () { yield* reports(PG_N); })(), { batchSize: 25 });
  await boss.stop({ graceful: false, close: true });
  const enqueueSecs = (performance.now() - tq) / 1000;

  const pgCpu0 = pgServerCpu();
  const t0 = performance.now();
  let firstReady = null;
  let cpuSecs = 0;
  const exits = [];
  for (let i = 0; i < k; i++) {
    const w = spawn(process.execPath, [join(root, 'bin/sitrep.js'), 'worker', '--db', url, '--until-empty', '--poll', '0.5s', '--batch', String(BATCH), '--jobs', String(JOBS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    w.stdout.on('data', (d) => {
      const m = /CPU ([\d.]+) s/.exec(String(d));
      if (m) cpuSecs += Number(m[1]);
    });
    w.stderr.on('data', (d) => {
      if (firstReady === null && /taking jobs/.test(String(d))) firstReady = performance.now();
      if (/error|cannot/i.test(String(d))) process.stderr.write(`  worker ${i}: ${d}`);
    });
    exits.push(new Promise((r) => w.on('exit', r)));
  }
  await Promise.all(exits);
  const t1 = performance.now();
  const pgCpu1 = pgServerCpu();
  const stored = await count(url);
  const secs = (t1 - (firstReady ?? t0)) / 1000;
  console.log(`PostgreSQL, ${k} worker${k > 1 ? 's' : ''} (--batch ${BATCH} --jobs ${JOBS}): ${fmt(stored)} reports in ${secs.toFixed(1)} s = ${fmt(stored / secs)} reports/s (start-up ${(((firstReady ?? t0) - t0) / 1000).toFixed(1)} s not counted; workers used ${cpuSecs.toFixed(1)} s CPU in all, start-up included${pgCpu0 !== null && pgCpu1 !== null ? `, the PostgreSQL server ${(pgCpu1 - pgCpu0).toFixed(1)} s` : ''}; ${fmt(q.jobs)} jobs enqueued in ${enqueueSecs.toFixed(1)} s)`);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  return stored / secs;
}

console.log(`ingest.bench: ${fmt(base.length)} dev reports repeated; node ${process.version}`);
if (!process.argv.includes('--no-sqlite')) await sqliteRun();
if (!process.argv.includes('--no-pg')) {
  if (!(await pgReachable(dbUrl('postgres')))) {
    console.log(`PostgreSQL: skipped (unreachable at ${dbUrl('postgres')})`);
  } else {
    const rates = [];
    for (const k of WORKERS) rates.push([k, await pgRun(k)]);
    if (rates.length > 1) console.log(`PostgreSQL scaling: ${rates.map(([k, r]) => `${k}→${(r / rates[0][1]).toFixed(2)}×`).join(', ')} (this machine has 2 cores shared with other work)`);
  }
}
