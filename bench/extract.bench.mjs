#!/usr/bin/env node
// Extraction benchmark: `sitrep extract` as a user runs it (start-up included), output to /dev/null.
//  1. reports/s on one core: the ACLED dev notes (../shared/dev/acled-syria-2018-dev.docs.jsonl) repeated
//     to ~10,000 reports, --workers 1, pinned to one CPU with taskset;            target ≥ 2,000 reports/s
//  2. MB/s on one core: the seed articles (samples/seeds) repeated to 10 MB of text;  target ≥ 1 MB/s
//  3. scaling: the 10,000 reports with --workers 1, 2, ... up to the cores there are.
// Each run prints wall time and the CPU time the run used (user+sys, children included): on a busy
// machine, reports per CPU-second is the steadier figure. The dev data is read in place, never copied
// into the repository; the repeated inputs are written to the temp folder and removed.
//
//   node bench/extract.bench.mjs            (env SITREP_BENCH_REPORTS, SITREP_BENCH_MB to change sizes)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEV = join(root, '..', 'shared', 'dev', 'acled-syria-2018-dev.docs.jsonl');
const REPORTS = Number(process.env.SITREP_BENCH_REPORTS ?? 10000);
const MB = Number(process.env.SITREP_BENCH_MB ?? 10);
const cores = availableParallelism();
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

console.log(`extract benchmark on ${cpus()[0]?.model ?? 'unknown cpu'}, ${cores} cores, node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.log('dist/ is not built: run `npx tsc -p .` (npm run build) first');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'sitrep-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** Runs `sitrep extract FILE ARGS > /dev/null` under bash, returning wall seconds and the run's CPU seconds. */
function run(file, args, pin) {
  const cmd = [pin && hasTaskset ? 'taskset -c 0' : '', `"${process.execPath}"`, 'bin/sitrep.js extract', `"${file}"`, ...args, '> /dev/null 2>"$ERR"'].join(' ');
  const errFile = join(tmp, 'stderr.txt');
  // bash's `times` prints the shell's and then its children's user/sys times
  const script = `s=$(date +%s.%N); ${cmd}; rc=$?; e=$(date +%s.%N); echo "rc $rc wall $(echo "$e - $s" | bc)"; times`;
  const out = execFileSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, ERR: errFile } });
  const rc = Number(out.match(/rc (\d+)/)[1]);
  const wall = Number(out.match(/wall ([\d.]+)/)[1]);
  const t = [...out.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  const cpu = (t[2] ?? 0) + (t[3] ?? 0);
  const err = readFileSync(errFile, 'utf8').trim();
  if (rc !== 0) console.log(`  (exit ${rc}${err ? `: ${err.split('\n')[0]}` : ''})`);
  return { wall, cpu };
}
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

// 1 and 3: ACLED notes
let reportsFile = null;
if (!existsSync(DEV)) {
  console.log(`\n${DEV} is not here: the reports/s and scaling runs are skipped`);
} else {
  const lines = readFileSync(DEV, 'utf8').split('\n').filter(Boolean);
  const out = [];
  for (let i = 0; out.length < REPORTS; i++) {
    const o = JSON.parse(lines[i % lines.length]);
    out.push(JSON.stringify({ ...o, id: `${o.id}#${Math.floor(i / lines.length)}` }));
  }
  reportsFile = join(tmp, 'reports.jsonl');
  writeFileSync(reportsFile, out.join('\n') + '\n');
  const r = run(reportsFile, ['--workers', '1'], true);
  console.log(`\n1. ${fmt(REPORTS)} ACLED notes, one core${hasTaskset ? ' (taskset -c 0)' : ''}, --workers 1, start-up included:`);
  console.log(`   ${fmt(REPORTS / r.wall)} reports/s wall (${r.wall.toFixed(2)} s); ${fmt(REPORTS / r.cpu)} reports per CPU-second (${r.cpu.toFixed(2)} s CPU)  [target ≥ 2,000/s]`);
}

// 2: the seeds repeated to MB megabytes
{
  const seedsDir = join(root, 'samples', 'seeds');
  const texts = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8'));
  const target = MB * 1024 * 1024;
  const out = [];
  let bytes = 0;
  for (let i = 0; bytes < target; i++) {
    const text = texts[i % texts.length];
    out.push(JSON.stringify({ id: `seed-${i}`, text }));
    bytes += Buffer.byteLength(text);
  }
  const file = join(tmp, 'seeds.jsonl');
  writeFileSync(file, out.join('\n') + '\n');
  const mb = bytes / 1024 / 1024;
  const r = run(file, ['--workers', '1'], true);
  console.log(`\n2. the seed articles repeated to ${mb.toFixed(1)} MB of text (${fmt(out.length)} reports, file ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB), one core, --workers 1:`);
  console.log(`   ${(mb / r.wall).toFixed(2)} MB/s wall (${r.wall.toFixed(2)} s); ${(mb / r.cpu).toFixed(2)} MB per CPU-second  [target ≥ 1 MB/s]`);
}

// 4 (printed last): the share that is not the engine: reading, cleaning and writing JSON alone
async function withoutEngine(file) {
  const { readInputs } = await import(join(root, 'dist/read/index.js'));
  const { clean } = await import(join(root, 'dist/clean/index.js'));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  let bytes = 0;
  for await (const it of readInputs([file])) {
    if (it.kind !== 'document') continue;
    const d = clean(it.input);
    bytes += JSON.stringify(d).length;
    n++;
  }
  const c = process.cpuUsage(c0);
  return { n, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, bytes };
}
const seedsFile = join(tmp, 'seeds.jsonl');

// 3: scaling
if (reportsFile) {
  console.log(`\n3. scaling, ${fmt(REPORTS)} ACLED notes, all ${cores} cores available:`);
  let base = 0;
  for (let w = 1; w <= Math.max(2, cores); w++) {
    const r = run(reportsFile, ['--workers', String(w)], false);
    const rate = REPORTS / r.wall;
    base ||= rate;
    console.log(`   --workers ${w}: ${fmt(rate)} reports/s wall (${r.wall.toFixed(2)} s, ${r.cpu.toFixed(2)} s CPU), speed-up ×${(rate / base).toFixed(2)}`);
  }
  const auto = run(reportsFile, [], false);
  console.log(`   --workers auto: ${fmt(REPORTS / auto.wall)} reports/s wall (${auto.wall.toFixed(2)} s)`);
}

{
  console.log('\n4. without the engine (read → clean → JSON), in this process, to show the engine\'s share:');
  if (reportsFile) {
    const r = await withoutEngine(reportsFile);
    console.log(`   ACLED notes: ${fmt(r.n / r.wall)} reports/s wall, ${fmt(r.n / r.cpu)} per CPU-second`);
  }
  const s = await withoutEngine(seedsFile);
  const mb = statSync(seedsFile).size / 1024 / 1024;
  console.log(`   seed articles: ${(mb / s.wall).toFixed(1)} MB/s wall, ${(mb / s.cpu).toFixed(1)} MB per CPU-second`);
}
