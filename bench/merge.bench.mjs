#!/usr/bin/env node
// Merge benchmark: clusterAll on synthetic accounts (Syria's 14 governorates, 6 years, ACLED types,
// ~30% duplicates told differently), at 10k, 100k and 1M, each size in its own process so that its
// peak memory is its own. Then quality figures: pairwise F1 on the synthetic duplicates, on the
// multi-outlet fixtures (test/fixtures/merge), and, where ../shared/dev is present, how many
// distinct ACLED rows the merger would wrongly join.
//
//   node bench/merge.bench.mjs                 all sizes (1M needs about 2 GB and a minute)
//   node bench/merge.bench.mjs --sizes 10000,100000
//   node bench/merge.bench.mjs --constant-density   the span grows with n: shows the n log n growth
//   node bench/merge.bench.mjs --one 100000    one size, one line of JSON (used by the parent)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { register } = await import('tsx/esm/api');
register();
const merge = await import(pathToFileURL(join(root, 'src/merge/index.ts')).href);

// ---------- synthetic accounts ----------

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// governorate, centroid, spread (deg), share of events
const GOVS = [
  ['Idleb', 35.8, 36.6, 0.45, 0.28],
  ['Aleppo', 36.3, 37.4, 0.7, 0.15],
  ['Hama', 35.25, 36.8, 0.55, 0.1],
  ['Deir-ez-Zor', 35.1, 40.3, 0.9, 0.1],
  ["Dar'a", 32.8, 36.15, 0.3, 0.08],
  ['Rural Damascus', 33.55, 36.5, 0.5, 0.07],
  ['Homs', 34.7, 37.3, 0.9, 0.05],
  ['Al-Hasakeh', 36.6, 40.8, 0.7, 0.04],
  ['Ar-Raqqa', 35.9, 38.9, 0.6, 0.04],
  ['Lattakia', 35.7, 36.0, 0.25, 0.03],
  ['Quneitra', 33.1, 35.85, 0.15, 0.015],
  ['As-Sweida', 32.7, 36.65, 0.35, 0.015],
  ['Damascus', 33.51, 36.29, 0.06, 0.01],
  ['Tartous', 34.95, 36.05, 0.25, 0.005],
];
const TOWNS_PER_GOV = 1000;
const TYPES = [
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack', 0.3],
  ['Explosions/Remote violence', 'Air/drone strike', 0.18],
  ['Explosions/Remote violence', 'Remote explosive/landmine/IED', 0.06],
  ['Battles', 'Armed clash', 0.22],
  ['Battles', 'Government regains territory', 0.02],
  ['Battles', 'Non-state actor overtakes territory', 0.01],
  ['Violence against civilians', 'Attack', 0.08],
  ['Violence against civilians', 'Abduction/forced disappearance', 0.02],
  ['Protests', 'Peaceful protest', 0.05],
  ['Riots', 'Violent demonstration', 0.01],
  ['Strategic developments', 'Arrests', 0.03],
  ['Strategic developments', 'Looting/property destruction', 0.02],
];
const ACTORS = [
  'Military Forces of Syria (2000-2024)',
  'Military Forces of Russia (2000-)',
  'HTS: Hayat Tahrir al-Sham',
  'NLF: National Liberation Front',
  'SDF: Syrian Democratic Forces',
  'SNA: Syrian National Army',
  'Islamic State (Syria)',
  'Military Forces of Turkey (2016-)',
  'Unidentified Armed Group (Syria)',
];
const OUTLETS = ['SOHR', 'SANA', 'Enab Baladi', 'North Press Agency', 'SMART News Agency', 'Step News Agency', 'Orient News', 'Al-Masdar News'];
const SYLL = ['kaf', 'ra', 'nab', 'dar', 'ma', 'sar', 'qib', 'tal', 'deir', 'ham', 'bin', 'shu', 'hur', 'ab', 'zay', 'yat', 'mish', 'lan', 'ru', 'bay'];

function pick(r, weighted) {
  let x = r() * weighted.reduce((s, w) => s + w[w.length - 1], 0);
  for (const w of weighted) if ((x -= w[w.length - 1]) <= 0) return w;
  return weighted[weighted.length - 1];
}

