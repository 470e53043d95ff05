import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  blockKeys,
  clusterAll,
  combine,
  explainCluster,
  explainPair,
  findMatch,
  foldName,
  nameSimilarity,
  pairwiseScore,
  probeKeys,
  reportGroups,
  splitAccounts,
  type Account,
  type Cluster,
  type MergedSpan,
} from '../../src/merge/index.js';
import { goldReportGroups, loadAccounts, makeEvent, type FixtureAccount } from './helpers.js';

const accounts = loadAccounts();
const byReport = (id: string, story?: string): FixtureAccount =>
  accounts.find((a) => a.report_id === id && (!story || a.story === story))!;

/** The store's way: each account in turn, against the events that share a block key with it. */
function ingestOneByOne(list: Account[]): Cluster[] {
  const clusters: Cluster[] = [];
  const index = new Map<string, Set<Cluster>>();
  for (const a of list) {
    const candidates = new Set<Cluster>();
    for (const k of probeKeys(a.event)) for (const c of index.get(k) ?? []) candidates.add(c);
    const m = findMatch(a, [...candidates]);
    let target = m ? clusters.find((c) => c.id === m.cluster_id)! : undefined;
    if (!target) {
      target = { id: `E${clusters.length + 1}`, accounts: [] };
      clusters.push(target);
    }
    target.accounts.push(a);
    // an event is indexed under its accounts' keys and its merged record's
    for (const k of [...blockKeys(a.event), ...blockKeys(combine(target.accounts))]) {
      const s = index.get(k) ?? new Set<Cluster>();
      s.add(target);
      index.set(k, s);
    }
  }
  return clusters;
}

test('transliterations of one place fold to one name', () => {
  const same = [
    ['Kafranbel', 'Kafr Nabl'],
    ['Kafr Nabel', 'Kafranbel'],
    ['Maarat al-Numan', "Ma'arrat an-Nu'man"],
    ['Maarrat al-Nouman', 'Maarat al-Numan'],
    ['Kabanah', 'Kabani'],
    ['Khan Shaykhun', 'Khan Sheikhoun'],
    ['Saraqib', 'Saraqeb'],
    ['Al-Dana', 'Ad Dana'],
    ['Kafr Nabouda', 'Kafr Naboudeh'],
    ['Deir ez-Zor', 'Dayr az Zawr'],
    ['Al-Huwayz', 'Al-Hwaiz'],
  ];
  for (const [a, b] of same) assert.equal(foldName(a), foldName(b), `${a} / ${b}`);
  assert.ok(nameSimilarity(foldName('Kafranbel'), foldName('Kafr Sajna')) < 0.8);
  assert.ok(nameSimilarity(foldName('Al-Dana'), foldName('Sarmada')) < 0.8);
});

test('batch clustering of one event told several ways reaches pairwise F1 ≥ 0.8 over reports', () => {
  const groups = clusterAll(accounts);
  const result = pairwiseScore(goldReportGroups(accounts), reportGroups(accounts, groups));
  assert.ok(result.f1 >= 0.8, `pairwise F1 ${result.f1.toFixed(3)} (P ${result.precision.toFixed(3)}, R ${result.recall.toFixed(3)})`);
  assert.ok(result.precision >= 0.9, `precision ${result.precision.toFixed(3)}`);
});

test('one account at a time (as the store merges) reaches the same quality', () => {
  const clusters = ingestOneByOne(accounts);
  const system = clusters.map((c) => [...new Set(c.accounts.map((a) => a.report_id))]);
  const result = pairwiseScore(goldReportGroups(accounts), system);
  assert.ok(result.f1 >= 0.8, `pairwise F1 ${result.f1.toFixed(3)} (P ${result.precision.toFixed(3)}, R ${result.recall.toFixed(3)})`);
  // every story's accounts end in one event; no event mixes stories
  for (const c of clusters) assert.equal(new Set(c.accounts.map((a) => (a as FixtureAccount).story)).size, 1, explainCluster(c.accounts));
});

