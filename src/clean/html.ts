/**
 * Main text of a saved web page. Keeps every paragraph of the article; drops navigation, headers and
 * footers, comments, related links, share buttons and cookie notices (class/id words in data/furniture.json).
 *
 * How: (1) read the page's metadata (title, site, date, JSON-LD) before anything is removed;
 * (2) find the element that directly holds most paragraph text (the article body) and protect it and
 * its ancestors; (3) remove furniture elements; (4) take the smallest element that still holds nearly
 * all paragraph text, so that an article split over several blocks keeps all of them; (5) walk it in
 * document order, one block of text per paragraph, leaving out link lists.
 */
import { parseHTML } from 'linkedom';
import { furnitureRules } from './furniture.js';
import { findDateIn, parseDateLine, parseStamp } from './dates.js';
import { lookupOutlet } from '../knowledge/outlets.js';

export interface HtmlClean {
  text: string;
  title: string | null;
  siteName: string | null;
  published: string | null;
  url: string | null;
}

// linkedom's nodes, typed loosely: the DOM lib types are close enough for what is used here
type El = Element;

const DROP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'form', 'button',
  'input', 'select', 'textarea', 'nav', 'footer', 'aside', 'figcaption', 'menu', 'dialog', 'head', 'link', 'meta',
  'video', 'audio', 'picture', 'img', 'map',
]);
const DROP_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alert', 'menu', 'menubar']);
const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt',
  'dd', 'blockquote', 'pre', 'table', 'tr', 'td', 'th', 'tbody', 'thead', 'figure', 'hr', 'address', 'center', 'body',
]);
/** A paragraph shorter than this does not count towards finding the article. */
const MIN_PARAGRAPH = 25;
/** The article root must hold this share of the page's paragraph text. */
const ROOT_SHARE = 0.9;
/** Blocks whose text is mostly link text are link lists (related stories, tags), not prose. */
const MAX_LINK_DENSITY = 0.6;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function meta(doc: Document, selectors: string[]): string | null {
  for (const sel of selectors) {
    const v = doc.querySelector(sel)?.getAttribute('content');
    if (v && v.trim()) return squash(v);
  }
  return null;
}

interface JsonLd {
  headline?: string;
  datePublished?: string;
  publisher?: string;
  url?: string;
}

function readJsonLd(doc: Document): JsonLd {
  const out: JsonLd = {};
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(s.textContent ?? '');
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    while (stack.length) {
      const o = stack.pop();
      if (Array.isArray(o)) {
        stack.push(...o);
        continue;
      }
      if (!o || typeof o !== 'object') continue;
      const r = o as Record<string, unknown>;
      if (r['@graph']) stack.push(r['@graph']);
      const type = String(r['@type'] ?? '');
      if (/Article|Posting|Report/i.test(type) || r.datePublished) {
        if (typeof r.headline === 'string') out.headline ??= r.headline;
        if (typeof r.datePublished === 'string') out.datePublished ??= r.datePublished;
        if (typeof r.url === 'string') out.url ??= r.url;
        const p = r.publisher as Record<string, unknown> | undefined;
        if (p && typeof p.name === 'string') out.publisher ??= p.name;
      }
    }
  }
  return out;
}

function words(el: El): string[] {
  const s = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase();
  if (!s.trim()) return [];
  const whole = s.split(/\s+/).filter(Boolean);
  const parts = s.split(/[^a-z0-9]+/).filter(Boolean);
  return [...whole, ...parts];
}

function isFurniture(el: El): boolean {
  const tag = el.localName;
  if (tag === 'body' || tag === 'html' || tag === 'main' || tag === 'article') return false;
  if (DROP_TAGS.has(tag)) return true;
  // a page's header goes; an article's own header (headline, standfirst) stays
  if (tag === 'header' && !el.querySelector('h1') && !el.closest('article')) return true;
  const role = el.getAttribute('role');
  if (role && DROP_ROLES.has(role)) return true;
  if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  const ws = words(el);
  if (!ws.length) return false;
  const r = furnitureRules();
  if (ws.some((w) => r.htmlNegative.has(w))) return true;
  if (ws.some((w) => r.htmlUnlikely.has(w)) && !ws.some((w) => r.htmlPositive.has(w))) return true;
  return false;
}

/** A link, a time, a picture or a "Reply": what comments and teasers carry and article paragraphs mostly do not. */
const ITEM_SIGNAL = /\b(reply|says|wrote|ago)\b|\d{1,2}:\d{2}/i;

