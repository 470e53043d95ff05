#!/usr/bin/env node
// `npm run bench`: builds if needed, then runs every bench/*.bench.mjs (or .bench.ts, through tsx) in its
// own process, one after the other, printing what each prints. Benchmarks are added by dropping a file here.
//
//   npm run bench                 all of them
//   npm run bench -- extract      only those whose name contains "extract"
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, availableParallelism, totalmem, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(join(root, 'bench'))
  .filter((f) => /\.bench\.(mjs|js|ts)$/.test(f))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.log('building dist/ first (npx tsc -p tsconfig.json)');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}
if (!files.length) console.log('no bench/*.bench.mjs files' + (only.length ? ` matching ${only.join(', ')}` : ''));

let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const args = f.endsWith('.ts') ? ['--import', 'tsx', join('bench', f)] : [join('bench', f)];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    console.log(`=== ${f}: exit ${r.status ?? r.signal} after ${s} s`);
  } else console.log(`=== ${f}: done in ${s} s`);
}
process.exit(failed ? 1 : 0);