/** n accounts; about `dupShare` of them retell an earlier event (another outlet, spelling, toll, maybe a day later). */
export function synthetic(n, seed = 1, dupShare = 0.3, years = 6) {
  const r = rng(seed);
  const towns = GOVS.map(([gov, lat, lon, spread]) =>
    Array.from({ length: TOWNS_PER_GOV }, (_, k) => {
      const name = `${SYLL[(k * 7 + gov.length) % SYLL.length]}${SYLL[(k * 3 + 1) % SYLL.length]} ${SYLL[k % SYLL.length]}${k}`;
      return { gov, name, alt: name.replace(/a/, 'e').replace(/u/, 'ou'), lat: lat + (r() - 0.5) * 2 * spread, lon: lon + (r() - 0.5) * 2 * spread };
    }),
  );
  const start = Date.UTC(2017, 0, 1);
  const days = Math.round(years * 365);
  const accounts = [];
  const story = [];
  const unique = Math.round(n * (1 - dupShare));
  for (let i = 0; i < n; i++) {
    if (i < unique || accounts.length === 0) {
      const g = GOVS.indexOf(pick(r, GOVS));
      const town = towns[g][Math.floor(Math.pow(r(), 1.5) * TOWNS_PER_GOV)];
      const [type, sub] = pick(r, TYPES);
      const gp = r() < 0.8 ? 1 : r() < 0.6 ? 2 : 3;
      const day = Math.floor(r() * days);
      const a1 = ACTORS[Math.floor(r() * ACTORS.length)];
      const a2 = r() < 0.5 ? 'Civilians (Syria)' : ACTORS[Math.floor(r() * ACTORS.length)];
      const fat = r() < 0.6 ? 0 : Math.floor(r() * 12);
      const lat = gp === 3 ? GOVS[g][1] : town.lat + (gp === 2 ? (r() - 0.5) * 0.05 : 0);
      const lon = gp === 3 ? GOVS[g][2] : town.lon + (gp === 2 ? (r() - 0.5) * 0.05 : 0);
      accounts.push({
        report_id: `r${i}`,
        outlet: OUTLETS[Math.floor(r() * OUTLETS.length)],
        event: event(new Date(start + day * 86400000).toISOString().slice(0, 10), type, sub, a1, a2, town.gov, gp === 3 ? town.gov : town.name, lat, lon, gp, fat),
      });
      story.push(i);
    } else {
      const k = Math.floor(r() * unique);
      const base = accounts[k].event;
      const town = base.location;
      let date = base.event_date;
      if (r() < 0.2) date = new Date(Date.parse(date) + 86400000).toISOString().slice(0, 10);
      let sub = base.sub_event_type;
      if (sub === 'Air/drone strike' && r() < 0.3) sub = 'Shelling/artillery/missile attack';
      const alt = r() < 0.5 ? town.replace(/a/, 'e').replace(/u/, 'ou') : town;
      const jit = base.geo_precision === 3 ? 0 : (r() - 0.5) * 0.01;
      const fat = base.fatalities > 0 ? base.fatalities + Math.floor(r() * 3) : 0;
      accounts.push({
        report_id: `r${i}`,
        outlet: OUTLETS[Math.floor(r() * OUTLETS.length)],
        event: event(date, base.event_type, sub, base.actor1, base.actor2, base.admin1, alt, base.latitude + jit, base.longitude + jit, base.geo_precision, fat),
      });
      story.push(story[k]);
    }
  }
  return { accounts, story };
}

function event(date, type, sub, a1, a2, admin1, location, lat, lon, gp, fat) {
  return {
    doc: '', event_date: date, time_precision: 1, event_type: type, sub_event_type: sub,
    actor1: a1, assoc_actor_1: '', inter1: null, actor2: a2, assoc_actor_2: '', inter2: null, interaction: null,
    civilian_targeting: '', country: 'Syria', admin1, admin2: '', admin3: '', location,
    latitude: lat, longitude: lon, geo_precision: gp, source: '', notes: '', fatalities: fat,
    injured: null, arrested: null, fatalities_low: null, fatalities_high: null, evidence: [], confidence: 0.7, sources_count: 1,
  };
}

function quality(story, groups) {
  const gold = new Map();
  story.forEach((s, i) => gold.set(s, [...(gold.get(s) ?? []), String(i)]));
  return merge.pairwiseScore([...gold.values()], groups.map((g) => g.map(String)));
}

// ---------- one size ----------

const isMain = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (isMain) await main();

async function main() {

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

if (arg('--one')) {
  const n = Number(arg('--one'));
  const years = Number(arg('--years') ?? 6);
  const { accounts, story } = synthetic(n, 42, 0.3, years);
  global.gc?.();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const stats = {};
  const groups = merge.clusterAll(accounts, stats);
  const seconds = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const cpu = (c1.user + c1.system) / 1e6;
  const q = quality(story, groups);
  const peakMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ n, seconds: +seconds.toFixed(2), cpu_seconds: +cpu.toFixed(2), peak_rss_mb: peakMB, ...stats, f1: +q.f1.toFixed(4), precision: +q.precision.toFixed(4), recall: +q.recall.toFixed(4) }));
  process.exit(0);
}

// ---------- the report ----------