/**
 * A list of reader comments or story teasers that no class names: after the article body (not in it),
 * three or more children of one kind (tag and class), each with some paragraph text, nearly all of them
 * carrying a link, a time, a picture or a "Reply".
 */
function isReaderList(el: El, best: El, holders: Map<El, number>): boolean {
  const kids = [...el.children] as El[];
  if (kids.length < 3) return false;
  const sig = (k: El) => `${k.localName}.${k.getAttribute('class') ?? ''}`;
  const first = sig(kids[0]);
  if (!kids.every((k) => sig(k) === first)) return false;
  if (el.contains(best) || best.contains(el)) return false;
  // only after the article body: DOCUMENT_POSITION_FOLLOWING
  if (!(best.compareDocumentPosition(el) & 4)) return false;
  let withText = 0;
  let withSignal = 0;
  for (const k of kids) {
    if (holders.has(k)) withText++;
    if (k.querySelector('a, time, img') || ITEM_SIGNAL.test(k.textContent ?? '')) withSignal++;
  }
  return withText === kids.length && withSignal >= kids.length * 0.8;
}

/** Paragraph text an element holds directly (p, or text with <br>s straight inside a div). */
function paragraphWeights(root: El): Map<El, number> {
  const own = new Map<El, number>();
  for (const p of root.querySelectorAll('p, pre, blockquote, td, div, li')) {
    let n = 0;
    if (p.localName === 'div' || p.localName === 'td' || p.localName === 'li') {
      // only the text sitting directly in the element (pages without <p>)
      for (const c of p.childNodes) if (c.nodeType === 3) n += squash(c.textContent ?? '').length;
    } else {
      n = squash(p.textContent ?? '').length;
      let link = 0;
      for (const a of p.querySelectorAll('a')) link += squash(a.textContent ?? '').length;
      n -= link;
    }
    if (n >= MIN_PARAGRAPH) own.set(p, n);
  }
  return own;
}

function totals(own: Map<El, number>): Map<El, number> {
  const sum = new Map<El, number>();
  for (const [p, n] of own) {
    for (let e: El | null = p; e; e = e.parentElement) sum.set(e, (sum.get(e) ?? 0) + n);
  }
  return sum;
}

interface Block {
  text: string;
  link: number;
  tag: string;
}

function collectBlocks(root: El): Block[] {
  const blocks: Block[] = [];
  let cur = '';
  let link = 0;
  let tag = 'p';
  const flush = () => {
    const t = squash(cur);
    if (t) blocks.push({ text: t, link, tag });
    cur = '';
    link = 0;
  };
  const walk = (node: Node, inLink: boolean) => {
    for (const c of node.childNodes) {
      if (c.nodeType === 3) {
        const t = c.textContent ?? '';
        cur += t;
        if (inLink) link += squash(t).length;
        continue;
      }
      if (c.nodeType !== 1) continue; // comments and the like
      const el = c as El;
      const name = el.localName;
      if (DROP_TAGS.has(name)) continue;
      if (name === 'br') {
        flush();
        continue;
      }
      const block = BLOCK_TAGS.has(name);
      if (block) {
        flush();
        tag = name;
      }
      walk(el, inLink || name === 'a');
      if (block) flush();
    }
  };
  walk(root, false);
  flush();
  return blocks;
}

