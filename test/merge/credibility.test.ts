import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credibility, outletsOfAccounts, reliabilityRank, type Account } from '../../src/merge/index.js';
import { loadAccounts, makeEvent } from './helpers.js';

test('reliability grades rank A..F; anything else cannot be judged', () => {
  assert.deepEqual(['A', 'b', 'C', 'D', 'E', 'F'].map(reliabilityRank), [1, 2, 3, 4, 5, 6]);
  assert.equal(reliabilityRank(null), 6);
  assert.equal(reliabilityRank(''), 6);
  assert.equal(reliabilityRank('Z'), 6);
  assert.equal(reliabilityRank('AB'), 6);
});

test('credibility table: independent outlets and their grades', () => {
  const o = (name: string, grade: string | null, via?: string) => ({ name, grade, via });
  const table: [ReturnType<typeof o>[], number][] = [
    [[], 6],
    [[o('X', null)], 6],
    [[o('X', 'F')], 6],
    [[o('X', 'E')], 5],
    [[o('X', 'D')], 4],
    [[o('X', 'C')], 3],
    [[o('X', 'B')], 2],
    [[o('X', 'A')], 2],
    [[o('X', 'B'), o('Y', 'C')], 1], // confirmed by another independent, fairly reliable source
    [[o('X', 'C'), o('Y', 'E')], 2],
    [[o('X', 'C'), o('Y', null), o('Z', 'E')], 1],
    [[o('X', 'D'), o('Y', 'D')], 3],
    [[o('X', 'E'), o('Y', 'F')], 4],
    [[o('X', null), o('Y', null), o('Z', null)], 3],
  ];
  for (const [outlets, grade] of table)
    assert.equal(credibility(outlets), grade, outlets.map((x) => `${x.name}:${x.grade}`).join(', ') || '(none)');
});

test('outlets that only relay another are not independent', () => {
  // a blog reposting SANA adds nothing to SANA
  assert.equal(credibility([{ name: 'SANA', grade: 'C' }, { name: 'Syria News Blog', grade: 'E', via: 'SANA' }]), 3);
  assert.equal(credibility([{ name: 'SANA', grade: 'C' }, { name: 'Syria News Blog via SANA', grade: 'E' }]), 3);
  assert.equal(credibility([{ name: 'SANA', grade: 'C' }, { name: 'SOHR', grade: 'C' }]), 1);
  // the same outlet twice is one outlet
  assert.equal(credibility([{ name: 'SOHR', grade: 'C' }, { name: 'sohr', grade: 'C' }]), 3);
  assert.equal(credibility([{ name: 'SOHR', grade: 'C' }, { name: 'SOHR (syriahr.com)', grade: 'C' }]), 3);
  // relays named as such
  for (const relay of ['The Syrian Observer (translation of SOHR report)', 'Syria Blog quoting SOHR', 'SOHR text as reposted by some.blog'])
    assert.equal(credibility([{ name: 'SOHR', grade: 'C' }, { name: relay, grade: 'B' }]), 3, relay);
  assert.equal(credibility([{ name: 'SouthFront', grade: 'E' }, { name: 'heartoforient blog (repost of SouthFront; pro-government)', grade: null }]), 5);
});

test('relays are worked out from the accounts: a report that attributes the claim to another outlet of the event', () => {
  const all = loadAccounts().filter((a) => a.story === 'S1');
  const sanaAndBlog = all.filter((a) => a.report_id === 'm03-sana' || a.report_id === 'm04-blog');
  const grades = (name: string): string | null => ({ SANA: 'D', 'Syria News Blog': 'E', SOHR: 'C', 'Enab Baladi': 'C' })[name] ?? null;
  const outlets = outletsOfAccounts(sanaAndBlog, grades);
  assert.equal(outlets.find((x) => x.name === 'Syria News Blog')?.via, 'sana');
  assert.equal(credibility(outlets), 4); // SANA alone, graded D
  // the whole story: SOHR, Enab Baladi (C) and others independently → confirmed
  assert.equal(credibility(outletsOfAccounts(all, grades)), 1);
  // two outlets both quoting one source are that one source
  const quoting = (outlet: string): Account => ({
    report_id: outlet,
    outlet,
    event: makeEvent({ source: `${outlet}; Hama Media Center` }),
  });
  const relays = outletsOfAccounts([quoting('Outlet One'), quoting('Outlet Two')], () => 'B');
  assert.equal(relays.every((x) => x.via === 'hama media center'), true);
  assert.equal(credibility(relays), 2);
});
