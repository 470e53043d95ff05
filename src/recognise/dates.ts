/**
 * Date recogniser: absolute dates ("the 23rd of August 2018", "September 19th", "Nov 13",
 * "2018-08-23"), months and years ("in March 2019", "in 2019": precision 3), and dates relative
 * to the report ("yesterday", "dawn today", "on Friday night", "a day earlier", "two days ago").
 * A relative date resolves against the nearest absolute date earlier in its sentence
 * ("published on the 12th of September 2019 that ... yesterday"), else the report's date.
 * Durations ("for 72 hours", "48 hours after") are not dates.
 */
import type { DateMention } from './types.js';

export interface DateContext {
  /** the report's date, YYYY-MM-DD, or null */
  published: string | null;
  /** year to assume for "September 19th" when the report has no date */
  year: number | null;
}

export interface DateHit extends DateMention {
  /** absolute: written out; relative: resolved against the report or an earlier date */
  kind: 'absolute' | 'relative';
  /** the date names when a report was published ("published on ...", "reported on ...") */
  report: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const M = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)';
const WD = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';

// Compiled once. Order matters: longer forms first; later matches overlapping earlier ones are dropped.
const PATTERNS: { re: RegExp; kind: 'dmy' | 'mdy' | 'my' | 'y' | 'iso' | 'num' | 'rel' | 'wd' }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, kind: 'iso' },
  { re: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g, kind: 'num' },
  { re: new RegExp(`\\b(?:${WD},?\\s+)?(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${M}\\.?(?:,?\\s+(\\d{4}))?\\b`, 'g'), kind: 'dmy' },
  { re: new RegExp(`\\b${M}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d|\\s*(?:km|%|-))(?:,?\\s+(\\d{4}))?\\b`, 'g'), kind: 'mdy' },
  { re: new RegExp(`\\b(?:(?:early|mid|late|end of|beginning of|the end of)[\\s-]+)?${M},?\\s+(\\d{4})\\b`, 'g'), kind: 'my' },
  { re: /\b(in|during|throughout|earlier in|later in|early|late|since|until|by|of|from)\s+(\d{4})\b/gi, kind: 'y' },
  {
    re: /\b(the day before yesterday|yesterday|today|tonight|this (?:morning|evening|afternoon|week)|last (?:night|week|month)|(?:a|one|two|three|four|five|\d+) days? (?:earlier|ago|before)|(?:a|one|two|three|\d+) weeks? ago|hours ago|earlier today|the previous day|the day before)\b/gi,
    kind: 'rel',
  },
  { re: new RegExp(`\\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b`, 'g'), kind: 'wd' },
];

const SMALL: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5 };