export function extractHtml(html: string): HtmlClean {
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`);
  const doc = document as unknown as Document;
  const ld = readJsonLd(doc);
  const pageTitle = squash(doc.querySelector('title')?.textContent ?? '');
  const siteName =
    meta(doc, ['meta[property="og:site_name"]', 'meta[name="application-name"]', 'meta[name="publisher"]']) ??
    ld.publisher ??
    siteInTitle(pageTitle);
  const published =
    parseStamp(
      meta(doc, [
        'meta[property="article:published_time"]',
        'meta[name="article:published_time"]',
        'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]',
        'meta[name="publishdate"]',
        'meta[name="date"]',
        'meta[name="dc.date"]',
        'meta[name="DC.date.issued"]',
        'meta[property="og:published_time"]',
      ]),
    ) ??
    parseStamp(ld.datePublished) ??
    parseStamp(doc.querySelector('article time[datetime], time[datetime]')?.getAttribute('datetime')) ??
    visibleDate(doc);
  const headings = [...doc.querySelectorAll('h1, h2, h3')].map((h) => squash(h.textContent ?? '')).filter((t) => t.length >= 10);
  const siteKey = (siteName ?? '').toLowerCase();
  // the headline: declared in metadata, else the longest heading the <title> contains, else the first h1
  const inTitle = headings.filter((h) => pageTitle.includes(h) && h.toLowerCase() !== siteKey).sort((a, b) => b.length - a.length)[0];
  const h1 = squash(doc.querySelector('article h1, main h1, h1')?.textContent ?? '');
  const title =
    meta(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]']) ??
    (ld.headline ? squash(ld.headline) : null) ??
    inTitle ??
    (h1 && h1.toLowerCase() !== siteKey ? h1 : null) ??
    (pageTitle || null);
  const heading = inTitle ?? (h1 && h1.toLowerCase() !== siteKey ? h1 : '');
  const url =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, ['meta[property="og:url"]']) ?? ld.url ?? null;

  const body = (doc.body ?? doc.documentElement) as El | null;
  if (!body) return { text: '', title, siteName, published, url };

  // the element holding most paragraph text directly is the article body: never removed
  const own = paragraphWeights(body);
  const parents = new Map<El, number>();
  for (const [p, n] of own) {
    const parent = p.localName === 'p' || p.localName === 'pre' || p.localName === 'blockquote' ? p.parentElement : p;
    if (parent) parents.set(parent, (parents.get(parent) ?? 0) + n);
  }
  const protect = new Set<El>();
  let best: El | null = null;
  for (const [e, n] of parents) if (!best || n > (parents.get(best) ?? 0)) best = e;
  for (let e: El | null = best; e; e = e.parentElement) protect.add(e);

  // remove furniture; also HTML comments
  const holders = totals(own);
  const doomed: El[] = [];
  const visit = (el: El) => {
    for (const c of [...el.childNodes]) {
      if (c.nodeType === 8) {
        c.remove();
        continue;
      }
      if (c.nodeType !== 1) continue;
      const child = c as El;
      if (!protect.has(child) && (isFurniture(child) || (best && isReaderList(child, best, holders)))) doomed.push(child);
      else visit(child);
    }
  };
  visit(body);
  for (const el of doomed) el.remove();

  // the smallest element that still holds nearly all paragraph text
  const sums = totals(paragraphWeights(body));
  const all = sums.get(body) ?? 0;
  let root: El = body;
  if (all > 0) {
    for (;;) {
      let next: El | null = null;
      for (const c of root.children) if ((sums.get(c as El) ?? 0) >= all * ROOT_SHARE) next = c as El;
      if (!next) break;
      root = next;
    }
  }

  const blocks = collectBlocks(root).filter((b) => {
    const density = b.text.length ? b.link / b.text.length : 0;
    return density <= MAX_LINK_DENSITY;
  });
  const texts = blocks.map((b) => b.text);
  const bare = title ? stripSite(title, siteName) : null;
  // the headline leads the text, as in scraped plain text, unless the article body already starts with it
  const lead = heading || bare;
  if (lead && !texts.slice(0, 3).some((t) => t === lead || t === bare || t === title)) texts.unshift(lead);
  return { text: texts.join('\n\n'), title: bare, siteName, published, url };
}

/** A date written on the page near the article: "Tuesday, January 16, 2018" in a date header or dateline. */
function visibleDate(doc: Document): string | null {
  for (const el of doc.querySelectorAll('[class*="date"], [class*="posted"], [class*="time"], time')) {
    const t = squash(el.textContent ?? '');
    if (!t || t.length > 80) continue;
    const d = parseDateLine(t) ?? findDateIn(t);
    if (d) return d;
  }
  return null;
}

/** The known outlet a page's <title> ends with: "Shelling near Tal Tamr – Enab Baladi". */
function siteInTitle(pageTitle: string): string | null {
  const m = pageTitle.match(/^(.{8,}?)\s*(?:\s[|•–—-]|[|•–—]|-(?=\s))\s*([^|•–—]{2,60})$/u);
  return m ? (lookupOutlet(m[2])?.name ?? null) : null;
}

/** "Headline | Site" → "Headline", "Site: Headline" → "Headline", when Site is the page's site or a known outlet. */
function stripSite(title: string, site: string | null): string {
  let t = title;
  if (site) {
    const esc = site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    t = t.replace(new RegExp(`\\s*[|•–—-]\\s*${esc}\\s*$`, 'i'), '').replace(new RegExp(`^${esc}\\s*[:|•–—-]\\s*`, 'i'), '');
  }
  const m = t.match(/^(.{8,}?)\s*(?:\s[|•–—-]|[|•–—]|-(?=\s))\s*([^|•–—]{2,60})$/u);
  if (m && lookupOutlet(m[2])) t = m[1];
  return t.trim() || title;
}
