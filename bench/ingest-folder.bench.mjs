#!/usr/bin/env node
// Folder ingest benchmark (issue #3: "memory bounded while ingesting a 10 GB folder"): builds a folder that
// looks like an analyst's saved reports, runs the real CLI on it (`node bin/sitrep.js ingest DIR --db FILE`)
// as a child process, samples the child's memory every 250 ms from /proc, and prints RSS against how much
// of the folder had been stored, with the slope of RSS per GB of input.
//
//   node bench/ingest-folder.bench.mjs [--gb 0.2] [--dir DIR] [--keep] [--rebuild] [--batch N] [--node-flags "--max-old-space-size=200"]
//
// --gb        size of the folder (decimal GB, 1e9 bytes); default 0.2 so that `npm run bench` takes minutes.
//             The issue's figure is --gb 10 (about 40 min on one core).
// --dir       where the folder goes (default os.tmpdir()); never inside the repository. The folder
//             (DIR/sitrep-ingest-folder-<gb>GB) is kept and reused while its marker file says the same size
//             and layout; --rebuild builds it again. Delete it yourself when done.
// --keep      keep the database file (its path is printed)
// --node-flags  extra flags for the child's node (e.g. --max-old-space-size=256 to see whether it fits)
// --no-live-heap  do not record the child's live JavaScript heap. By default a small probe module (written to
//             the run's temporary folder, loaded with --import) records the heap in use right after each of
//             V8's full collections (a PerformanceObserver on 'gc': nothing is forced, so the run is as without
//             it). This is the leak test: RSS rises and falls with V8's collections (the heap limit is a share
//             of the machine's memory, and V8 grows the heap lazily towards it); the heap left after a full
//             collection rises only if something is kept.
//
// The folder: mostly saved web pages (.html, 100–300 KB: a news site's template with head, meta, JSON-LD,
// inline scripts and styles, menus, cookie banner, share buttons, related links, comments, footer, and one
// report as the article's <p> paragraphs), plus .txt reports, .jsonl exports of many reports and .jsonl.gz
// archives, in nested folders (and one flat "unsorted" folder that grows with the size). The texts are the
// dev sets ../shared/dev/acled-syria-2018-dev.docs.jsonl and articles-dev.docs.jsonl (read from there,
// never copied into the repository) and samples/seeds/*.txt; without the dev sets, the seeds alone. Each
// report appears again and again with a new id, different page furniture, and its dates a week later each
// round, so no file is skipped as unchanged and repeats are new events rather than one event told 100 times.
//
// Memory: VmRSS counts the pages of the SQLite file the store maps (mmap_size 1 GiB), which grow with the
// database and which the kernel can drop at will; RssAnon (the process's own memory: JavaScript heap,
// SQLite page cache, buffers) is what says whether ingest streams. Both are printed, with their slopes.
// Progress through the folder comes from the reports' ingested_at in the database after the run: the
// reader goes through the folder in a fixed order and reports are stored in input order, so the k-th
// stored report says how many bytes of the folder had been read by then.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { createRequire } from 'node:module';

const root = resolve(new URL('..', import.meta.url).pathname);
const DEV = resolve(root, '../shared/dev');
const argv = process.argv.slice(2);
const arg = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);
const GB = Number(arg('gb', '0.2'));
const BASE_DIR = resolve(arg('dir', tmpdir()));
const KEEP = flag('keep');
const REBUILD = flag('rebuild');
const BATCH = arg('batch', null);
const NODE_FLAGS = String(arg('node-flags', '')).split(/\s+/).filter(Boolean);
const LIVE_HEAP = !flag('no-live-heap');
const LAYOUT = 4; // bump when the folder's contents change: an older folder is rebuilt
const TICK = 100; // USER_HZ, for /proc/*/stat

if (!(GB > 0)) {
  console.error('ingest-folder.bench: --gb must be a positive number');
  process.exit(2);
}
const inRepo = relative(root, BASE_DIR);
if (inRepo === '' || (!inRepo.startsWith('..') && !isAbsolute(inRepo))) {
  console.error(`ingest-folder.bench: --dir ${BASE_DIR} is inside the repository; give a folder outside it`);
  process.exit(2);
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const mib = (kb) => `${fmt(kb / 1024)} MB`;
const gbOf = (bytes) => bytes / 1e9;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

// ---------------------------------------------------------------- texts

/** The reports the folder is made of: dev sets if present, else the seeds. */
function baseDocs() {
  const docs = [];
  for (const f of ['acled-syria-2018-dev.docs.jsonl', 'articles-dev.docs.jsonl']) {
    const p = join(DEV, f);
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) docs.push(JSON.parse(line));
  }
  const fromDev = docs.length > 0;
  const seeds = join(root, 'samples/seeds');
  for (const f of existsSync(seeds) ? readdirSync(seeds).filter((n) => n.endsWith('.txt')).sort() : []) {
    const text = readFileSync(join(seeds, f), 'utf8');
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    docs.push({ id: `seed-${f.replace(/\.txt$/, '')}`, text, title: lines[1] ?? lines[0], published: '2018-01-15', source: lines[0] });
  }
  for (const d of docs) {
    d.published ??= '2018-01-15';
    d.title ??= titleOf(d.text);
    d.source ??= 'Local sources';
  }
  return { docs, fromDev };
}

