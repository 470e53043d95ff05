/**
 * A batch of reports extracted together (see docs/ARCHITECTURE.md). Each report is read on its own first.
 * Then, for short notes only (an article's paragraphs are its own context), what the note's text left open
 * is settled by where the batch's other events lie (recognise/activity.ts):
 * - a place name shared by villages far apart: the note is read again, with the batch's activity, when the
 *   batch is busier around another reading than around the one taken;
 * - a village the gazetteer lacks (events/refiners/unlisted.ts): placed, with no second reading, where the
 *   batch's events in its province crowd.
 * A report's own events never vouch for it. Pure: the same batch gives the same events, whatever thread runs
 * it (batches are cut from the input in order, a fixed number of reports each).
 */
import type { InputDocument } from '../model/index.js';
import { ActivityMap, ANYWHERE } from '../recognise/activity.js';
import { clean } from '../clean/index.js';
import { analyse } from '../events/context.js';
import { codes, eventsOfView, type Extraction } from './extract.js';
import { placeUnlisted } from '../events/refiners/unlisted.js';

/** One report of a batch: what it gave, or why the engine failed on it. */
export type BatchResult = { extraction: Extraction; error?: undefined } | { extraction?: undefined; error: string };

/** The events that tell where a batch is busy (their indices): placed at a town or near one (precision 1 or 2). */
const located = (x: Extraction): number[] =>
  x.events.flatMap((e, i) => (e.latitude != null && e.longitude != null && e.geo_precision && e.geo_precision <= 2 ? [i] : []));

/** Where a batch's events lie (and, apart, those whose place the report spelled as the gazetteer does). */
export function activityOf(extractions: readonly Extraction[]): ActivityMap {
  const map = new ActivityMap();
  const exact = (map.exact = new ActivityMap());
  for (const x of extractions) {
    for (const i of located(x)) {
      const e = x.events[i]!;
      map.add(e.latitude!, e.longitude!, e.admin1);
      if (x.exact?.[i]) exact.add(e.latitude!, e.longitude!, e.admin1);
    }
  }
  return map;
}

const failure = (err: unknown): string => `extraction failed (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`;

export function extractBatch(inputs: readonly InputDocument[]): BatchResult[] {
  // whether each report is a short note (the views themselves are not kept: holding a batch of them
  // costs the garbage collector more than analysing the few notes read again)
  const notes: boolean[] = [];
  const results: BatchResult[] = inputs.map((input, i) => {
    try {
      const document = clean(input);
      const view = codes(document) ? analyse(document) : undefined;
      notes[i] = view?.note ?? false;
      const r = view ? eventsOfView(view) : { events: [], openPlaces: [], unlisted: [], exact: [] };
      return { extraction: { document, events: r.events, openPlaces: r.openPlaces, unlisted: r.unlisted, exact: r.exact } };
    } catch (err) {
      return { error: failure(err) };
    }
  });
  const done = results.flatMap((r) => (r.extraction ? [r.extraction] : []));
  if (done.length < 2 || !done.some((x) => x.openPlaces?.length || x.unlisted?.length)) return results;
  const activity = activityOf(done);
  if (activity.size === 0) return results;
  results.forEach((r, i) => {
    const x = r.extraction;
    if (!x || !notes[i]) return;
    // a namesake the batch may settle: busier around another reading than around the one taken
    // or a name that nothing in the note places, which a loose reading where the batch is busy may ("Nqeir":
    // Nuqayr on the front the batch describes, recognise/places.ts WEAK_BUSY)
    const worth = x.openPlaces?.some((o) => {
      const here = activity.around(o.chosen.lat, o.chosen.lon);
      return o.alternatives.some((a) => activity.around(a.lat, a.lon) > here);
    }) || x.unlisted?.some((u) => u.admin1 === ANYWHERE);
    if (!worth) {
      // only villages the gazetteer lacks: placed where the batch is busy, with no second reading
      for (const u of x.unlisted ?? []) {
        const p = placeUnlisted(u, activity);
        const e = x.events[u.event];
        if (!p || !e) continue;
        x.events[u.event] = {
          ...e, country: p.country, admin1: p.admin1, admin2: p.admin2, admin3: '', location: p.name,
          latitude: p.lat, longitude: p.lon, geo_precision: 3,
        };
      }
      return;
    }
    // the batch without this report's own events (they must not vouch for themselves)
    const own = located(x).map((i) => ({ e: x.events[i]!, exact: !!x.exact?.[i] }));
    for (const { e, exact } of own) {
      activity.remove(e.latitude!, e.longitude!);
      if (exact) activity.exact?.remove(e.latitude!, e.longitude!);
    }
    try {
      x.events = eventsOfView(analyse(x.document, { activity })).events;
    } catch {
      // the first reading stands
    } finally {
      for (const { e, exact } of own) {
        activity.restore(e.latitude!, e.longitude!);
        if (exact) activity.exact?.restore(e.latitude!, e.longitude!);
      }
    }
  });
  return results;
}
