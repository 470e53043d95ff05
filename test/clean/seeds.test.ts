// Cleaning the seed reports: page furniture goes, every line of the article stays; title, outlet and date are read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clean } from '../../src/clean/index.js';

const seed = (name: string) => readFileSync(new URL(`../../samples/seeds/${name}`, import.meta.url), 'utf8');
const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** Per seed: the lines that are furniture or page metadata (they must go); every other line must stay. */
const CASES: { file: string; furniture: string[]; title: string | null; outlets: string[]; published: string | null }[] = [
  {
    file: '000_53fe2b7e4ae119fc.txt',
    furniture: ['The Syrian Observatory For Human Rights'],
    title: 'Turkish promises for Russian side | HTS kills above 25 jihadists of foreign nationalities in military raid on Jabal al-Turkman',
    outlets: ['SOHR'],
    published: null,
  },
  {
    file: '001_0f983bf6e25fc61c.txt',
    furniture: [
      '0 $',
      '2,500 $',
      '5,000 $',
      '2,160 $',
      'Support SouthFront',
      'BITCOIN: bc1qv7k70u2zynvem59u88ctdlaw7hc735d8xep9rq',
      'BITCOIN CASH: qzjv8hrdvz6edu4gkzpnd4w6jc7zf296g5e9kkq4lxRussia-Damascus’ Best Efforts Fail To Stop The Spread Of HTS',
      'OR CONTACT US : info@southfront.org',
      'You can read this article in German: LINK.',
      'Do you like this content? Consider helping us!',
      'Leave a Reply',
      'Your email address will not be published. Required fields are marked *',
    ],
    title: 'Russia-Damascus’ Best Efforts Fail To Stop The Spread Of HTS',
    outlets: ['SouthFront'],
    published: null,
  },
  {
    file: '002_efd4bc7f6b1928c4.txt',
    furniture: ['The Syrian Observatory For Human Rights'],
    title:
      'Despite the confusion in the ranks of the jihadist factions, negotiations underway with the Turkish intelligence to reach consensus on the resolve of the factions before the grand battle of Idlib',
    outlets: ['SOHR'],
    published: null,
  },
  {
    file: '003_8f871535d99a6baf.txt',
    furniture: ['date 2023-07-08 Posted on by martyrashrakat', 'JUL 07, 2023', 'News Desk'],
    title:
      'Recent weeks have seen in increase in fighting between the Syrian army and Turkish-backed extremist groups occupying areas within the Latakia and Idlib countrysides, despite a three year old ceasefire',
    // the page is a blog's repost; the article's own date (JUL 07, 2023) wins over the repost's (2023-07-08)
    outlets: ['martyrashrakat'],
    published: '2023-07-07',
  },
  {
    file: '004_b87f130c9c7755af.txt',
    furniture: [
      'HTS security campaign | Six non-Syrian jihadists arrested near Iskenderun border • The Syrian Observatory For Human Rights',
      'You might also like',
      "This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish. Accept Read More",
    ],
    title: 'HTS security campaign | Six non-Syrian jihadists arrested near Iskenderun border',
    outlets: ['SOHR'],
    published: null,
  },
];

for (const c of CASES) {
  test(`seed ${c.file}: furniture gone, every article line kept`, () => {
    const raw = seed(c.file);
    const doc = clean({ id: c.file, text: raw });
    const out = new Set(lines(doc.text));
    for (const f of c.furniture) assert.ok(!out.has(f), `furniture kept: ${f}`);
    const furniture = new Set(c.furniture);
    for (const l of lines(raw)) {
      if (furniture.has(l)) continue;
      assert.ok(out.has(l), `article line dropped: ${l.slice(0, 80)}`);
    }
    assert.equal(doc.id, c.file);
    assert.equal(doc.language, 'en');
  });

  test(`seed ${c.file}: title, outlet, date`, () => {
    const doc = clean({ id: c.file, text: seed(c.file) });
    assert.equal(doc.title, c.title);
    assert.deepEqual(doc.outlets, c.outlets);
    assert.equal(doc.published, c.published);
  });
}

test('seed 001: the repeated title stays once, at the top', () => {
  const doc = clean({ id: '001', text: seed('001_0f983bf6e25fc61c.txt') });
  const title = 'Russia-Damascus’ Best Efforts Fail To Stop The Spread Of HTS';
  assert.equal(doc.text.split(title).length - 1, 1);
  assert.ok(doc.text.startsWith(title));
  assert.doesNotMatch(doc.text, /bitcoin|southfront\.org|\d \$/i);
  assert.ok(doc.text.endsWith('these terrorists are trained and re-equipped to fight against the Damascus government.'));
});

test("the caller's source, published and title win over what the text says", () => {
  const doc = clean({ id: 'x', text: seed('003_8f871535d99a6baf.txt'), source: 'The Cradle; SANA', published: '2023-07-09', title: 'Given' });
  assert.deepEqual(doc.outlets, ['The Cradle', 'SANA']);
  assert.equal(doc.published, '2023-07-09');
  assert.equal(doc.title, 'Given');
});

test('ACLED-style source strings map to canonical outlets', () => {
  const cases: [string, string[]][] = [
    ['SOHR; SOHR_http', ['SOHR']],
    ['SOHR, SHAM; SOHR_http', ['SOHR', 'Shaam News Network']],
    ['Orient News (Orient Net)', ['Orient News']],
    ['The Syrian Observer (translation of SOHR report)', ['The Syrian Observer', 'SOHR']],
    ['heartoforient blog (repost of SouthFront; pro-government)', ['SouthFront']],
    ['A Local Blog', ['A Local Blog']],
  ];
  for (const [source, want] of cases) assert.deepEqual(clean({ id: 'x', text: 'Some text.', source }).outlets, want, source);
});

test('a plain note without furniture comes out as it went in', () => {
  const text = 'Regime forces shelled the town of Tamanaah in southern Idleb, damaging buildings. No fatalities reported.';
  const doc = clean({ id: 'n', text, published: '2018-04-01' });
  assert.equal(doc.text, text);
  assert.equal(doc.title, null);
  assert.equal(doc.published, '2018-04-01');
});

test('a comment block is only cut at the end of a text, never in the middle of the article', () => {
  const para = 'Clashes broke out between the two factions in the town, and several fighters were killed on both sides.';
  const text = ['Title of the report', '', para, '', 'Comments', '', para.replace('town', 'village'), '', para.replace('town', 'city'), '', para, '', para].join('\n');
  const doc = clean({ id: 'c', text });
  assert.match(doc.text, /in the village/);
  assert.match(doc.text, /in the city/);
});

test('a dateline gives the date when nothing else does; a sentence with a date and a dash does not', () => {
  const para = 'Idlib province witnessed yesterday, Feb 12, an unprecedented campaign of assassinations and bombing attacks in the south-eastern countryside.';
  assert.equal(clean({ id: 'd', text: `Bloody day in Idlib\n\nOrient News, Feb. 13, 2018 - ${para}` }).published, '2018-02-13');
  assert.equal(clean({ id: 'd', text: `Bloody day in Idlib\n\nClashes on 12 March 2019 - ${para}` }).published, null);
  assert.equal(clean({ id: 'd', text: `Orient News, Feb. 13, 2018 - ${para}`, published: '2018-02-14' }).published, '2018-02-14');
});