function titleOf(text) {
  const first = text.split(/(?<=[.!?])\s/)[0] ?? text;
  return first.length > 90 ? `${first.slice(0, 87).replace(/\s\S*$/, '')}…` : first.replace(/\.$/, '');
}

function shiftDay(day, days) {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDate = (day) => `${Number(day.slice(8, 10))} ${MONTH_NAMES[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

/** a small fast PRNG, so a folder of the same size is the same folder */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    hex: (n) => {
      let s = '';
      while (s.length < n) s += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
      return s.slice(0, n);
    },
  };
}

// ---------------------------------------------------------------- page furniture

const SITES = [
  { slug: 'syriahr', host: 'www.syriahr.com', name: 'The Syrian Observatory For Human Rights', section: 'Syrian Events' },
  { slug: 'enabbaladi', host: 'english.enabbaladi.net', name: 'Enab Baladi', section: 'News' },
  { slug: 'northpress', host: 'npasyria.com', name: 'North Press Agency', section: 'Syria' },
  { slug: 'syriadirect', host: 'syriadirect.org', name: 'Syria Direct', section: 'Reports' },
  { slug: 'levant24', host: 'levant24.com', name: 'Levant 24', section: 'Conflict' },
  { slug: 'daily-monitor', host: 'www.middle-east-monitor.example', name: 'Middle East Daily Monitor', section: 'World' },
];
const NAV_WORDS = ['Home', 'News', 'Syria', 'Idlib', 'Aleppo', 'Hama', 'Homs', 'Damascus', 'Daraa', 'Deir ez-Zor', 'Raqqa', 'Hasakah', 'Latakia', 'Politics', 'Economy', 'Reports', 'Investigations', 'Opinion', 'Infographics', 'Video', 'Podcasts', 'Maps', 'Archive', 'About us', 'Contact', 'Donate', 'Arabic', 'Kurdish', 'Turkish', 'Refugees', 'Human rights', 'Health', 'Culture', 'Sport', 'Weather', 'Newsletter', 'Careers', 'Advertise'];
const COMMENTS = [
  'Thank you for keeping track of this, nobody else does.',
  'May God have mercy on the victims and protect the innocent.',
  'Where is the international community? Every week the same news.',
  'This is propaganda, check your sources before publishing.',
  'Can you publish the names? My cousin lives near there and we cannot reach him.',
  'Great reporting as always. Please keep it up.',
  'The numbers in this article do not match what was said on TV yesterday.',
  'Is there any update on the humanitarian corridor?',
  'Sad times. When will this end?',
  'I shared this with my family abroad, thank you.',
];
const COOKIE = 'We use cookies and similar technologies to improve your experience, measure audiences and show you personalised content and advertising. By clicking “Accept all” you agree to the storing of cookies on your device. You can change your choices at any time in the privacy centre.';

/** a few big blobs built once; pages take slices of them with their own bits around */
function blobs(r) {
  const css = [];
  for (let k = 0; k < 12; k++) {
    let s = '';
    let i = 0;
    const size = r.int(15_000, 45_000);
    while (s.length < size) {
      const sel = r.pick(['.site-header', '.nav-menu', '.article-body', '.share-bar', '.related-posts', '.footer-col', '.cookie-banner', '.comment', '.btn', '.ad-slot', '.ticker']);
      s += `${sel}${i ? `-${i}` : ''}{display:${r.pick(['block', 'flex', 'grid', 'none'])};margin:${r.int(0, 40)}px ${r.int(0, 40)}px;padding:${r.int(0, 24)}px;color:#${r.hex(6)};font:${r.int(11, 22)}px/${(1 + r.next()).toFixed(2)} "Noto Sans",Arial,sans-serif;border-radius:${r.int(0, 12)}px}\n@media (max-width:${r.int(320, 1440)}px){${sel}-${i}{flex-direction:column;gap:${r.int(2, 30)}px}}\n`;
      i++;
    }
    css.push(s);
  }
  const js = [];
  for (let k = 0; k < 12; k++) {
    let s = '';
    const size = r.int(8_000, 30_000);
    let i = 0;
    while (s.length < size) {
      s += `function _${r.hex(6)}(e,t){var n=document.querySelectorAll("[data-${r.hex(4)}]");for(var o=0;o<n.length;o++){n[o].addEventListener("click",function(){window.dataLayer=window.dataLayer||[];dataLayer.push({event:"ui_${i}",id:"${r.hex(12)}"})})}return e&&t?e+t:${r.int(0, 99999)}}\n`;
      i++;
    }
    js.push(s);
  }
  // a Next.js-style page state: the bulk of many news pages' bytes
  let state = '';
  let i = 0;
  while (state.length < 2_500_000) {
    state += `{"id":${100000 + i},"slug":"${r.pick(NAV_WORDS).toLowerCase().replace(/\W+/g, '-')}-${r.hex(8)}","views":${r.int(0, 900000)},"tags":["${r.pick(NAV_WORDS)}","${r.pick(NAV_WORDS)}"],"thumb":"https://cdn.example/img/${r.hex(16)}.jpg","w":${r.int(320, 1920)},"h":${r.int(180, 1080)},"t":${r.int(1500000000, 1700000000)}},`;
    i++;
  }
  return { css, js, state };
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paragraphs = (text) =>
  text
    .split(/\n\s*\n|\n(?=•)/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');

/** one saved web page of about `target` bytes */
function page(r, B, site, doc, id, day, target, related) {
  const url = `https://${site.host}/en/${id}/`;
  const stamp = `${day}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00+03:00`;
  const title = esc(doc.title);
  const navN = r.int(20, NAV_WORDS.length);
  const nav = [];
  for (let k = 0; k < navN; k++) {
    const w = NAV_WORDS[(k * 7 + r.int(0, 3)) % NAV_WORDS.length];
    const sub = r.next() < 0.3 ? `<ul class="sub-menu">${Array.from({ length: r.int(3, 10) }, (_, j) => `<li class="menu-item"><a href="/en/${w.toLowerCase().replace(/\W+/g, '-')}/${j}">${w} ${j + 1}</a></li>`).join('')}</ul>` : '';
    nav.push(`<li class="menu-item menu-item-${r.int(100, 9999)}"><a href="/en/${w.toLowerCase().replace(/\W+/g, '-')}/">${w}</a>${sub}</li>`);
  }
  const rel = related.map((t) => `<li class="related-item"><a href="https://${site.host}/en/${r.int(100000, 999999)}/">${esc(t)}</a><span class="date">${longDate(shiftDay(day, -r.int(1, 30)))}</span></li>`).join('\n');
  const comments = Array.from({ length: r.int(0, 25) }, (_, k) => `<div class="comment" id="comment-${r.hex(8)}"><div class="comment-author">${r.pick(['Abu Omar', 'Rami', 'Lina K.', 'observer', 'Hassan', 'Maria', 'anon'])}${k}</div><time class="comment-time">${r.int(1, 23)} hours ago</time><p>${r.pick(COMMENTS)}</p><a class="reply" href="#c${k}">Reply</a></div>`).join('\n');
  const footerCols = Array.from({ length: r.int(3, 6) }, () => `<div class="footer-col"><h4>${r.pick(NAV_WORDS)}</h4><ul>${Array.from({ length: r.int(4, 12) }, () => `<li><a href="/en/${r.hex(6)}">${r.pick(NAV_WORDS)}</a></li>`).join('')}</ul></div>`).join('');
  const ld = JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'NewsArticle', headline: doc.title, datePublished: stamp, dateModified: stamp, url, publisher: { '@type': 'Organization', name: site.name }, author: { '@type': 'Person', name: r.pick(['Newsroom', 'Staff reporter', 'Field correspondent']) }, mainEntityOfPage: url, articleSection: site.section },
      { '@type': 'BreadcrumbList', itemListElement: [{ '@type': 'ListItem', position: 1, name: 'Home', item: `https://${site.host}/` }, { '@type': 'ListItem', position: 2, name: site.section }] },
    ],
  });
  const head = `<!DOCTYPE html>
<html lang="en-US" class="no-js build-${r.hex(10)}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${esc(site.name)}</title>
<meta name="description" content="${esc(doc.text.slice(0, 150))}">
<meta property="og:site_name" content="${esc(site.name)}">
<meta property="og:type" content="article">
<meta property="og:title" content="${title}">
<meta property="og:url" content="${url}">
<meta property="og:image" content="https://${site.host}/wp-content/uploads/${day.slice(0, 7).replace('-', '/')}/${r.hex(12)}.jpg">
<meta property="article:published_time" content="${stamp}">
<meta property="article:section" content="${site.section}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="${url}">
${Array.from({ length: r.int(5, 20) }, () => `<link rel="preload" as="font" href="/fonts/${r.hex(10)}.woff2" crossorigin>`).join('\n')}
<style id="theme-css-${r.hex(5)}">${r.pick(B.css)}</style>
<script type="application/ld+json">${ld}</script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());gtag("config","G-${r.hex(10).toUpperCase()}",{page_path:"/en/${id}/"});</script>
<script>${r.pick(B.js)}</script>
</head>
`;
  const body = `<body class="post-template-default single single-post postid-${r.int(10000, 999999)}">
<div id="cookie-banner" class="cookie-banner cookie-consent" role="dialog"><p>${COOKIE}</p><button class="btn accept">Accept all</button><button class="btn">Manage choices</button></div>
<header class="site-header"><div class="logo"><a href="/"><img src="/logo-${r.hex(6)}.svg" alt="${esc(site.name)}"></a></div>
<nav class="main-navigation" role="navigation"><ul id="menu-main" class="nav-menu">${nav.join('')}</ul></nav>
<div class="ticker breaking-news"><span>Breaking</span><ul>${related.slice(0, 5).map((t) => `<li><a href="#">${esc(t)}</a></li>`).join('')}</ul></div></header>
<main id="main" class="site-main"><article class="post type-post">
<header class="entry-header"><div class="breadcrumbs"><a href="/">Home</a> » <a href="/en/${site.section.toLowerCase().replace(/\W+/g, '-')}/">${site.section}</a></div>
<h1 class="entry-title">${title}</h1>
<div class="entry-meta"><span class="byline">${r.pick(['Newsroom', 'Staff reporter', 'Field correspondent'])}</span> <time class="entry-date published" datetime="${stamp}">${longDate(day)}</time></div></header>
<div class="share-buttons social-share"><a class="share-facebook" href="https://facebook.com/sharer?u=${encodeURIComponent(url)}">Facebook</a><a class="share-twitter" href="https://twitter.com/intent/tweet?url=${encodeURIComponent(url)}">Twitter</a><a class="share-whatsapp" href="whatsapp://send?text=${encodeURIComponent(url)}">WhatsApp</a><a class="share-telegram" href="#">Telegram</a></div>
<div class="entry-content article-body">
${paragraphs(doc.text)}
</div>
<div class="tags-links">${Array.from({ length: r.int(2, 6) }, () => `<a href="/tag/${r.pick(NAV_WORDS).toLowerCase()}" rel="tag">${r.pick(NAV_WORDS)}</a>`).join(' ')}</div>
</article>
<aside class="related-posts sidebar" role="complementary"><h3>Related</h3><ul>${rel}</ul></aside>
<section class="newsletter-signup"><h3>Get our daily briefing</h3><form action="/subscribe"><input type="email" name="email" placeholder="Your email"><button>Subscribe</button></form></section>
<section id="comments" class="comments-area"><h3>${r.int(0, 90)} comments</h3>${comments}</section>
</main>
<footer class="site-footer" role="contentinfo">${footerCols}<p class="copyright">© ${day.slice(0, 4)} ${esc(site.name)}. All rights reserved. Build ${r.hex(12)}</p></footer>
<script>${r.pick(B.js)}</script>
`;
  const tail = '\n</body>\n</html>\n';
  const fixed = head.length + body.length + tail.length + 80;
  let pad = '';
  if (target > fixed) {
    const n = target - fixed;
    const at = r.int(0, B.state.length - n - 1);
    pad = `<script id="__NEXT_DATA__" type="application/json">{"props":{"items":[${B.state.slice(at, at + n)}]}}</script>`;
  }
  return head + body + pad + tail;
}

