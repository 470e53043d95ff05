/** Publication dates as pages write them: ISO stamps, "JUL 07, 2023", "Tuesday, January 09, 2018", "13 Feb. 2018". */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?';
const TIME = '(?:[ T,]+(?:at\\s+)?\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?\\s*(?:am|pm)?(?:\\s*(?:z|utc|gmt|[+-]\\d{2}:?\\d{2}))?)?';

const ISO = new RegExp(`^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})${TIME}$`, 'i');
const MDY = new RegExp(`^${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}$`, 'i');
const DMY = new RegExp(`^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})${TIME}$`, 'i');

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** YYYY-MM-DD when the whole string is one date (with an optional weekday and time), else null. */
export function parseDateLine(s: string): string | null {
  const t = s.trim().replace(/\s+/g, ' ');
  if (t.length > 60) return null;
  let m = t.match(ISO);
  if (m) return iso(+m[1], +m[2], +m[3]);
  m = t.match(MDY);
  if (m) return iso(+m[3], MONTHS[m[1].toLowerCase().slice(0, 3)], +m[2]);
  m = t.match(DMY);
  if (m) return iso(+m[3], MONTHS[m[2].toLowerCase().slice(0, 3)], +m[1]);
  return null;
}

/** The date at the start of a machine stamp such as "2023-07-07T09:12:00+03:00", else null. */
export function parseStamp(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = s.trim().match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (m) return iso(+m[1], +m[2], +m[3]);
  return parseDateLine(s);
}

/** A date somewhere in a short header line: "Orient Net 2019-11-13 07:59:00", " date 2023-07-08 Posted on". */
export function findDateIn(line: string): string | null {
  const m = line.match(/\b(\d{4})-(\d{2})-(\d{2})\b/);
  if (m) return iso(+m[1], +m[2], +m[3]);
  const w = line.match(new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i'));
  if (w) return iso(+w[3], MONTHS[w[1].toLowerCase().slice(0, 3)], +w[2]);
  const d = line.match(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i'));
  if (d) return iso(+d[3], MONTHS[d[2].toLowerCase().slice(0, 3)], +d[1]);
  return null;
}
