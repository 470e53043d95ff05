// A full disk while ingesting into SQLite: a one-line message that says so, nothing half-written, and the
// same command resumes once there is room. The disk is a small tmpfs mounted for the test (root only: the
// test is skipped where mounting is not allowed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSitrep, storedCounts } from './sqlite-cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let dir: string;
let disk: string;
let mounted = false;

const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sitrep-full-'));
  disk = join(dir, 'disk');
  sh('mkdir', [disk]);
  mounted = sh('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk]).status === 0;
});
after(() => {
  if (mounted) sh('umount', [disk]);
  rmSync(dir, { recursive: true, force: true });
});

const sitrep = (args: string[]) => runSitrep(dir, args);
const stored = storedCounts;

test('a full disk: one line saying so, what was stored stays whole, and the same command resumes when there is room', (t) => {
  if (!mounted) return t.skip('cannot mount a small filesystem here (needs root)');
  const db = join(disk, 'sitrep.db');
  const seeds = sitrep(['ingest', join(ROOT, 'samples/seeds'), '--db', db, '--quiet']);
  assert.equal(seeds.code, 0, seeds.err);
  const before = stored(db);

  // 3,000 notes (each codes at least one event): far more than 2 MB once stored
  const notes = join(dir, 'notes.jsonl');
  writeFileSync(notes, Array.from({ length: 3000 }, (_, i) => JSON.stringify({
    id: `n${i}`, published: `2019-0${1 + (i % 9)}-1${i % 9}`,
    text: `Regime forces shelled Kafr Nabl in southern Idleb on day ${i}, killing ${i % 7} civilians. Clashes followed near Hass.`,
  })).join('\n') + '\n');
  const full = sitrep(['ingest', notes, '--db', db, '--quiet']);
  assert.notEqual(full.code, 0);
  const lines = full.err.trim().split('\n');
  assert.equal(lines.length, 1, full.err);
  assert.match(lines[0]!, /notes\.jsonl:\d+: the disk is full/);
  assert.doesNotMatch(full.err, /\n\s+at /, 'no stack trace');
  const after1 = stored(db);
  assert.equal(after1.integrity, 'ok');
  assert.ok(after1.reports >= before.reports && after1.accounts >= before.accounts, 'nothing stored before is lost');
  assert.equal(after1.withoutAccounts, 0, 'no report without its events');

  // room again: the same command resumes, and nothing is stored twice
  assert.equal(sh('mount', ['-o', 'remount,size=64m', disk]).status, 0);
  const again = sitrep(['ingest', notes, '--db', db, '--quiet']);
  assert.equal(again.code, 0, again.err);
  const done = stored(db);
  assert.equal(done.integrity, 'ok');
  assert.equal(done.reports, before.reports + 3000);
  assert.equal(done.withoutAccounts, 0);
});