// ---------------------------------------------------------------- the folder

/** Builds the folder (or finds it built): returns its marker. */
async function buildFolder(dir) {
  const markerPath = join(dir, '.sitrep-bench-folder.json');
  if (!REBUILD && existsSync(markerPath)) {
    try {
      const m = JSON.parse(readFileSync(markerPath, 'utf8'));
      if (m.layout === LAYOUT && m.gb === GB) {
        console.log(`folder: reusing ${dir} (built ${m.built})`);
        return m;
      }
    } catch {
      // rebuilt below
    }
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const { docs, fromDev } = baseDocs();
  if (!docs.length) throw new Error('no texts: neither ../shared/dev nor samples/seeds');
  const r = rng(0x5eed + Math.round(GB * 1000));
  const B = blobs(r);
  const target = GB * 1e9;
  const counts = { html: 0, txt: 0, jsonl: 0, 'jsonl.gz': 0 };
  const bytes = { html: 0, txt: 0, jsonl: 0, 'jsonl.gz': 0 };
  const jsonlReports = {};
  let total = 0;
  let next = 0; // the next report of the endless stream: round = floor(next / docs.length)
  const take = () => {
    const i = next++;
    const round = Math.floor(i / docs.length);
    const d = docs[i % docs.length];
    return { d, round, day: shiftDay(d.published, round * 7) };
  };
  const made = new Set();
  const ensureDir = (p) => {
    const dd = dirname(p);
    if (!made.has(dd)) {
      mkdirSync(dd, { recursive: true });
      made.add(dd);
    }
  };
  const inFlight = new Set();
  const put = async (rel, data, kind) => {
    const p = join(dir, rel);
    ensureDir(p);
    const n = Buffer.byteLength(data);
    counts[kind]++;
    bytes[kind] += n;
    total += n;
    const w = writeFile(p, data).finally(() => inFlight.delete(w));
    inFlight.add(w);
    if (inFlight.size >= 16) await Promise.race(inFlight);
  };
  /** a .jsonl (or .jsonl.gz) of n reports, streamed */
  const exportFile = async (rel, n, gz) => {
    const p = join(dir, rel);
    ensureDir(p);
    const file = createWriteStream(p);
    const out = gz ? createGzip({ level: 6 }) : file;
    if (gz) out.pipe(file);
    let raw = 0;
    for (let k = 0; k < n; k++) {
      const { d, round, day } = take();
      const rec = { id: `${d.id}~${round}~${rel.replace(/\W+/g, '-')}-${k}`, text: d.text, title: d.title, published: day, source: d.source };
      if (d.url) rec.url = `${d.url}#r${round}`;
      const line = `${JSON.stringify(rec)}\n`;
      raw += line.length;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(file, 'close');
    const size = statSync(p).size;
    const kind = gz ? 'jsonl.gz' : 'jsonl';
    counts[kind]++;
    bytes[kind] += size;
    total += size;
    jsonlReports[rel] = n;
    return raw;
  };

  let pages = 0;
  let exportsN = 0;
  let gzN = 0;
  // one .jsonl.gz at once, so that even a small folder has each kind
  const ym = (day) => `${day.slice(0, 4)}/${day.slice(5, 7)}`;
  await exportFile(`${ym(docs[0].published)}/exports/archive-${String(gzN++).padStart(4, '0')}.jsonl.gz`, r.int(3000, 6000), true);
  while (total < target) {
    const { d, round, day } = take();
    const site = SITES[(next + round) % SITES.length];
    const unsorted = r.next() < 0.1; // the analyst's "Downloads": one flat folder that grows with the size
    const id = `${d.id}-r${round}-${r.hex(4)}`;
    if (r.next() < 0.24) {
      // a report saved as text: a header of its own, then the report
      const txt = `${d.title}\n${d.source} — ${longDate(day)}\nSaved by analyst ${r.int(1, 9)} on ${shiftDay(day, r.int(0, 3))}, ref ${r.hex(8)}\n\n${d.text}\n`;
      await put(unsorted ? `unsorted/${id}.txt` : `${ym(day)}/${site.slug}/text/${id}.txt`, txt, 'txt');
      continue;
    }
    const related = Array.from({ length: r.int(8, 30) }, () => titleOf(docs[r.int(0, docs.length - 1)].text));
    const html = page(r, B, site, d, id, day, r.int(100_000, 300_000), related);
    await put(unsorted ? `unsorted/${site.slug}-${id}.html` : `${ym(day)}/${site.slug}/${id}.html`, html, 'html');
    pages++;
    if (pages % 400 === 0) await exportFile(`${ym(day)}/exports/export-${String(exportsN++).padStart(4, '0')}.jsonl`, r.int(1000, 3000), false);
    if (pages % 2500 === 0) await exportFile(`${ym(day)}/exports/archive-${String(gzN++).padStart(4, '0')}.jsonl.gz`, r.int(3000, 6000), true);
  }
  await Promise.all(inFlight);
  const marker = { layout: LAYOUT, gb: GB, bytes: total, counts, bytesByKind: bytes, jsonlReports, reports: next, texts: fromDev ? 'dev sets + seeds' : 'seeds only', built: new Date().toISOString(), buildSeconds: (performance.now() - t0) / 1000 };
  writeFileSync(markerPath, JSON.stringify(marker));
  console.log(`folder: built ${dir} in ${marker.buildSeconds.toFixed(0)} s`);
  return marker;
}

/** The folder's files in the order the reader goes through them (src/read: sorted names, depth first, no dot files). */
function walk(dir, marker) {
  const files = [];
  const go = (d, rel) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(p);
      if (st.isDirectory()) go(p, r);
      else files.push({ rel: r, bytes: st.size, reports: marker.jsonlReports[r] ?? 1 });
    }
  };
  go(dir, '');
  let b = 0;
  let n = 0;
  for (const f of files) {
    f.bytesBefore = b;
    f.reportsBefore = n;
    b += f.bytes;
    n += f.reports;
  }
  return { files, bytes: b, reports: n };
}