test('must merge: one strike or offensive told differently', () => {
  const mustMerge: [string, string, string][] = [
    ['m01-sohr', 'm02-enab', 'S1'], // Kafr Nabl / Kafranbel, Russian / regime warplanes, 6 / 8 killed
    ['m01-sohr', 'm03-sana', 'S1'], // air strike on civilians / missile strikes on "terrorists"
    ['m02-enab', 'm05-step', 'S1'], // a day apart
    ['m01-sohr', 'm06-orient', 'S1'], // "outskirts of Kafranbel"
    ['m07-npa', 'm08-smart', 'S2'], // Maarrat al-Nouman / Ma'arrat an-Nu'man
    ['m09-sana', 'm12-enab', 'S3'], // army "restores security" / clashes in Kafr Nabuda
    ['m10-sohr', 'm11-masdar', 'S3'],
    ['m16-sohr', 'm18-smart', 'S5'], // al-Dana / Ad Dana
    ['m17-orient', 'm19-npa', 'S5'], // Dana, car bomb / suicide bomb, 5 / 6 killed
    ['m22-sohr', 'm24-enab', 'S7'], // Saraqeb / Saraqib, unidentified drone
  ];
  for (const [x, y, story] of mustMerge) {
    const e = explainPair(byReport(x, story), byReport(y, story));
    assert.ok(e.merged, `${x} + ${y} should merge: ${e.score} ${e.reasons.join('; ')}`);
  }
});

test('must stay apart: unrelated events on the same front', () => {
  const apart: [string, string, string, string][] = [
    ['m01-sohr', 'S1', 'm01-sohr', 'S2'], // same report, Kafr Nabl strike and Maarat shelling
    ['m02-enab', 'S1', 'm07-npa', 'S2'], // Kafranbel and Maarat al-Numan, same day, 10 km
    ['m10-sohr', 'S3', 'm14-sohr', 'S4'], // Kafr Nabuda capture and al-Huwayz clashes, same day, 9 km
    ['m12-enab', 'S3', 'm15-masdar', 'S4'],
    ['m16-sohr', 'S5', 'm21-enab', 'S6b'], // car bombs in al-Dana and Sarmada, same day, 6 km
    ['m21-enab', 'S6b', 'm20-sohr', 'S6a'], // Sarmada: explosion and arrests
    ['m22-sohr', 'S7', 'm25-sohr', 'S8'], // Saraqeb, two days apart
    ['m26-enab', 'S9', 'm17-orient', 'S5'], // protest and bomb, same day
  ];
  for (const [x, sx, y, sy] of apart) {
    const e = explainPair(byReport(x, sx), byReport(y, sy));
    assert.ok(!e.merged, `${x}/${sx} + ${y}/${sy} should stay apart: ${e.score} ${e.reasons.join('; ')}`);
  }
  const groups = clusterAll(accounts);
  for (const g of groups) {
    const stories = new Set(g.map((i) => accounts[i].story));
    assert.equal(stories.size, 1, `cluster mixes ${[...stories].join(', ')}`);
  }
});

test('reasons name the day, the two spellings and the distance, and the shared actor', () => {
  const e = explainPair(byReport('m01-sohr', 'S1'), byReport('m02-enab', 'S1'));
  assert.ok(e.reasons.includes('same day (2019-05-06)'), e.reasons.join('; '));
  assert.ok(e.reasons.some((r) => /Kafr Nabl\/Kafranbel 0\.\d km apart/.test(r)), e.reasons.join('; '));
  const f = explainPair(byReport('m10-sohr'), byReport('m11-masdar'));
  assert.ok(f.reasons.some((r) => r.includes('both name') && r.includes('HTS: Hayat Tahrir al-Sham')), f.reasons.join('; '));
  const far = explainPair(byReport('m22-sohr'), byReport('m25-sohr'));
  assert.deepEqual(far.reasons, ['2 days apart']);
  assert.equal(far.veto, true);
  const m = findMatch(byReport('m02-enab'), [{ id: 'E1', accounts: [byReport('m01-sohr', 'S1')] }]);
  assert.equal(m?.cluster_id, 'E1');
  assert.ok(m!.reasons[0].startsWith('matches SOHR report m01-sohr'));
});

