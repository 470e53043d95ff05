/**
 * Dates: the event's day is the date written in its clause (nearest the trigger, a report's
 * own date only when nothing else is given), else in its sentence, else the date of the sentence
 * before in the same paragraph, else the report's date. Year-only dates ("In 2019") give
 * time_precision 3.
 */
import type { DateHit } from '../../recognise/dates.js';
import type { Candidate, Clause, DocView } from '../types.js';
import type { Refiner } from './types.js';

/** A YYYY-MM-DD day as a day number (days since 1970-01-01), or null. */
export const dayOf = (iso: string | null | undefined): number | null => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000 : null;
};

function pick(dates: DateHit[], at: number): DateHit | null {
  if (!dates.length) return null;
  const events = dates.filter((d) => !d.report);
  const pool = events.length ? events : dates;
  return pool.reduce((best, d) => (Math.abs(d.start - at) < Math.abs(best.start - at) ? d : best));
}

function sentenceDates(view: DocView, clause: Clause): DateHit[] {
  return view.clauses.filter((k) => k.sentence === clause.sentence).flatMap((k) => k.dates);
}

export const dates: Refiner = {
  name: 'dates',
  refine(view, candidates) {
    for (const c of candidates) setDate(view, c);
    return candidates;
  },
};

function setDate(view: DocView, c: Candidate): void {
  const at = c.trigger.start;
  const own = pick(c.clause.dates, at) ?? pick(sentenceDates(view, c.clause), at);
  if (own) {
    c.date = own.date;
    c.time_precision = own.precision;
    c.dateExplicit = true;
    c.dateRelative = own.relative;
    c.dateReport = own.report;
    return;
  }
  if (!view.note) {
    // the latest day named before (a report's lead: "Idlib province witnessed yesterday, Feb 12, ...")
    for (let k = c.clause.index - 1; k >= 0; k--) {
      const prev = view.clauses[k];
      const d = prev.dates.filter((x) => x.precision === 1 && !x.report).pop();
      if (d) {
        c.date = d.date;
        c.time_precision = 1;
        return;
      }
    }
  }
  c.date = view.doc.published;
  c.time_precision = 1;
}