/** bytes of the folder read once k reports are stored (reports of one .jsonl taken as evenly spread) */
function bytesAt(order, k) {
  const fs = order.files;
  let lo = 0;
  let hi = fs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fs[mid].reportsBefore < k) lo = mid;
    else hi = mid - 1;
  }
  const f = fs[lo];
  if (!f) return 0;
  return f.bytesBefore + f.bytes * Math.min(1, (k - f.reportsBefore) / f.reports);
}

// ---------------------------------------------------------------- the run

function procStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return null;
  }
}
function procCpu(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { self: (Number(f[11]) + Number(f[12])) / TICK, children: (Number(f[13]) + Number(f[14])) / TICK };
  } catch {
    return null;
  }
}

async function runIngest(dir) {
  const work = mkdtempSync(join(tmpdir(), 'sitrep-folder-bench-db-'));
  const db = join(work, 'bench.db');
  const probeLog = join(work, 'live-heap.jsonl');
  const probeFlags = [];
  if (LIVE_HEAP) {
    const probe = join(work, 'probe.mjs');
    writeFileSync(
      probe,
      `import { PerformanceObserver, constants } from 'node:perf_hooks'; import { appendFileSync } from 'node:fs';
const obs = new PerformanceObserver((list) => {
  if (!list.getEntries().some((e) => e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) return;
  const m = process.memoryUsage();
  appendFileSync(${JSON.stringify(probeLog)}, JSON.stringify({ t: Date.now(), heap: m.heapUsed, external: m.external, buffers: m.arrayBuffers, heapTotal: m.heapTotal }) + '\\n');
});
obs.observe({ entryTypes: ['gc'] });\n`,
    );
    probeFlags.push('--import', probe);
  }
  const args = [...NODE_FLAGS, ...probeFlags, join(root, 'bin/sitrep.js'), 'ingest', dir, '--db', db];
  if (BATCH) args.push('--batch', BATCH);
  console.log(`run: node ${args.map((a) => (a.startsWith(root) ? relative(root, a) : a)).join(' ')}   (load before: ${load()})`);
  const cpu0 = procCpu('self');
  const t0 = Date.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const samples = [];
  let stdout = '';
  let stderr = '';
  let errors = 0;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    for (const line of String(d).split('\n')) {
      if (!line.trim()) continue;
      if (/^[\d,]+ reports, [\d,]+ events/.test(line)) {
        const m = procStatus(child.pid);
        console.log(`  … ${((Date.now() - t0) / 1000).toFixed(0)} s: ${line.trim()}${m ? `; RSS ${mib(m.rss)} (anon ${mib(m.anon)}, file ${mib(m.file)})` : ''}`);
      } else {
        errors++;
        if (errors <= 5) console.log(`  stderr: ${line.slice(0, 200)}`);
        stderr += `${line}\n`;
      }
    }
  });
  const sample = () => {
    const m = procStatus(child.pid);
    const c = procCpu(child.pid);
    if (m && !Number.isNaN(m.rss)) samples.push({ t: Date.now(), ...m, cpu: c?.self ?? null });
  };
  const timer = setInterval(sample, 250);
  const [code, signal] = await once(child, 'exit');
  clearInterval(timer);
  const wall = (Date.now() - t0) / 1000;
  const cpu1 = procCpu('self');
  const cpu = cpu1 && cpu0 ? cpu1.children - cpu0.children : (samples.at(-1)?.cpu ?? NaN);
  const live = LIVE_HEAP && existsSync(probeLog) ? readFileSync(probeLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
  return { work, db, code, signal, wall, cpu, samples, stdout, stderr, errors, t0, loadAfter: load(), live };
}

