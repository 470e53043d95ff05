/**
 * Plain-text page furniture: donation appeals, wallet addresses, cookie notices, share buttons,
 * related links, comment forms, repost headers. The patterns live in data/furniture.json.
 * Also reads what the page furniture says about the report: title, outlet, date.
 */
import { readFileSync } from 'node:fs';
import { lookupOutlet, outletBySignature } from '../knowledge/outlets.js';
import { findDateIn, parseDateLine } from './dates.js';

export interface FurnitureRules {
  /** all `lines` patterns in one expression: one test per line */
  lines: RegExp[];
  headerLines: RegExp[];
  cutFrom: RegExp[];
  htmlNegative: Set<string>;
  htmlUnlikely: Set<string>;
  htmlPositive: Set<string>;
}

let rules: FurnitureRules | null = null;

export function furnitureRules(): FurnitureRules {
  if (rules) return rules;
  const raw = JSON.parse(readFileSync(new URL('../../data/furniture.json', import.meta.url), 'utf8')) as {
    lines: string[];
    header_lines: string[];
    cut_from: string[];
    html_negative: string[];
    html_unlikely: string[];
    html_positive: string[];
  };
  const re = (ps: string[]) => ps.map((p) => new RegExp(p, 'iu'));
  const one = (ps: string[]) => [new RegExp(ps.map((p) => `(?:${p})`).join('|'), 'iu')];
  rules = {
    lines: one(raw.lines),
    headerLines: re(raw.header_lines),
    cutFrom: one(raw.cut_from),
    htmlNegative: new Set(raw.html_negative),
    htmlUnlikely: new Set(raw.html_unlikely),
    htmlPositive: new Set(raw.html_positive),
  };
  return rules;
}

export interface TextClean {
  text: string;
  title: string | null;
  outlets: string[];
  published: string | null;
}

/** How many lines at the top of a page count as its header (mastheads, bylines, dates). */
const HEADER_MAX_LINES = 12;
/** A line this long is article prose: the header ends before it. */
const PROSE_CHARS = 200;
const TITLE_MAX = 300;
/** No furniture line is longer than this: longer lines are article text and are not tested. */
const FURNITURE_MAX = 400;
/** Outlet signatures (mastheads, appeals) are short lines. */
const SIGNATURE_MAX = 100;
/** Separators between a page title and the site name: "Title • Site", "Title | Site", "Title - Site". */
const SITE_SUFFIX = /^(.{8,}?)\s*(?:\s[|•–—-]|[|•–—]|-(?=\s))\s*([^|•–—]{2,60})$/u;

export const normaliseText = (s: string): string =>
  s
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/[\u200B\u200E\u200F\u2060]+/g, '');

const matchesAny = (res: RegExp[], s: string) => res.some((r) => r.test(s));

/** Removes furniture lines from plain text; keeps every line of the article, in order. */
export function cleanText(raw: string): TextClean {
  const r = furnitureRules();
  const lines = normaliseText(raw).split('\n');
  const total = lines.reduce((n, l) => n + l.length + 1, 0);
  const outlets: string[] = [];
  const addOutlet = (n: string) => {
    if (!outlets.includes(n)) outlets.push(n);
  };
  let standaloneDate: string | null = null;
  let headerDate: string | null = null;
  let datelineDate: string | null = null;
  let prose = 0;
  let title: string | null = null;
  const kept: string[] = [];
  const headerSeen = new Set<string>();
  let inHeader = true;
  let nonEmpty = 0;
  let pos = 0;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    const at = pos;
    pos += line.length + 1;
    if (!t) {
      kept.push('');
      continue;
    }
    nonEmpty++;
    if (t.length > FURNITURE_MAX) {
      if (inHeader && t.length > TITLE_MAX) inHeader = false;
      if (prose++ < 2) datelineDate ??= dateline(t);
      kept.push(line);
      continue;
    }
    if (inHeader && ((t.length >= PROSE_CHARS && /[.!?"”]$/.test(t)) || t.length > TITLE_MAX || nonEmpty > HEADER_MAX_LINES)) {
      inHeader = false;
    }

    // a trailing block of furniture (comments, related links): drop it and everything after it
    if (at >= total / 2 && matchesAny(r.cutFrom, t)) break;

    const sig = t.length <= SIGNATURE_MAX ? outletBySignature(t) : null;
    if (sig) {
      addOutlet(sig.name);
      continue;
    }
    if (matchesAny(r.lines, t)) continue;

    if (inHeader) {
      const hm = r.headerLines.map((re) => t.match(re)).find(Boolean);
      if (hm) {
        headerDate ??= findDateIn(t);
        const named = hm.groups?.outlet;
        if (named) addOutlet(lookupOutlet(named)?.name ?? named);
        continue;
      }
      const hasYear = /\d{4}/.test(t);
      const d = hasYear && t.length <= 60 ? parseDateLine(t) : null;
      if (d) {
        standaloneDate ??= d;
        continue;
      }
      // "Orient Net 2019-11-13 07:59:00": an outlet and a date, nothing else
      const dated = hasYear && t.length <= 120 ? findDateIn(t) : null;
      if (dated) {
        const rest = t.replace(/\b\d{4}-\d{2}-\d{2}\b.*$/, '').replace(/[,\s]+$/, '');
        const o = rest ? lookupOutlet(rest) : null;
        if (o) {
          addOutlet(o.name);
          standaloneDate ??= dated;
          continue;
        }
      }
      // the page title again (scraped pages repeat it): keep the first
      const key = t.toLowerCase();
      if (headerSeen.has(key)) continue;
      // "Title • Site name": the site is an outlet; drop the line when the bare title follows it
      const m = /[|•–—]| - /.test(t) ? t.match(SITE_SUFFIX) : null;
      const siteOutlet = m ? (lookupOutlet(m[2]) ?? outletBySignature(m[2])) : null;
      if (m && siteOutlet) {
        addOutlet(siteOutlet.name);
        const bare = m[1].trim();
        title ??= bare;
        const next = lines.slice(i + 1).find((l) => l.trim());
        headerSeen.add(key);
        if (next && next.trim().toLowerCase() === bare.toLowerCase()) continue;
      }
      headerSeen.add(key);
      if (!title && t.length <= TITLE_MAX && !/[.!?:;,"”]$/.test(t)) title = t;
    }
    if (t.length >= 80 && prose++ < 2) datelineDate ??= dateline(t);
    kept.push(line);
  }
  const text = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return { text, title, outlets, published: standaloneDate ?? headerDate ?? datelineDate };
}

/** The date in a paragraph's dateline: "Orient News, Feb. 13, 2018 - Idlib province witnessed ...". */
function dateline(paragraph: string): string | null {
  const m = paragraph.match(/^(.{6,60}?)\s[-–—]\s/u);
  if (!m) return null;
  const date = findDateIn(m[1]);
  if (!date) return null;
  // only a dateline: a place or outlet and the date, every word capitalised ("Orient News, Feb. 13, 2018")
  const rest = m[1].replace(/\b[A-Za-z]{3,9}\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}(st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/, ' ');
  const words = rest.split(/[\s,()]+/).filter(Boolean);
  return words.length <= 4 && words.every((w) => /^[\p{Lu}\d]/u.test(w)) ? date : null;
}
