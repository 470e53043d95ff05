/** Changing events (all need the token): correct, verify, delete, merge, split; grade outlets. */
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import { ApiError, badParameter, notFound } from '../errors.js';
import { actingUser, pathId, readJsonObject, stringList } from '../body.js';
import { parseCorrection } from '../corrections.js';
import { Query } from '../params.js';

export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

export function reviewRoutes(deps: Deps): Hono {
  const { store } = deps;
  const app = new Hono();

  /** The live event, or 404 (absent) / 409 (deleted or merged away). */
  const live = async (id: string) => {
    const e = await store.getEvent(id);
    if (!e) throw notFound(`no event ${id}`);
    if (e.deleted) throw new ApiError('conflict', `event ${id} was deleted or merged into another; see /api/deletions`);
    return e;
  };

  app.patch('/events/:id', async (c) => {
    new Query(c.req.url, []);
    const id = pathId(c);
    const user = actingUser(c);
    const body = await readJsonObject(c);
    const current = await live(id);
    ifMatch(c.req.header('If-Match'), current.updated_at);
    const patch = parseCorrection(body, current);
    return c.json(await store.edit(id, patch, user));
  });

  app.post('/events/merge', async (c) => {
    new Query(c.req.url, []);
    const user = actingUser(c);
    const body = await readJsonObject(c);
    const ids = stringList(body, 'ids', 2, 100);
    for (const id of ids) await live(id);
    return c.json(await store.merge(ids, user));
  });

  app.post('/events/:id/verify', async (c) => {
    new Query(c.req.url, []);
    const id = pathId(c);
    const user = actingUser(c);
    await live(id);
    return c.json(await store.verify(id, user));
  });

  app.post('/events/:id/split', async (c) => {
    new Query(c.req.url, []);
    const id = pathId(c);
    const user = actingUser(c);
    const body = await readJsonObject(c);
    const reportIds = stringList(body, 'report_ids', 1, 1000);
    const e = await live(id);
    const docs = new Set(e.sources.map((s) => s.report_id).concat(e.docs));
    const unknown = reportIds.find((r) => !docs.has(r));
    if (unknown !== undefined) throw badParameter('report_ids', `report ${unknown} is not one of event ${id}'s sources`);
    const remaining = [...docs].filter((d) => !reportIds.includes(d));
    if (remaining.length === 0) throw new ApiError('conflict', 'a split must leave at least one report in the original event');
    return c.json({ events: await store.split(id, reportIds, user) });
  });

  app.delete('/events/:id', async (c) => {
    new Query(c.req.url, []);
    const id = pathId(c);
    const user = actingUser(c);
    await live(id);
    await store.remove(id, user);
    return c.json({ id, deleted: true });
  });

  app.put('/outlets/:name/grade', async (c) => {
    new Query(c.req.url, []);
    const name = pathId(c, 'name');
    const user = actingUser(c);
    const body = await readJsonObject(c);
    const grade = typeof body.grade === 'string' ? body.grade.toUpperCase() : '';
    if (!(GRADES as readonly string[]).includes(grade)) {
      throw badParameter('grade', 'grade must be a reliability grade from A (completely reliable) to F (cannot be judged)');
    }
    await store.setOutletGrade(name, grade, user);
    const outlet = (await store.listOutlets()).find((o) => o.name === name);
    return c.json(outlet ?? { name, grade, reports: 0, events: 0 });
  });

  return app;
}

/** Optimistic concurrency: If-Match carries the updated_at (or ETag) the client read. */
function ifMatch(header: string | undefined, updatedAt: string): void {
  if (header === undefined || header.trim() === '*') return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (!tags.includes(updatedAt)) {
    throw new ApiError('conflict', `the event changed since you read it (now updated_at ${updatedAt}); read it again and redo the correction`);
  }
}
