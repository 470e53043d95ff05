/** What the store and the knowledge know about actors, places and outlets. */
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { badParameter, notFound } from '../errors.js';
import { pathId } from '../body.js';
import { FILTER_PARAMS, Query } from '../params.js';
import { checkedFilter } from './events.js';
import { readEvents } from '../formats.js';
import { findActor, knownActors, searchPlaces, surfaceForms, type ActorInfo } from '../knowledge.js';
import type { EventFilter } from '../../store/types.js';

export function knowledgeRoutes(deps: Deps): Hono {
  const { store } = deps;
  const app = new Hono();

  // counting every event by actor takes a while on a large store; the catalogue may be a few seconds old
  let counted: { at: number; rows: Promise<{ key: string; count: number; fatalities: number }[]> } | undefined;
  const actorCounts = () => {
    if (!counted || Date.now() - counted.at > 10_000) {
      const rows = store.countEvents({}, 'actor');
      counted = { at: Date.now(), rows };
      rows.catch(() => (counted = undefined));
    }
    return counted.rows;
  };

  app.get('/actors', async (c) => {
    const q = new Query(c.req.url, ['q']);
    const needle = q.text('q')?.toLowerCase();
    const counts = new Map((await actorCounts()).map((r) => [r.key, r]));
    const known = await knownActors();
    const rows: (Partial<ActorInfo> & { name: string; events: number; fatalities: number })[] = [];
    const seen = new Set<string>();
    for (const a of known ?? []) {
      const n = counts.get(a.name);
      rows.push({ ...a, events: n?.count ?? 0, fatalities: n?.fatalities ?? 0 });
      seen.add(a.name);
    }
    for (const [name, n] of counts) if (!seen.has(name) && name) rows.push({ name, aliases: [], events: n.count, fatalities: n.fatalities });
    const matches = (r: (typeof rows)[number]) =>
      !needle || r.name.toLowerCase().includes(needle) || (r.aliases ?? []).some((x) => x.toLowerCase().includes(needle));
    return c.json(rows.filter(matches).sort((a, b) => b.events - a.events || a.name.localeCompare(b.name)));
  });

  app.get('/actors/:name', async (c) => {
    const q = new Query(c.req.url, ['by']);
    const by = q.oneOf('by', ['day', 'week'] as const) ?? 'week';
    const asked = pathId(c, 'name');
    const actor = findActor(asked);
    const name = actor?.name ?? asked;
    const over_time = await store.countEvents({ actor: name }, by);
    if (!actor && over_time.length === 0) throw notFound(`no actor ${asked} in the knowledge or the events`);
    const events = over_time.reduce((s, r) => s + r.count, 0);
    const fatalities = over_time.reduce((s, r) => s + r.fatalities, 0);
    const event_types = await store.countEvents({ actor: name }, 'event_type');
    return c.json({ aliases: [], ...actor, name, events, fatalities, event_types, over_time });
  });

  app.get('/places', async (c) => {
    const q = new Query(c.req.url, ['q', 'limit']);
    const text = q.text('q');
    if (text === undefined) throw badParameter('q', 'q is required: part of a place name, e.g. q=Idlib');
    const limit = q.int('limit', 1, 100, 'an integer from 1 to 100') ?? 20;
    return c.json(await searchPlaces(text, limit));
  });

  app.get('/outlets', async (c) => {
    new Query(c.req.url, []);
    return c.json(await store.listOutlets());
  });

  app.get('/outlets/naming', async (c) => {
    const q = new Query(c.req.url, [...FILTER_PARAMS, 'limit']);
    const filter = checkedFilter(q);
    const limit = q.int('limit', 1, 5000, 'an integer from 1 to 5000') ?? 500;
    return c.json(await outletNaming(deps, filter, limit));
  });

  return app;
}

export interface OutletNaming {
  outlet: string;
  actors: { actor: string; forms: { form: string; count: number }[] }[];
}

/**
 * How each outlet names actors: for every report's account of an event, the actor's surface forms
 * (name, acronym, aliases, former names, labels from the knowledge) found in that account's evidence,
 * or in the whole report when the account has no evidence.
 */
export async function outletNaming(deps: Deps, filter: EventFilter, limit: number): Promise<OutletNaming[]> {
  const { store } = deps;
  const only = filter.actor ? (findActor(filter.actor)?.name ?? filter.actor) : undefined;
  const patternCache = new Map<string, [string, RegExp][]>();
  const patterns = (actorName: string): [string, RegExp][] => {
    let p = patternCache.get(actorName);
    if (!p) {
      const forms = surfaceForms(findActor(actorName), actorName).sort((a, b) => b.length - a.length);
      // acronyms in capitals ("HTS", "IS") count only in capitals, as the actor recogniser reads them
      p = forms.map((f) => [f, new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(f)}(?![\\p{L}\\p{N}])`, isAcronym(f) ? 'gu' : 'giu')]);
      patternCache.set(actorName, p);
    }
    return p;
  };
  const texts = new Map<string, Promise<string>>();
  const reportText = (id: string) => {
    let t = texts.get(id);
    if (!t) texts.set(id, (t = store.getReport(id).then((r) => r?.clean_text ?? '')));
    return t;
  };
  const table = new Map<string, Map<string, Map<string, number>>>(); // outlet → actor → form → count
  const stream = await readEvents(store, filter, undefined, limit);
  for (const summary of stream.first) {
    const full = await store.getEvent(summary.id);
    if (!full) continue;
    for (const s of full.sources) {
      const e = s.event ?? full;
      const actors = [e.actor1, e.actor2, ...(e.assoc_actor_1 ?? '').split(';'), ...(e.assoc_actor_2 ?? '').split(';')]
        .map((a) => a.trim())
        .filter((a) => a && (!only || a === only));
      if (actors.length === 0) continue;
      const spans = s.evidence?.length ? s.evidence.map((x) => x.text) : [await reportText(s.report_id)];
      const text = spans.join('\n');
      const outlet = s.outlet || 'unknown';
      let byActor = table.get(outlet);
      if (!byActor) table.set(outlet, (byActor = new Map()));
      for (const actor of new Set(actors)) {
        // longest forms first; a shorter form inside a longer one's match is not counted again
        const taken: [number, number][] = [];
        let forms = byActor.get(actor);
        for (const [form, re] of patterns(actor)) {
          for (const m of text.matchAll(re)) {
            const start = m.index ?? 0;
            const end = start + m[0].length;
            if (taken.some(([a, b]) => start < b && end > a)) continue;
            taken.push([start, end]);
            if (!forms) byActor.set(actor, (forms = new Map()));
            forms.set(form, (forms.get(form) ?? 0) + 1);
          }
        }
      }
    }
  }
  return [...table]
    .map(([outlet, byActor]) => ({
      outlet,
      actors: [...byActor]
        .map(([actor, forms]) => ({
          actor,
          forms: [...forms].map(([form, count]) => ({ form, count })).sort((a, b) => b.count - a.count || a.form.localeCompare(b.form)),
        }))
        .sort((a, b) => a.actor.localeCompare(b.actor)),
    }))
    .filter((o) => o.actors.length > 0)
    .sort((a, b) => a.outlet.localeCompare(b.outlet));
}

function isAcronym(f: string): boolean {
  return /^[A-Z0-9]{2,6}$/.test(f);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

