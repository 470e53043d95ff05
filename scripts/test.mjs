#!/usr/bin/env node
// The test command (README): installs system needs, builds, then runs every test/**/*.test.ts
// with node's test runner. PostgreSQL tests use SITREP_TEST_PG (default below) when reachable.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...opts });
if (!process.env.SITREP_SKIP_SETUP) run('bash', ['scripts/setup-system.sh']);
const build = run('npx', ['tsc', '-p', 'tsconfig.json']);
if (build.status !== 0) process.exit(build.status ?? 1);

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
};
walk('test');
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
process.env.SITREP_TEST_PG ??= 'postgres://postgres@127.0.0.1:5432/sitrep_test';
const r = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...selected]);
process.exit(r.status ?? 1);
