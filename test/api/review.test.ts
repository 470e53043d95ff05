import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auth, engines, fixture, jsonAuth, type Fixture } from './fixture.js';

for (const [engine, skip] of await engines()) describe(engine, { skip: skip ?? false }, () => {
  let f: Fixture;
  before(async () => {
    f = await fixture({}, true, engine);
  });
  after(async () => {
    await f.close();
  });

  type Ev = { id: string; updated_at: string; verified: boolean; fatalities: number; location: string; docs: string[]; [k: string]: unknown };

  const req = async (method: string, url: string, body?: unknown, headers: Record<string, string> = jsonAuth) => {
    const res = await f.app.request(url, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { res, body: text && res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
  };
  const find = async (qs: string): Promise<Ev> => {
    const { body } = await req('GET', `/api/events?${qs}`, undefined, {});
    assert.equal(body.count, 1, `${qs} finds one event`);
    return body.events[0];
  };

  describe('writes need the token', () => {
    test('401 without a token, 403 with a wrong one; reads stay open', async () => {
      const e = await find('admin2=Al-Haffa');
      const none = await req('POST', `/api/events/${e.id}/verify`, undefined, {});
      assert.equal(none.res.status, 401);
      assert.equal(none.body.error, 'unauthorized');
      assert.match(none.res.headers.get('www-authenticate') ?? '', /Bearer/);
      const wrong = await req('POST', `/api/events/${e.id}/verify`, undefined, { Authorization: 'Bearer not-the-token' });
      assert.equal(wrong.res.status, 403);
      assert.equal(wrong.body.error, 'forbidden');
      for (const [method, url] of [['PATCH', `/api/events/${e.id}`], ['DELETE', `/api/events/${e.id}`], ['POST', '/api/events/merge'], ['PUT', '/api/outlets/SOHR/grade'], ['POST', '/api/ingest']]) {
        assert.equal((await req(method, url, {}, { 'Content-Type': 'application/json' })).res.status, 401, `${method} ${url}`);
      }
      assert.equal((await find('admin2=Al-Haffa')).verified, false, 'nothing changed');
    });
  });

  describe('corrections', () => {
    test('an edit is kept, audited, and picked up by updated_since', async () => {
      const e = await find('admin2=Al-Haffa');
      const since = new Date().toISOString();
      const quiet = await req('GET', `/api/events?updated_since=${since}`, undefined, {});
      assert.equal(quiet.body.count, 0);
      const { res, body } = await req('PATCH', `/api/events/${e.id}`, { fatalities: 3, location: 'Kabani village' }, { ...jsonAuth, 'X-Sitrep-User': 'analyst one' });
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.id, e.id, 'the id survives the edit');
      assert.equal(body.fatalities, 3);
      assert.equal(body.location, 'Kabani village');
      const changed = await req('GET', `/api/events?updated_since=${encodeURIComponent(since)}`, undefined, {});
      assert.deepEqual(changed.body.events.map((x: Ev) => x.id), [e.id]);
      const audit = await req('GET', `/api/events/${e.id}/audit`, undefined, {});
      assert.equal(audit.res.status, 200);
      const entry = audit.body.entries.find((a: { action: string }) => a.action === 'edit');
      assert.equal(entry.user, 'analyst one');
      assert.equal(entry.event_id, e.id);
      const all = await req('GET', `/api/audit?event_id=${e.id}`, undefined, {});
      assert.ok(all.body.entries.length >= 1);
    });

    test('bad corrections are 400s that name the field', async () => {
      const e = await find('admin2=Al-Haffa');
      const cases: [unknown, string][] = [
        [{ fatalities: -2 }, 'fatalities'],
        [{ event_date: '2023-02-30' }, 'event_date'],
        [{ event_type: 'Skirmish' }, 'event_type'],
        [{ sub_event_type: 'Peaceful protest' }, 'sub_event_type'],
        [{ latitude: 123 }, 'latitude'],
        [{ id: 'ev_mine' }, 'id'],
        [{ evidence: [] }, 'evidence'],
        [{}, 'body'],
      ];
      for (const [patch, parameter] of cases) {
        const { res, body } = await req('PATCH', `/api/events/${e.id}`, patch);
        assert.equal(res.status, 400, JSON.stringify(patch));
        assert.equal(body.parameter, parameter, JSON.stringify(body));
      }
      const notJson = await req('PATCH', `/api/events/${e.id}`, '{"fatalities": ', jsonAuth);
      assert.equal(notJson.res.status, 400);
      assert.equal(notJson.body.parameter, 'body');
      const form = await req('PATCH', `/api/events/${e.id}`, 'fatalities=1', { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' });
      assert.equal(form.res.status, 415);
    });

    test('If-Match guards against overwriting a change made since the read (409)', async () => {
      const e = await find('admin2=Al-Haffa');
      const stale = await req('PATCH', `/api/events/${e.id}`, { notes: 'mine' }, { ...jsonAuth, 'If-Match': '"2000-01-01T00:00:00.000Z"' });
      assert.equal(stale.res.status, 409);
      assert.equal(stale.body.error, 'conflict');
      const etag = (await f.app.request(`/api/events/${e.id}`)).headers.get('etag');
      assert.equal(etag, `"${e.updated_at}"`);
      const fresh = await req('PATCH', `/api/events/${e.id}`, { notes: 'mine' }, { ...jsonAuth, 'If-Match': etag! });
      assert.equal(fresh.res.status, 200);
    });

    test('verify marks the event verified; the filter sees it', async () => {
      const e = await find('admin2=Al-Haffa');
      const { res, body } = await req('POST', `/api/events/${e.id}/verify`);
      assert.equal(res.status, 200);
      assert.equal(body.verified, true);
      const verified = await req('GET', '/api/events?verified=true', undefined, {});
      assert.deepEqual(verified.body.events.map((x: Ev) => x.id), [e.id]);
    });

    test('404 for writes to unknown events', async () => {
      assert.equal((await req('POST', '/api/events/ev_missing/verify')).res.status, 404);
      assert.equal((await req('PATCH', '/api/events/ev_missing', { fatalities: 1 })).res.status, 404);
    });

    test('a body over the limit is 413', async () => {
      const e = await find('admin2=Al-Haffa');
      const { res, body } = await req('PATCH', `/api/events/${e.id}`, { notes: 'x'.repeat(2 * 1024 * 1024) });
      assert.equal(res.status, 413);
      assert.equal(body.error, 'too_large');
    });
  });

  describe('delete, merge, split and the deletions feed', () => {
    test('a deleted event leaves the lists and enters the deletions feed; writing to it is a conflict', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const e = await find('sub_event_type=Peaceful protest');
      const { res } = await req('DELETE', `/api/events/${e.id}`);
      assert.equal(res.status, 200);
      assert.equal((await req('GET', '/api/events?sub_event_type=Peaceful protest', undefined, {})).body.count, 0);
      assert.equal((await req('GET', `/api/events/${e.id}`, undefined, {})).res.status, 404);
      const feed = await req('GET', `/api/deletions?since=${encodeURIComponent(since)}`, undefined, {});
      assert.equal(feed.res.status, 200);
      assert.ok(feed.body.deletions.some((d: { id: string }) => d.id === e.id));
      assert.equal((await req('POST', `/api/events/${e.id}/verify`)).res.status, 409);
      const missing = await req('GET', '/api/deletions', undefined, {});
      assert.equal(missing.res.status, 400);
      assert.equal(missing.body.parameter, 'since');
    });

    test('merge keeps one id and sends the other to the deletions feed with replaced_by; split undoes it', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const a = await find('admin2=Al-Haffa');
      const b = await find('q=heavy weapons');
      const merged = await req('POST', '/api/events/merge', { ids: [a.id, b.id] });
      assert.equal(merged.res.status, 200, JSON.stringify(merged.body));
      const keeper = merged.body as Ev;
      assert.ok([a.id, b.id].includes(keeper.id));
      const gone = keeper.id === a.id ? b.id : a.id;
      assert.equal(keeper.docs.length, 2);
      const feed = await req('GET', `/api/deletions?since=${encodeURIComponent(since)}`, undefined, {});
      const d = feed.body.deletions.find((x: { id: string }) => x.id === gone);
      assert.equal(d?.replaced_by, keeper.id);

      const full = await req('GET', `/api/events/${keeper.id}`, undefined, {});
      assert.equal(full.body.sources.length, 2);
      const bad = await req('POST', `/api/events/${keeper.id}/split`, { report_ids: ['no-such-report'] });
      assert.equal(bad.res.status, 400);
      assert.equal(bad.body.parameter, 'report_ids');
      const all = await req('POST', `/api/events/${keeper.id}/split`, { report_ids: keeper.docs });
      assert.equal(all.res.status, 409);
      const split = await req('POST', `/api/events/${keeper.id}/split`, { report_ids: [keeper.docs[1]] });
      assert.equal(split.res.status, 200, JSON.stringify(split.body));
      assert.equal(split.body.events.length, 2);
      assert.ok(split.body.events.some((x: Ev) => x.id === keeper.id), 'the original id stays');

      const one = await req('POST', '/api/events/merge', { ids: [a.id] });
      assert.equal(one.res.status, 400);
      assert.equal(one.body.parameter, 'ids');
    });
  });

  describe('outlet grades', () => {
    test('an analyst grades an outlet; min_reliability filters by it', async () => {
      const bad = await req('PUT', '/api/outlets/SOHR/grade', { grade: 'Z' });
      assert.equal(bad.res.status, 400);
      assert.equal(bad.body.parameter, 'grade');
      const { res, body } = await req('PUT', '/api/outlets/SouthFront/grade', { grade: 'b' });
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.grade, 'B');
      await req('PUT', '/api/outlets/SOHR/grade', { grade: 'E' });
      await req('PUT', '/api/outlets/The Cradle/grade', { grade: 'E' });
      const outlets = await req('GET', '/api/outlets', undefined, {});
      assert.equal(outlets.body.find((o: { name: string }) => o.name === 'SouthFront').grade, 'B');
      const good = await req('GET', '/api/events?min_reliability=B', undefined, {});
      assert.deepEqual(good.body.events.map((e: Ev) => e.docs).flat(), ['001_0f983bf6e25fc61c.txt']);
      // an event carried by one outlet graded B is credibility 2 (probably true); the others (E) are worse
      const credible = await req('GET', '/api/events?max_credibility=2', undefined, {});
      assert.deepEqual(credible.body.events.map((e: Ev) => e.docs).flat(), ['001_0f983bf6e25fc61c.txt']);
      assert.equal(credible.body.events[0].credibility, 2);
      const audit = await req('GET', '/api/audit', undefined, {});
      assert.ok(audit.body.entries.some((a: { action: string }) => a.action === 'grade'));
    });
  });
});