test('combine: union of sources, the conservative toll and its range, every span tagged with its report', () => {
  const s1 = accounts.filter((a) => a.story === 'S1');
  const e = combine(s1);
  assert.equal(e.sources_count, 6);
  assert.equal(e.fatalities, 6); // smallest toll a report gives
  assert.equal(e.fatalities_low, 6); // reports that give no toll do not pull it to 0
  assert.equal(e.fatalities_high, 8);
  assert.equal(e.injured, 12);
  assert.equal(e.event_date, '2019-05-06'); // five say Monday, one Tuesday
  assert.equal(e.geo_precision, 1);
  assert.equal(e.sub_event_type, 'Air/drone strike');
  for (const o of ['SOHR', 'Enab Baladi', 'SANA', 'Syria News Blog', 'Step News Agency', 'Orient News', 'White Helmets'])
    assert.ok(e.source.split('; ').includes(o), `${o} in ${e.source}`);
  assert.equal(e.evidence.length, 6);
  assert.deepEqual(new Set((e.evidence as MergedSpan[]).map((s) => s.report_id)), new Set(s1.map((a) => a.report_id)));
  assert.match(e.notes, /Reports differ on the toll: 6 \(SOHR\), 8 \(Enab Baladi\), 7 \(Step News Agency\)/);
  assert.ok(e.confidence > 0.9);
  // a blog reposting SANA adds no confidence to SANA; an independent outlet does
  assert.equal(combine(s1.filter((a) => a.report_id === 'm03-sana' || a.report_id === 'm04-blog')).confidence, 0.7);
  assert.equal(combine(s1.filter((a) => a.report_id === 'm03-sana' || a.report_id === 'm02-enab')).confidence, 0.91);
  // both sides' actors are kept
  const all = [e.actor1, e.actor2, ...e.assoc_actor_1.split('; '), ...e.assoc_actor_2.split('; ')];
  for (const a of ['Military Forces of Russia (2000-)', 'Military Forces of Syria (2000-2024)', 'HTS: Hayat Tahrir al-Sham'])
    assert.ok(all.includes(a), `${a} in ${all.join(' | ')}`);
  // an offensive told as a capture by most and as clashes by one is a capture
  const s3 = combine(accounts.filter((a) => a.story === 'S3'));
  assert.equal(s3.sub_event_type, 'Government regains territory');
  assert.equal(s3.actor1, 'Military Forces of Syria (2000-2024)');
  assert.equal(s3.actor2, 'HTS: Hayat Tahrir al-Sham');
  assert.ok(s3.assoc_actor_2.includes('NLF: National Liberation Front'));
  assert.equal(s3.fatalities_low, 15);
  assert.equal(s3.fatalities_high, 22);
});

test('a merge is explained and can be split again', () => {
  const s5 = accounts.filter((a) => a.story === 'S5');
  const reason = explainCluster(s5);
  assert.match(reason, /Orient News m17-orient ~ SOHR m16-sohr \(score [\d.]+\): same day \(2019-05-10\)/);
  const { kept, moved } = splitAccounts(s5, ['m19-npa']);
  assert.equal(kept.length, 3);
  assert.equal(moved.length, 1);
  assert.equal(combine(kept).fatalities_high, 5);
  assert.equal(combine(moved).sources_count, 1);
  assert.equal(combine(moved).fatalities, 6);
});

test('a single account comes back unchanged but for sources_count', () => {
  const a = byReport('m13-aa');
  const e = combine([a]);
  assert.equal(e.fatalities_low, null);
  assert.equal(e.sources_count, 1);
  assert.equal(e.location, 'Kafr Nabudah');
});

test('blocking: true matches share a key; weak dates and places get keys too', () => {
  for (const story of new Set(accounts.map((a) => a.story))) {
    const list = accounts.filter((a) => a.story === story);
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const ki = new Set(blockKeys(list[i].event));
        assert.ok(blockKeys(list[j].event).some((k) => ki.has(k)), `${list[i].report_id} / ${list[j].report_id} share no key`);
        // looking up with probeKeys finds the other too
        assert.ok(probeKeys(list[j].event).some((k) => ki.has(k)), `${list[j].report_id} does not find ${list[i].report_id}`);
      }
  }
  const town = makeEvent({ event_date: '2019-05-06', admin1: 'Idleb', location: 'Kafr Nabl', latitude: 35.6131, longitude: 36.5614 });
  const region = makeEvent({ event_date: '2019-05-06', admin1: 'Idleb', location: 'Idleb', geo_precision: 3 });
  const month = makeEvent({ event_date: '2019-05-01', time_precision: 3, admin1: 'Idleb', location: 'Kafr Nabl', latitude: 35.6131, longitude: 36.5614 });
  const nowhere = makeEvent({ event_date: null });
  assert.equal(blockKeys(town).length, 10); // 2×2 cells × 2 buckets, and its 0.5° cell × 2 buckets
  const tk = new Set(blockKeys(town));
  assert.ok(blockKeys(region).some((k) => tk.has(k)), 'a governorate-level account meets the town-level one');
  assert.ok(probeKeys(region).some((k) => tk.has(k)), 'a governorate-level account finds the town-level one');
  assert.ok(probeKeys(town).some((k) => blockKeys(region).includes(k)), 'a town-level account finds the governorate-level one');
  assert.ok(blockKeys(month).some((k) => tk.has(k)), 'a month-precision account meets the dated one');
  assert.deepEqual(blockKeys(nowhere), ['A|V|nowhere|undated', 'W|V|nowhere|undated']);
  // a governorate-level account across the border still meets the town (Hama's countryside, a town in Idleb)
  const hama = makeEvent({ event_date: '2019-05-06', admin1: 'Hama', location: 'Hama', latitude: 35.1318, longitude: 36.7578, geo_precision: 3 });
  const maarat = makeEvent({ event_date: '2019-05-06', admin1: 'Idleb', location: 'Maarrat an Numan', latitude: 35.6483, longitude: 36.6769 });
  assert.ok(probeKeys(hama).some((k) => blockKeys(maarat).includes(k)));
  assert.ok(probeKeys(maarat).some((k) => blockKeys(hama).includes(k)));
  // a protest never shares a key with a strike
  const protest = makeEvent({ ...town, event_type: 'Protests', sub_event_type: 'Peaceful protest' });
  assert.ok(!blockKeys(protest).some((k) => tk.has(k)));
});