export function isoOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoOf(d);
}
function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return false;
  const dt = utc(y, m, d);
  return dt.getUTCMonth() === m - 1;
}
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Every date mention in a text, resolved against the context. */
export function recogniseDates(text: string, ctx: DateContext): DateHit[] {
  type Raw = { start: number; end: number; kind: (typeof PATTERNS)[number]['kind']; m: RegExpExecArray };
  const raws: Raw[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (raws.some((r) => start < r.end && end > r.start)) continue;
      raws.push({ start, end, kind: p.kind, m });
    }
  }
  raws.sort((a, b) => a.start - b.start);

  const out: DateHit[] = [];
  const refYear = (): number | null => (ctx.published ? Number(ctx.published.slice(0, 4)) : ctx.year);
  for (const r of raws) {
    const m = r.m;
    const before = text.slice(Math.max(0, r.start - 40), r.start);
    const report = /\b(?:published|reported|said|announced|stated|posted|wrote|noted|monitored)\s+(?:on\s+)?$/i.test(before);
    // "since the 26th of April 2018": the start of a span, not an event's day
    // ("the toll from Monday's strike": a possessive day names the event, not a span)
    if (/\b(?:since|until|till|from)\s+(?:the\s+)?$/i.test(before) && !/^['\u2019]s\b/.test(text.slice(r.end, r.end + 3))) continue;
    let date: string | null = null;
    let precision: 1 | 2 | 3 = 1;
    let kind: 'absolute' | 'relative' = 'absolute';
    // anchor for relative dates: the latest absolute day-precise date earlier in the same sentence
    const anchor = (): string | null => {
      for (let k = out.length - 1; k >= 0; k--) {
        const o = out[k];
        if (o.kind !== 'absolute' || o.precision !== 1) continue;
        if (r.start - o.end > 300 || /[.!?]\s+[A-Z]|\n/.test(text.slice(o.end, r.start))) break;
        return o.date;
      }
      return ctx.published;
    };
    const withYear = (mo: number, d: number, y: string | undefined): string | null => {
      if (y) return valid(Number(y), mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
      const ry = refYear();
      if (ry === null) return null;
      let yy = ry;
      if (ctx.published && `${yy}-${pad(mo)}-${pad(d)}` > addDays(ctx.published, 2)) yy--;
      return valid(yy, mo, d) ? `${yy}-${pad(mo)}-${pad(d)}` : null;
    };
    switch (r.kind) {
      case 'iso':
        if (valid(+m[1], +m[2], +m[3])) date = `${m[1]}-${m[2]}-${m[3]}`;
        break;
      case 'num':
        if (valid(+m[3], +m[2], +m[1])) date = `${m[3]}-${pad(+m[2])}-${pad(+m[1])}`;
        break;
      case 'dmy':
        date = withYear(MONTHS[m[2].toLowerCase().replace('.', '')], +m[1], m[3]);
        break;
      case 'mdy':
        if (m[1] === 'May' || m[1] !== m[1].toLowerCase()) date = withYear(MONTHS[m[1].toLowerCase()], +m[2], m[3]);
        break;
      case 'my': {
        const mo = MONTHS[m[1].toLowerCase()];
        if (mo && valid(+m[2], mo, 1)) {
          date = `${m[2]}-${pad(mo)}-01`;
          precision = 3;
        }
        break;
      }
      case 'y': {
        const word = m[1].toLowerCase();
        if (word === 'since' || word === 'until' || word === 'by' || word === 'from') break;
        const y = +m[2];
        if (y >= 1950 && y <= 2100) {
          date = `${y}-01-01`;
          precision = 3;
        }
        break;
      }
      case 'rel': {
        const w = m[1].toLowerCase();
        kind = 'relative';
        if (/earlier|before|previous/.test(w) && !/ago/.test(w)) {
          // "a day earlier": a day before the latest date mentioned, else before the report
          const prev = out.length ? out[out.length - 1].date : ctx.published;
          const n = SMALL[w.split(' ')[0]] ?? (Number(w.split(' ')[0]) || 1);
          date = prev ? addDays(prev, -n) : null;
          if (w === 'earlier today') date = anchor();
          break;
        }
        const a = anchor();
        if (!a) break;
        if (w === 'yesterday' || w === 'last night') date = addDays(a, -1);
        else if (w === 'the day before yesterday') date = addDays(a, -2);
        else if (w === 'today' || w === 'tonight' || w.startsWith('this') || w === 'hours ago') {
          date = a;
          if (w === 'this week') precision = 2;
        } else if (/days? ago/.test(w)) date = addDays(a, -(SMALL[w.split(' ')[0]] ?? Number(w.split(' ')[0])));
        else if (/weeks? ago/.test(w)) {
          date = addDays(a, -7 * (SMALL[w.split(' ')[0]] ?? Number(w.split(' ')[0])));
          precision = 2;
        } else if (w === 'last week') {
          date = addDays(a, -7);
          precision = 2;
        } else if (w === 'last month') {
          const d = new Date(`${a}T00:00:00Z`);
          d.setUTCDate(1);
          d.setUTCMonth(d.getUTCMonth() - 1);
          date = isoOf(d);
          precision = 3;
        }
        break;
      }
      case 'wd': {
        kind = 'relative';
        const a = anchor();
        if (!a) break;
        const dow = DAYS.indexOf(m[1].toLowerCase());
        const ad = new Date(`${a}T00:00:00Z`).getUTCDay();
        date = addDays(a, -((ad - dow + 7) % 7));
        break;
      }
    }
    if (!date) continue;
    // ACLED's "(month of)" / "(week of)": the day stands for a coarser span
    const tail = text.slice(r.end, r.end + 16);
    if (/^\s*\(month of\)/i.test(tail)) precision = 3;
    else if (/^\s*\(week of\)/i.test(tail)) precision = 2;
    out.push({ start: r.start, end: r.end, text: text.slice(r.start, r.end), date, precision, relative: kind === 'relative', kind, report });
  }
  return out;
}

/** The year a report without a date most likely speaks of: the latest plausible year it names. */
export function contextYear(text: string): number | null {
  let best: number | null = null;
  const re = /\b(19[5-9]\d|20[0-4]\d)\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const y = Number(m[1]);
    if (best === null || y > best) best = y;
  }
  return best;
}