/** the times at which the stored reports were stored (ms), oldest first; and the events */
function readDb(db) {
  const require = createRequire(join(root, 'package.json'));
  const Database = require('better-sqlite3');
  const h = new Database(db, { readonly: true });
  try {
    const times = h.prepare('SELECT ingested_at FROM reports').pluck().all().map((s) => Date.parse(s)).sort((a, b) => a - b);
    const events = h.prepare('SELECT count(*) FROM events').pluck().get();
    const size = statSync(db).size + (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
    return { times, events, size };
  } finally {
    h.close();
  }
}

function fit(points) {
  // least squares y = a + b x
  const n = points.length;
  if (n < 2) return NaN;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const d = n * sxx - sx * sx;
  return d ? (n * sxy - sx * sy) / d : NaN;
}

// ---------------------------------------------------------------- main

if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.log('building dist/ first (npx tsc -p .)');
  const b = spawnSync('npx', ['tsc', '-p', '.'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
if (!existsSync('/proc/self/status')) {
  console.log('ingest-folder.bench: skipped: needs Linux /proc to sample the child\'s memory');
  process.exit(0);
}

const folder = join(BASE_DIR, `sitrep-ingest-folder-${GB}GB`);
const marker = await buildFolder(folder);
const order = walk(folder, marker);
const c = marker.counts;
console.log(`folder: ${folder}: ${gbOf(order.bytes).toFixed(2)} GB in ${fmt(order.files.length)} files (html ${fmt(c.html)} = ${gbOf(marker.bytesByKind.html).toFixed(2)} GB, txt ${fmt(c.txt)}, jsonl ${fmt(c.jsonl)}, jsonl.gz ${fmt(c['jsonl.gz'])}); ${fmt(order.reports)} reports (texts: ${marker.texts})`);

const run = await runIngest(folder);
let dbInfo = null;
try {
  dbInfo = readDb(run.db);
} catch (err) {
  console.log(`  could not read the database back: ${err.message}`);
}
const summary = run.stdout.trim().split('\n').filter((l) => l.startsWith('Ingested')).at(-1) ?? '(no summary line)';
console.log(`child: exit ${run.code ?? run.signal}; ${summary}`);
if (run.errors) console.log(`child: ${fmt(run.errors)} error lines on stderr`);

const S = run.samples;
const stored = dbInfo?.times.length ?? 0;
// input read by each sample: from the stored reports' times; without them, taken as even in time
const t1 = S.at(-1)?.t ?? run.t0;
let k = 0;
for (const s of S) {
  if (dbInfo) {
    while (k < dbInfo.times.length && dbInfo.times[k] <= s.t) k++;
    s.reports = k;
    s.bytes = bytesAt(order, k);
  } else {
    s.reports = NaN;
    s.bytes = (order.bytes * (s.t - run.t0)) / Math.max(1, t1 - run.t0);
  }
}
const total = order.bytes;
const peak = Math.max(...S.map((s) => s.hwm));
const peakAnon = Math.max(...S.map((s) => s.anon));
console.log(`\n${gbOf(total).toFixed(2)} GB, ${fmt(order.files.length)} files: ${fmt(stored)} reports and ${fmt(dbInfo?.events ?? NaN)} events stored in ${run.wall.toFixed(1)} s wall, ${run.cpu.toFixed(1)} s CPU (${((run.cpu / run.wall) * 100).toFixed(0)}% of a core; ${(gbOf(total) / (run.wall / 3600)).toFixed(2)} GB/h, ${fmt(stored / run.cpu)} reports per CPU-second); load ${run.loadAfter} after`);
console.log(`peak RSS (VmHWM) ${mib(peak)}; peak RssAnon ${mib(peakAnon)}; ${S.length} samples every 250 ms; database ${dbInfo ? `${(dbInfo.size / 1e9).toFixed(2)} GB` : '?'}`);
// per tenth of the folder: memory where the tenth ends, and the lowest and highest RssAnon within it (the
// JavaScript heap rises and falls with V8's collections: the lows are what a leak would lift)
const tenths = [];
let lastIdx = 0;
for (let j = 1; j <= 10; j++) {
  let idx = S.findIndex((x) => x.bytes >= (j / 10) * total * 0.999);
  if (idx < 0) idx = S.length - 1;
  const win = S.slice(Math.min(lastIdx, idx), idx + 1);
  lastIdx = idx + 1;
  const s = S[idx];
  if (!s) break;
  const live = run.live.filter((l) => l.t <= s.t).at(-1);
  tenths.push({ j, s, lo: Math.min(...win.map((x) => x.anon)), hi: Math.max(...win.map((x) => x.anon)), live });
}
console.log(`\n  of the folder   input GB   time s   reports       RSS   RssAnon   RssFile   RssAnon low–high in the tenth${run.live.length ? '   live heap' : ''}`);
for (const { j, s, lo, hi, live } of tenths) {
  console.log(
    `  ${String(j * 10).padStart(4)}%        ${gbOf(s.bytes).toFixed(2).padStart(7)}   ${((s.t - run.t0) / 1000).toFixed(0).padStart(6)}   ${fmt(s.reports).padStart(7)}   ${mib(s.rss).padStart(7)}   ${mib(s.anon).padStart(7)}   ${mib(s.file).padStart(7)}   ${`${fmt(lo / 1024)}–${mib(hi)}`.padStart(17)}${live ? `   ${mib(live.heap / 1024).padStart(7)}` : ''}`,
  );
}
const from = S.findIndex((x) => x.bytes >= 0.2 * total);
const tail = from >= 0 ? S.slice(from) : [];
const slope = (key) => fit(tail.map((s) => [gbOf(s.bytes), s[key] / 1024]));
const at20 = tail[0];
const end = tail.at(-1);
if (at20 && end && end !== at20) {
  const span = gbOf(end.bytes - at20.bytes);
  const grow = (key) => (end[key] - at20[key]) / 1024;
  console.log(`\nslope from 20% to the end (${span.toFixed(2)} GB, least squares over ${tail.length} samples): RSS ${slope('rss').toFixed(1)} MB/GB (grew ${grow('rss').toFixed(0)} MB), RssAnon ${slope('anon').toFixed(1)} MB/GB (grew ${grow('anon').toFixed(0)} MB), RssFile ${slope('file').toFixed(1)} MB/GB (grew ${grow('file').toFixed(0)} MB: the mapped database file)`);
  // the lows of RssAnon per tenth, second tenth to the last: the floor V8 collects back down to
  const lows = tenths.filter((x) => x.j >= 2).map((x) => [gbOf(x.s.bytes), x.lo / 1024]);
  const lowSlope = fit(lows);
  console.log(`slope of the RssAnon lows (tenths 2–10): ${lowSlope.toFixed(1)} MB/GB (${lows.map(([, y]) => y.toFixed(0)).join(', ')} MB)`);
  const liveTail = run.live.filter((l) => l.t >= at20.t);
  let liveSlope = NaN;
  if (liveTail.length >= 10) {
    // the live heap against the input read by then (from the RSS samples' input at that time)
    const pts = liveTail.map((l) => [gbOf((S.filter((x) => x.t <= l.t).at(-1) ?? at20).bytes), l.heap / 2 ** 20]);
    liveSlope = fit(pts);
    const hs = liveTail.map((l) => l.heap / 2 ** 20);
    console.log(`heap in use after full collections, 20% to the end: ${Math.min(...hs).toFixed(0)}–${Math.max(...hs).toFixed(0)} MB over ${liveTail.length} readings, slope ${liveSlope.toFixed(1)} MB/GB; external ${(liveTail.at(-1).external / 2 ** 20).toFixed(0)} MB, array buffers ${(liveTail.at(-1).buffers / 2 ** 20).toFixed(0)} MB at the end`);
  }
  // flat: what the slope would add over the whole folder is small beside what the process holds anyway
  const basis = Number.isFinite(liveSlope) ? liveSlope : lowSlope;
  const what = Number.isFinite(liveSlope) ? 'live heap' : 'lows of the anonymous memory';
  const limit = Math.max(32, (0.1 * at20.anon) / 1024);
  const implied = basis * gbOf(total);
  const verdict =
    gbOf(total) < 0.5
      ? `too small a folder to call (run --gb 1 or more); the ${what} would grow ${implied.toFixed(0)} MB over this folder at their slope`
      : implied <= limit
        ? `bounded: at the slope of the ${what} (${basis.toFixed(1)} MB/GB) the whole ${gbOf(total).toFixed(1)} GB adds ${implied.toFixed(0)} MB (flat: at most ${limit.toFixed(0)} MB); 10 GB would add ${(basis * 10).toFixed(0)} MB`
        : `NOT bounded: the ${what} grow by ${basis.toFixed(1)} MB per GB of input (${implied.toFixed(0)} MB over this folder; 10 GB would add ${(basis * 10).toFixed(0)} MB)`;
  console.log(`verdict: ${verdict}. Peaks are V8 letting garbage pile up before it collects (its heap limit here is a share of the machine's memory); RSS with the mapped database file also rises until the map (1 GiB) is full: those pages are the page cache's, dropped when memory is short.`);
}

if (KEEP) console.log(`\ndatabase kept: ${run.db}`);
else rmSync(run.work, { recursive: true, force: true });
console.log(`folder kept for reuse: ${folder} (delete it when done)`);
if (run.code !== 0 && run.code !== 1) process.exit(1);
