#!/usr/bin/env node
// Store ingest throughput (SQLite): N dev-sized reports, extracted once up front (not timed), then stored
// with merging into a fresh database, one report a call (putReport) and in batches (putReports).
//
//   npx tsc -p . && node bench/store-ingest.bench.mjs [--reports 2000] [--batches 1,100] [--shift 400] [--docs ../shared/dev/acled-syria-2018-dev.docs.jsonl]
//
// The dev documents are read from /work/shared (never copied into the repo). Past the file's end the
// documents are used again under new ids with their events moved 400 days on, so they are new incidents
// (--shift 7: a week on, as the ingest bench moves them, so that many merge with the rounds before).
// Target: ≥ 1,000 reports/s on one core. The machine may be shared: CPU time is given beside wall time.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'dist/store/index.js')) || !existsSync(join(root, 'dist/pipeline/extract.js'))) {
  console.error('store-ingest.bench: build first (npx tsc -p .)');
  process.exit(2);
}
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('reports', '2000'));
const BATCHES = arg('batches', '1,100').split(',').map(Number);
const SHIFT = Number(arg('shift', '400'));
const docsFile = resolve(root, arg('docs', '../shared/dev/acled-syria-2018-dev.docs.jsonl'));
if (!existsSync(docsFile)) {
  console.error(`store-ingest.bench: no ${docsFile} (the dev documents live in /work/shared/dev)`);
  process.exit(2);
}
const { openStore } = await import(join(root, 'dist/store/index.js'));
const { extract } = await import(join(root, 'dist/pipeline/extract.js'));

const lines = readFileSync(docsFile, 'utf8').split('\n').filter((l) => l.trim());
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const shift = (d, days) => (d ? new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10) : d);

let t = performance.now();
const base = lines.map((l) => {
  const j = JSON.parse(l);
  const input = { id: j.id, text: j.text, published: j.published, outlets: j.source ? String(j.source).split(';').map((s) => s.trim()).filter(Boolean).slice(0, 1) : undefined };
  return { input, ...extract(input) };
});
const items = [];
for (let i = 0; i < N; i++) {
  const b = base[i % base.length];
  const round = Math.floor(i / base.length);
  const id = round ? `${b.input.id}~${round}` : b.input.id;
  items.push({
    doc: { ...b.document, id },
    raw: b.input.text,
    events: b.events.map((e) => ({ ...e, doc: id, event_date: shift(e.event_date, SHIFT * round) })),
    engineVersion: 'bench',
  });
}
const nEvents = items.reduce((n, it) => n + it.events.length, 0);
console.log(`extracted ${base.length} dev documents in ${((performance.now() - t) / 1000).toFixed(1)} s; ${N} reports, ${nEvents} events to store`);

for (const size of BATCHES) {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-ingest-bench-'));
  const store = await openStore(join(dir, 'bench.db'));
  try {
    t = performance.now();
    const c = cpu();
    const cpuAt = process.cpuUsage();
    let stored = 0;
    for (let i = 0; i < items.length; i += size) {
      const part = items.slice(i, i + size);
      if (size > 1 && store.putReports) stored += (await store.putReports(part)).length;
      else for (const it of part) { await store.putReport(it.doc, it.raw, it.events, it.engineVersion); stored++; }
    }
    const wall = (performance.now() - t) / 1000;
    const used = (cpu() - c) / 1000;
    const ev = await store.countEvents({}, 'event_type');
    const merged = ev.reduce((n, r) => n + r.count, 0);
    // again, unchanged: the idempotent path
    const split = process.cpuUsage(cpuAt);
    const t2 = performance.now();
    const c2 = cpu();
    for (let i = 0; i < items.length; i += size) {
      const part = items.slice(i, i + size);
      if (size > 1 && store.putReports) await store.putReports(part);
      else for (const it of part) await store.putReport(it.doc, it.raw, it.events, it.engineVersion);
    }
    const wall2 = (performance.now() - t2) / 1000;
    const used2 = (cpu() - c2) / 1000;
    const how = size > 1 && store.putReports ? `putReports, batches of ${size}` : 'putReport, one a call';
    console.log(
      `${how}: ${stored} reports → ${merged} events in ${wall.toFixed(2)} s wall, ${used.toFixed(2)} s cpu = ` +
        `${Math.round(stored / wall)} reports/s wall, ${Math.round(stored / used)} reports/s cpu ` +
        `(user ${(split.user / 1e6).toFixed(2)} s, system ${(split.system / 1e6).toFixed(2)} s); ` +
        `again (unchanged): ${Math.round(stored / wall2)} reports/s wall, ${Math.round(stored / used2)} reports/s cpu`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
