import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs `sitrep serve` from the sources and resolves with its first lines of output. */
function startServe(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', "const m = await import('./src/cli/main.ts'); await m.main(['node', 'sitrep', ...process.argv.slice(1)]);", ...args],
    { cwd: ROOT, env: { ...process.env, SITREP_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (/write token: .+\n/.test(out) && /reads /.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${err.trim()}`));
    });
  });
  return { child, ready, stderr: () => err };
}

test('sitrep serve: prints the URL and a new write token; reads open, writes need it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-serve-'));
  const s = startServe(['serve', '--db', join(dir, 'serve.db'), '--port', '0']);
  try {
    const out = await s.ready;
    const url = /dashboard (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    const token = /write token: (\S+)/.exec(out)?.[1];
    assert.ok(url, out);
    assert.ok(token && token.length >= 20, out);
    const health = await fetch(`${url}api/health`);
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, 'ok');
    assert.ok(health.headers.get('content-security-policy'));
    const events = await fetch(`${url}api/events`);
    assert.deepEqual(await events.json(), { events: [], next_cursor: null, count: 0 });
    const put = (t?: string) =>
      fetch(`${url}api/outlets/SOHR/grade`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...(t ? { Authorization: `Bearer ${t}` } : {}) }, body: '{"grade":"C"}' });
    assert.equal((await put()).status, 401);
    assert.equal((await put('wrong-token-123')).status, 403);
    assert.equal((await put(token)).status, 200);
  } finally {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sitrep serve: bad options are one-line errors', async () => {
  const s = startServe(['serve', '--port', 'eighty']);
  await assert.rejects(s.ready, /--port must be a number/);
  assert.doesNotMatch(s.stderr(), /\n\s+at /, 'no stack trace');
});

test('sitrep serve --host 0.0.0.0: reads need the token; a given token is not printed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-serve-'));
  const s = startServe(['serve', '--db', join(dir, 'serve.db'), '--port', '0', '--host', '0.0.0.0'], { SITREP_TOKEN: 'given-token-456789' });
  try {
    const out = await s.ready;
    assert.doesNotMatch(out, /given-token/);
    assert.match(out, /reads need the token/);
    const url = /dashboard (http:\/\/[^ ]+\/)/.exec(out)?.[1];
    assert.equal((await fetch(`${url}api/events`)).status, 401);
    assert.equal((await fetch(`${url}api/events`, { headers: { Authorization: 'Bearer given-token-456789' } })).status, 200);
  } finally {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
});