test('blocking keeps candidates few on a busy front', () => {
  // 3,000 accounts in Idleb and Hama over 60 days: each account should meet only a handful of others
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const list: Account[] = [];
  for (let i = 0; i < 3000; i++) {
    const day = Math.floor(rnd() * 60);
    list.push({
      report_id: `r${i}`,
      outlet: 'X',
      event: makeEvent({
        event_date: new Date(Date.UTC(2019, 3, 20 + day)).toISOString().slice(0, 10),
        latitude: 35.3 + rnd() * 0.9,
        longitude: 36.3 + rnd() * 0.7,
        location: `Place ${i % 400}`,
      }),
    });
  }
  const stats: { comparisons?: number } = {};
  clusterAll(list, stats);
  const perAccount = stats.comparisons! / list.length;
  assert.ok(perAccount < 20, `${perAccount.toFixed(1)} candidates per account`);
});

test('two accounts of one report are kept apart unless nearly identical', () => {
  const a = byReport('m16-sohr');
  const twin: Account = { ...a, event: { ...a.event, evidence: [] } };
  const other: Account = { ...a, event: { ...a.event, sub_event_type: 'Suicide bomb', fatalities: 2 } };
  assert.equal(explainPair(a, twin).merged, true);
  assert.equal(explainPair(a, other).merged, false);
});

test('pairwise score over report pairs', () => {
  const gold = [['a', 'b', 'c'], ['d'], ['e', 'f']];
  assert.deepEqual(pairwiseScore(gold, gold), { precision: 1, recall: 1, f1: 1, gold_pairs: 4, system_pairs: 4, true_pairs: 4 });
  // one cluster too many (c alone), one wrong pair (d+e); reports the gold does not name are ignored
  const r = pairwiseScore(gold, [['a', 'b'], ['c'], ['d', 'e', 'x'], ['e', 'f'], ['a', 'b']]);
  assert.equal(r.true_pairs, 2);
  assert.equal(r.system_pairs, 3);
  assert.equal(r.gold_pairs, 4);
  assert.equal(r.precision, 2 / 3);
  assert.equal(r.recall, 0.5);
  assert.equal(pairwiseScore([['a'], ['b']], [['a'], ['b']]).f1, 1);
});

test('two undated accounts of a town and a kind of event are not merged on that alone', () => {
  // two reports, neither dated, of clashes involving HTS at Idlib: they may be years apart
  const at = { event_type: 'Battles', sub_event_type: 'Armed clash', admin1: 'Idleb', location: 'Idlib', latitude: 35.93, longitude: 36.63, actor1: 'HTS: Hayat Tahrir al-Sham' };
  const a: Account = { report_id: 'r1', outlet: 'SOHR', event: makeEvent({ ...at, actor2: 'Civilians (Syria)' }) };
  const b: Account = { report_id: 'r2', outlet: 'The Syrian Observer', event: makeEvent({ ...at, actor2: 'Hurras al-Din' }) };
  const e = explainPair(a, b);
  assert.equal(e.merged, false, JSON.stringify(e));
  assert.ok(e.reasons.includes('neither account has a date'), JSON.stringify(e.reasons));
  // dated the same day, they are one event
  const d = explainPair({ ...a, event: { ...a.event, event_date: '2023-07-07' } }, { ...b, event: { ...b.event, event_date: '2023-07-07' } });
  assert.equal(d.merged, true, JSON.stringify(d));
});
