// HTML main text on saved-style news pages, compared with Mozilla Readability on the same pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { clean } from '../../src/clean/index.js';

const page = (name: string) => readFileSync(new URL(`../fixtures/html/${name}`, import.meta.url), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Case {
  file: string;
  /** every paragraph of the article */
  paragraphs: string[];
  /** furniture: none of this may come out */
  furniture: string[];
  title: string;
  outlets: string[];
  published: string;
}

const CASES: Case[] = [
  {
    file: 'sohr-like.html',
    paragraphs: [
      'Idlib province: SOHR activists have documented the death of two civilians',
      'Regime helicopters also dropped at least 12 barrel bombs',
      'Clashes continue.',
      'fighters of the National Liberation Front shot down a reconnaissance drone',
    ],
    furniture: ['Skip to content', 'About Us', 'Share this', 'WhatsApp', 'Related posts', 'Russian warplanes strike Khan Shaykhun',
      'A large Turkish military convoy', 'founded in May 2006', 'Most read', 'Copyright', 'Tagged', 'window.dataLayer'],
    title: 'Regime shelling kills two civilians in Kafr Nabl',
    outlets: ['SOHR'],
    published: '2019-05-14',
  },
  {
    file: 'southfront-like.html',
    paragraphs: [
      'Units of the Syrian Arab Army repelled an attack by Hay’at Tahrir al-Sham',
      'At least five militants were reportedly killed.',
      'Russian warplanes conducted several strikes on the outskirts of Jisr al-Shughur',
      'HTS has not commented on its losses.',
    ],
    furniture: ['2,500 $', 'BITCOIN', 'info@southfront.org', 'read this article in German', 'Share on Facebook', 'Support SouthFront',
      'Do you like this content', 'finished the job in Idlib', 'Pro-government sources always inflate', 'Kabani has been attacked dozens',
      'Leave a Reply', 'Your email address', 'crowdfunded project'],
    title: 'Syrian Army Repels Militant Attack Near Kabani',
    outlets: ['SouthFront'],
    published: '2022-03-02',
  },
  {
    file: 'blog-repost.html',
    paragraphs: [
      'On January 15, fighters of Hayat Tahrir al-Sham withdrew from the villages of Tell Khaznah',
      'The army also shelled militant positions near the Abu al-Duhur airbase',
      'Ahrar al-Sham and Faylaq al-Sham sent reinforcements',
    ],
    furniture: ['Next Blog', 'Sign In', 'collected by a reader', 'Posted by', 'Email This', 'BlogThis', 'Labels', 'No comments',
      'only a member of this blog', 'Older Post', 'Blog Archive', 'I follow the news'],
    title: 'Militants Withdraw From Three Villages In Southern Idlib',
    outlets: ['Heart of Orient', 'SouthFront'],
    published: '2018-01-16',
  },
  {
    file: 'cookie-banner.html',
    paragraphs: [
      'A drone strike hit a vehicle on the road between Al-Bab and Qabasin',
      'The sources said the drone was launched from areas held by the Syrian Democratic Forces',
      'Turkish artillery responded by shelling villages around Tal Rifaat and Manbij',
      'It was the third such strike in the area this month.',
    ],
    furniture: ['uses cookies', 'Accept', 'Reject', 'Opinion', 'book your flights', 'Facebook', 'You might also like',
      'Clashes erupt between SNA factions', 'A car bomb exploded', 'Reproduction of any content'],
    title: 'Drone strike hits vehicle near Al-Bab',
    outlets: ['Levant24'],
    published: '2024-02-11',
  },
  {
    // comments without any class or id: Readability takes them for the article and drops the article
    file: 'unmarked-comments.html',
    paragraphs: [
      'Turkish-backed factions shelled the village of Um al-Kaif north of Tal Tamr on Monday',
      'The SDF responded with mortar fire on positions near Ras al-Ain.',
      'Tensions have risen along the frontline since the start of the month.',
    ],
    furniture: ['12 Responses', 'Abu Khaled', 'tired of this war', 'My family still lives', 'circle of revenge', 'Another day, another round', 'Reply'],
    title: 'Shelling near Tal Tamr',
    outlets: ['Enab Baladi'],
    published: '',
  },
];

function errors(text: string, c: Case): { missing: string[]; leaked: string[] } {
  const t = squash(text);
  return { missing: c.paragraphs.filter((p) => !t.includes(p)), leaked: c.furniture.filter((f) => t.includes(f)) };
}

function readability(html: string): string {
  const { document } = parseHTML(html);
  const r = new Readability(document as unknown as Document).parse();
  return r?.textContent ?? '';
}

let oursTotal = 0;
let theirsTotal = 0;

for (const c of CASES) {
  test(`${c.file}: every article paragraph kept, no furniture, at least as good as Readability`, (t) => {
    const html = page(c.file);
    const doc = clean({ id: c.file, html });
    const ours = errors(doc.text, c);
    assert.deepEqual(ours.missing, [], 'paragraphs dropped');
    assert.deepEqual(ours.leaked, [], 'furniture kept');
    // paragraphs stay separate blocks, in page order
    const starts = c.paragraphs.map((p) => doc.text.indexOf(p));
    assert.deepEqual([...starts].sort((a, b) => a - b), starts);
    assert.ok(doc.text.includes('\n\n'));
    const theirs = errors(readability(html), c);
    const n = (e: { missing: string[]; leaked: string[] }) => e.missing.length + e.leaked.length;
    oursTotal += n(ours);
    theirsTotal += n(theirs);
    t.diagnostic(`readability: ${theirs.missing.length} paragraphs dropped, furniture kept: ${JSON.stringify(theirs.leaked)}`);
    assert.ok(n(ours) <= n(theirs));
  });

  test(`${c.file}: title, outlets and date from the page`, () => {
    const doc = clean({ id: c.file, html: page(c.file) });
    assert.equal(doc.title, c.title);
    assert.deepEqual(doc.outlets, c.outlets);
    assert.equal(doc.published, c.published || null);
    assert.equal(doc.language, 'en');
    // the headline leads the text
    assert.ok(doc.text.startsWith(c.title), doc.text.slice(0, 80));
  });
}

test('Readability fails where Sitrep does not (donation blocks, advertisements inside the article)', () => {
  assert.equal(oursTotal, 0);
  assert.ok(theirsTotal > 0, 'Readability made no mistakes on these pages');
});

test('a fragment of HTML without <html> is read too, and markup in text is never run', () => {
  const doc = clean({
    id: 'frag',
    html: '<p>Two civilians were killed in <b>Ariha</b> when a shell hit their house on Monday.</p><script>alert(1)</script><p>&lt;img onerror=x&gt; was written on a wall.</p>',
  });
  assert.equal(doc.text, 'Two civilians were killed in Ariha when a shell hit their house on Monday.\n\n<img onerror=x> was written on a wall.');
});

test('a page whose <body> has no paragraphs keeps its <br>-separated text', () => {
  const doc = clean({
    id: 'br',
    html: '<html><body><div>Clashes erupted in Saraqib on Monday between two factions, killing three fighters.<br><br>The fighting stopped after tribal mediation in the evening, local sources said.</div></body></html>',
  });
  assert.equal(doc.text, 'Clashes erupted in Saraqib on Monday between two factions, killing three fighters.\n\nThe fighting stopped after tribal mediation in the evening, local sources said.');
});

test("an article's own header keeps its standfirst; the page header goes", () => {
  const doc = clean({
    id: 'standfirst',
    html: `<html><body><header class="site"><p>Syria news, every day, from our correspondents across the region and beyond.</p></header>
      <article><header><p class="standfirst">Turkish drones struck two SDF positions near Qamishli on Tuesday, a local monitor said.</p></header>
      <p>The strikes hit a checkpoint on the road to Amuda and a base near Tal Hamis, killing three fighters of the SDF.</p>
      <p>The SDF said it would respond to the attacks.</p></article></body></html>`,
  });
  assert.match(doc.text, /^Turkish drones struck two SDF positions/);
  assert.doesNotMatch(doc.text, /every day/);
});

test('the outlet from the <title> when the page has no site metadata', () => {
  const doc = clean({
    id: 't',
    html: '<html><head><title>Shelling near Tal Tamr – Enab Baladi</title></head><body><h1>Shelling near Tal Tamr</h1><p>Turkish-backed factions shelled the village of Um al-Kaif north of Tal Tamr on Monday.</p></body></html>',
  });
  assert.deepEqual(doc.outlets, ['Enab Baladi']);
  assert.equal(doc.title, 'Shelling near Tal Tamr');
});
