// `sitrep eval`'s scorer gives the same numbers as the reference scorer (../shared/eval/score.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatScore, parseEventLines, score } from '../../src/evaluate/index.js';

const REFERENCE = new URL('../../../shared/eval/score.mjs', import.meta.url);

const GOLD = [
  { doc: 'r1', event_type: 'Battles', sub_event_type: 'Armed clash', actor1: 'HTS: Hayat Tahrir al-Sham', actor2: 'Jund al-Sham|Junud al-Sham', admin1: 'Lattakia', location: 'Jabal al-Turkman', latitude: 35.7796, longitude: 35.9613, fatalities: 34 },
  { doc: 'r1', event_type: 'Strategic developments', sub_event_type: 'Arrests', actor1: 'HTS: Hayat Tahrir al-Sham', admin1: 'Lattakia', arrested: 3 },
  { doc: 'r1', event_type: 'Strategic developments', sub_event_type: 'Other', actor1: 'Military Forces of Turkey (2016-)', optional: true },
  { doc: 'r2', event_date: '1-Apr-18', event_type: 'Remote violence', actor1: 'Military Forces of Syria (2000-)', admin1: 'Idleb', location: 'Tamanaah', latitude: 35.4598, longitude: 36.7465, fatalities: 0 },
  { doc: 'r2', event_date: '2018-04-01', event_type: 'Battle-No change of territory', actor1: 'HTS: Hayat Tahrir al-Sham', actor2: 'JTS: Syria Liberation Front', admin1: 'Idleb', location: 'Telamnas', fatalities: 2 },
  { doc: 'r3', event_type: 'Protests', sub_event_type: 'Peaceful protest', actor1: 'Protesters (Syria)', admin1: 'Idleb', location: 'Atma' },
];
const SYSTEM = [
  { doc: 'r1', event_type: 'Battles', sub_event_type: 'Armed clash', actor1: "Hay'at Tahrir al-Sham", actor2: 'Junud al-Sham', admin1: 'Latakia', location: 'Jabal Turkman', latitude: 35.8, longitude: 35.95, fatalities: 26 },
  { doc: 'r1', event_type: 'Strategic developments', sub_event_type: 'Arrests', actor1: 'HTS', admin1: 'Lattakia', arrested: 3 },
  { doc: 'r1', event_type: 'Strategic developments', sub_event_type: 'Other', actor1: 'Military Forces of Turkey (2016-)' },
  { doc: 'r2', event_date: '2018-04-01', event_type: 'Explosions/Remote violence', sub_event_type: 'Shelling/artillery/missile attack', actor1: 'Military Forces of Syria (2000-2024)', admin1: 'Idlib', location: 'Tamanaa', latitude: 35.46, longitude: 36.75, fatalities: 0 },
  { doc: 'r2', event_date: '2018-04-02', event_type: 'Battles', sub_event_type: 'Armed clash', actor1: 'JTS: Jabhat Tahrir Souriya', actor2: 'HTS: Hayat Tahrir al-Sham', admin1: 'Idleb', location: 'Talamnas', fatalities: 0 },
  { doc: 'r2', event_type: 'Violence against civilians', sub_event_type: 'Attack', actor1: 'Unidentified Armed Group (Syria)', admin1: 'Idleb' },
  { doc: 'r9', event_type: 'Battles', sub_event_type: 'Armed clash', actor1: 'X' },
];

test('scores a small gold/system pair: pairing, optional gold, old ACLED types, alternatives, km', () => {
  const { summary } = score(GOLD, SYSTEM);
  assert.equal(summary.tp, 4);
  assert.equal(summary.fn, 1); // the protest in r3
  assert.equal(summary.fp, 1); // the attack in r2 (r9 has no gold and is not scored; the optional pair is neither)
  assert.equal(summary.system_events, 6);
  assert.equal(summary.precision, 0.8);
  assert.equal(summary.recall, 0.8);
  assert.equal(summary.f1, 0.8);
  assert.deepEqual(summary.fields.fatalities, { accuracy: 0.333, n: 3 });
  assert.deepEqual(summary.fields.arrested, { accuracy: 1, n: 1 });
  assert.deepEqual(summary.fields.event_date, { accuracy: 0.5, n: 2 });
  assert.equal(summary.all_fields_correct, 0.5);
  assert.equal(summary.strict_f1, 0.4);
  // a tighter distance turns the Jabal al-Turkman pairing's place wrong
  assert.ok(score(GOLD, SYSTEM, { km: 0.5 }).summary.fields.location.accuracy! < summary.fields.location.accuracy!);
});

test('the text report prints P/R/F1, field accuracies and strict F1', () => {
  const text = formatScore(score(GOLD, SYSTEM));
  assert.match(text, /^events {2}P 0\.8 {2}R 0\.8 {2}F1 0\.8 {2}\(tp 4, fp 1, fn 1\)\n/);
  assert.match(text, /strict F1 0\.4\n$/);
  const json = JSON.parse(formatScore(score(GOLD, SYSTEM), { json: true, details: true }));
  assert.equal(json.f1, 0.8);
  assert.ok(json.details.some((d: { missed?: boolean }) => d.missed));
});

test('gives exactly the reference scorer’s numbers (seeds gold, small files, with --details)', { skip: !existsSync(REFERENCE) && 'the reference scorer ../shared/eval/score.mjs is not here' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-eval-'));
  try {
    const seedsGold = readFileSync(new URL('../../samples/seeds.gold.jsonl', import.meta.url), 'utf8');
    const g = join(dir, 'gold.jsonl');
    const s = join(dir, 'sys.jsonl');
    const seedsG = join(dir, 'seeds-gold.jsonl');
    writeFileSync(g, GOLD.map((x) => JSON.stringify(x)).join('\n'));
    writeFileSync(s, SYSTEM.map((x) => JSON.stringify(x)).join('\n'));
    writeFileSync(seedsG, seedsGold);
    // the seeds' gold scored against itself minus a few events, and with every event's actors swapped
    const seedRows = parseEventLines(seedsGold, 'seeds');
    const variant = join(dir, 'variant.jsonl');
    writeFileSync(
      variant,
      seedRows
        .filter((_, i) => i % 4 !== 1)
        .map((r) => JSON.stringify({ ...r, actor1: r.actor2 ?? r.actor1, actor2: r.actor1, fatalities: 0 }))
        .join('\n'),
    );
    for (const [gold, sys, km] of [[g, s, '25'], [g, s, '2'], [seedsG, variant, '25'], [seedsG, seedsG, '25']]) {
      for (const extra of [['--json', '--details'], []]) {
        const ref = spawnSync(process.execPath, [REFERENCE.pathname, '--gold', gold, '--system', sys, '--km', km, ...extra], { encoding: 'utf8' });
        assert.equal(ref.status, 0, ref.stderr);
        const ours = formatScore(score(parseEventLines(readFileSync(gold, 'utf8'), gold), parseEventLines(readFileSync(sys, 'utf8'), sys), { km: Number(km) }), {
          json: extra.includes('--json'),
          details: extra.includes('--details'),
        });
        assert.equal(ours, ref.stdout);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad line in a gold or system file is a one-line FILE:LINE error', () => {
  assert.throws(() => parseEventLines('{"doc":"a"}\n{oops\n', 'gold.jsonl'), { message: 'gold.jsonl:2: not JSON' });
});