const sizes = (arg('--sizes') ?? '10000,100000,1000000').split(',').map(Number);
// --constant-density: the span grows with n (0.6 years per 10k accounts), so events per day stay as at 100k
const constant = args.includes('--constant-density');
console.log(
  constant
    ? 'merge: clusterAll on synthetic accounts at constant density (14 governorates, 0.6 years per 10k accounts, ACLED types, 30% duplicates)'
    : 'merge: clusterAll on synthetic accounts (14 governorates, 6 years, ACLED types, 30% duplicates)',
);
console.log('      n  wall s   CPU s  CPU µs/account  peak RSS MB  comparisons/account  pairwise F1 (P / R)');
let prev = null;
for (const n of sizes) {
  const years = constant ? (6 * n) / 100000 : 6;
  const child = spawnSync(process.execPath, ['--max-old-space-size=6000', fileURLToPath(import.meta.url), '--one', String(n), '--years', String(years)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = child.stdout.trim().split('\n').pop();
  if (child.status !== 0 || !line?.startsWith('{')) {
    console.log(`${String(n).padStart(8)}  failed: ${(child.stderr || child.stdout).trim().split('\n').slice(-3).join(' ')}`);
    continue;
  }
  const m = JSON.parse(line);
  const growth = prev ? `  (×${(m.cpu_seconds / prev.cpu_seconds).toFixed(1)} CPU for ×${(n / prev.n).toFixed(0)} accounts)` : '';
  console.log(
    `${String(n).padStart(8)} ${m.seconds.toFixed(1).padStart(7)} ${m.cpu_seconds.toFixed(1).padStart(7)} ${((m.cpu_seconds * 1e6) / n).toFixed(1).padStart(15)} ${String(m.peak_rss_mb).padStart(12)} ${(m.comparisons / n).toFixed(1).padStart(20)}  ${m.f1.toFixed(3)} (${m.precision.toFixed(3)} / ${m.recall.toFixed(3)})${growth}`,
  );
  prev = m;
}

if (constant) return;
// fixtures: one strike or offensive told by several outlets, and unrelated events on the same front
const helpers = await import(pathToFileURL(join(root, 'test/merge/helpers.ts')).href);
const fx = helpers.loadAccounts();
const fq = merge.pairwiseScore(helpers.goldReportGroups(fx), merge.reportGroups(fx, merge.clusterAll(fx)));
console.log(`fixtures (test/fixtures/merge, ${fx.length} accounts): pairwise F1 ${fq.f1.toFixed(3)} (P ${fq.precision.toFixed(3)} / R ${fq.recall.toFixed(3)}, ${fq.gold_pairs} gold pairs)`);

// end to end on the fixture texts, through the real extractor (when it finds events)
try {
  const { extract } = await import(pathToFileURL(join(root, 'src/pipeline/extract.ts')).href);
  const reports = helpers.loadReports();
  const accounts = [];
  for (const r of reports) {
    const { events } = extract({ id: r.id, text: r.text, title: r.title, source: r.source, published: r.published });
    for (const e of events) accounts.push({ report_id: r.id, outlet: r.source, event: e });
  }
  if (!accounts.length) console.log('fixtures end to end: the extractor found no events (stub?)');
  else {
    const q = merge.pairwiseScore(helpers.goldReportGroups(fx), merge.reportGroups(accounts, merge.clusterAll(accounts)));
    console.log(`fixtures end to end (extract → clusterAll, ${accounts.length} events from ${reports.length} reports): pairwise F1 ${q.f1.toFixed(3)} (P ${q.precision.toFixed(3)} / R ${q.recall.toFixed(3)})`);
  }
} catch (err) {
  console.log(`fixtures end to end: skipped (${String(err.message ?? err).split('\n')[0]})`);
}

// distinct ACLED rows (ACLED codes one event per actors, day and place): how many would be merged?
const acled = join(root, '..', 'shared', 'dev', 'acled-syria-2018-dev.gold.jsonl');
if (existsSync(acled)) {
  const rows = readFileSync(acled, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const accounts = rows.map((g) => ({
    report_id: g.doc,
    outlet: 'ACLED',
    event: { ...event(g.event_date, g.event_type, g.sub_event_type ?? '', g.actor1 ?? '', g.actor2 ?? '', g.admin1 ?? '', g.location ?? '', g.latitude ?? null, g.longitude ?? null, g.geo_precision ?? 1, g.fatalities ?? 0), time_precision: g.time_precision ?? 1, assoc_actor_1: g.assoc_actor_1 ?? '', assoc_actor_2: g.assoc_actor_2 ?? '' },
  }));
  const groups = merge.clusterAll(accounts);
  const joined = groups.filter((g) => g.length > 1);
  const pairs = joined.reduce((s, g) => s + (g.length * (g.length - 1)) / 2, 0);
  console.log(`ACLED 2018 dev rows (${rows.length} distinct events): ${joined.length} merged groups, ${pairs} wrongly joined pairs`);
} else console.log('ACLED dev rows: ../shared/dev not present, skipped');
}
