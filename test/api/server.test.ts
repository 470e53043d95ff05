import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../src/api/app.js';
import { OPENAPI } from '../../src/api/openapi.js';
import type { Store } from '../../src/store/types.js';
import { auth, fixture, jsonAuth, TOKEN, type Fixture } from './fixture.js';

let f: Fixture;
before(async () => {
  f = await fixture();
});
after(async () => {
  await f.close();
});

const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'";

describe('headers and errors', () => {
  test('every response carries the CSP and nosniff, errors included', async () => {
    for (const url of ['/api/events', '/api/events/ev_none', '/api/events?limit=x', '/api/openapi.json']) {
      const res = await f.app.request(url);
      assert.ok(res.headers.get('content-security-policy')?.startsWith(CSP), url);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', url);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', url);
    }
    const app = createApp({ store: f.store, token: TOKEN });
    const dash = await app.request('/');
    const csp = dash.headers.get('content-security-policy') ?? '';
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) assert.ok(csp.includes(d), `the dashboard too: ${d}`);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
    assert.equal(dash.headers.get('x-content-type-options'), 'nosniff');
  });

  test('unknown API paths are 404 JSON; a wrong method is 405', async () => {
    const missing = await f.app.request('/api/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error, 'not_found');
    const wrong = await f.app.request('/api/stats', { method: 'POST', headers: auth });
    assert.equal(wrong.status, 405);
    assert.equal((await wrong.json()).error, 'method_not_allowed');
    assert.equal(wrong.headers.get('allow'), 'GET, HEAD');
  });

  test('a failure inside is a 500 without a stack or internals', async () => {
    const broken = Object.create(f.store) as Store;
    broken.listOutlets = async () => {
      throw new TypeError('cannot read x of undefined at /srv/secret/store.ts:12');
    };
    const app = createApp({ store: broken, token: TOKEN, dashboard: false });
    const saved = console.error;
    console.error = () => undefined;
    try {
      const res = await app.request('/api/outlets');
      assert.equal(res.status, 500);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { error: 'internal', message: 'internal error' });
      assert.ok(!text.includes('secret'));
    } finally {
      console.error = saved;
    }
  });

  test('an unavailable store is 503 with Retry-After; health says so', async () => {
    const g = await fixture({}, false);
    await g.store.close();
    const res = await g.app.request('/api/events');
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error, 'maintenance');
    assert.ok(res.headers.get('retry-after'));
    const saved = console.error;
    console.error = () => undefined;
    const health = await g.app.request('/api/health');
    console.error = saved;
    assert.equal(health.status, 503);
    await g.close().catch(() => undefined);
  });
});

describe('modes', () => {
  test('maintenance mode: 503 maintenance with Retry-After, health still answers', async () => {
    let down = true;
    const app = createApp({ store: f.store, token: TOKEN, dashboard: false, maintenance: () => down });
    const res = await app.request('/api/events');
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { error: 'maintenance', message: 'the server is down for maintenance; try again later' });
    assert.ok(res.headers.get('retry-after'));
    assert.equal((await app.request('/api/health')).status, 503);
    down = false;
    assert.equal((await app.request('/api/events')).status, 200);
    assert.equal((await app.request('/api/health')).status, 200);
  });

  test('quota: 429 once a client has used its window', async () => {
    const app = createApp({ store: f.store, token: TOKEN, dashboard: false, rateLimit: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await app.request('/api/health')).status, 200);
    const res = await app.request('/api/health');
    assert.equal(res.status, 429);
    assert.equal((await res.json()).error, 'quota');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
  });

  test('beyond loopback reads need the token too', async () => {
    const app = createApp({ store: f.store, token: TOKEN, dashboard: false, readsNeedToken: true });
    assert.equal((await app.request('http://sitrep.example.org/api/events')).status, 401);
    assert.equal((await app.request('http://sitrep.example.org/api/events', { headers: auth })).status, 200);
  });

  test('on loopback, requests for another host name are refused (DNS rebinding)', async () => {
    const res = await f.app.request('http://attacker.example/api/events');
    assert.equal(res.status, 403);
    assert.equal((await f.app.request('http://127.0.0.1:8080/api/events')).status, 200);
    assert.equal((await f.app.request('http://localhost:8080/api/events')).status, 200);
  });
});

describe('self-description', () => {
  test('openapi.json is OpenAPI 3.1 and lists every API route the app serves', async () => {
    const res = await f.app.request('/api/openapi.json');
    assert.equal(res.status, 200);
    const doc = JSON.parse(await res.text());
    assert.equal(doc.openapi, '3.1.0');
    const routes = f.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL');
    assert.ok(routes.length >= 20);
    for (const r of routes) {
      const path = r.path.replace(/:(\w+)/g, '{$1}');
      assert.ok(doc.paths[path], `${path} is described`);
      assert.ok(doc.paths[path][r.method.toLowerCase()], `${r.method} ${path} is described`);
    }
    for (const p of Object.keys(doc.paths)) {
      const hono = p.replace(/\{(\w+)\}/g, ':$1');
      assert.ok(routes.some((r) => r.path === hono), `${p} is served`);
    }
    // every $ref resolves
    const text = JSON.stringify(OPENAPI);
    for (const m of text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)) {
      assert.ok(doc.components[m[1]][m[2]], `${m[0]} resolves`);
    }
  });

  test('health', async () => {
    const res = await f.app.request('/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', dialect: 'sqlite', version: '0.1.0' });
  });
});

describe('actors, places, outlets', () => {
  test('actors: the knowledge with event counts; one actor by any alias', async () => {
    const list = await (await f.app.request('/api/actors')).json();
    const hts = list.find((a: { name: string }) => a.name === 'HTS: Hayat Tahrir al-Sham');
    assert.ok(hts.aliases.length > 0);
    assert.ok(hts.events >= 6);
    const one = await f.app.request(`/api/actors/${encodeURIComponent('Hayat Tahrir al-Sham')}`);
    assert.equal(one.status, 200);
    const body = await one.json();
    assert.equal(body.name, 'HTS: Hayat Tahrir al-Sham');
    assert.equal(body.events, hts.events);
    assert.ok(Array.isArray(body.over_time) && body.over_time.length > 0);
    assert.ok('former_names' in body && 'affiliations' in body && 'inter' in body);
    assert.equal((await f.app.request('/api/actors/Nobody%20At%20All')).status, 404);
  });

  test('places: gazetteer search', async () => {
    const res = await f.app.request('/api/places?q=Idlib');
    assert.equal(res.status, 200);
    const places = await res.json();
    assert.ok(places.length > 0);
    assert.ok(places.some((p: { admin1: string }) => p.admin1 === 'Idleb'), JSON.stringify(places.slice(0, 3)));
    assert.equal((await f.app.request('/api/places')).status, 400);
  });

  test('outlet naming: the forms each outlet uses for an actor', async () => {
    const res = await f.app.request(`/api/outlets/naming?actor=HTS`);
    assert.equal(res.status, 200);
    const rows = await res.json() as { outlet: string; actors: { actor: string; forms: { form: string; count: number }[] }[] }[];
    const sohr = rows.find((r) => r.outlet === 'SOHR');
    assert.ok(sohr, JSON.stringify(rows));
    assert.ok(sohr.actors.every((a) => a.actor === 'HTS: Hayat Tahrir al-Sham'));
    assert.ok(sohr.actors[0].forms.some((x) => /\bHTS\b/.test(x.form) && x.count > 0), JSON.stringify(sohr));
  });
});

describe('POST /api/ingest', () => {
  test('JSON text in: the report is kept and the answer lists its results', async () => {
    const res = await f.app.request('/api/ingest', {
      method: 'POST',
      headers: jsonAuth,
      body: JSON.stringify({ id: 'api-note-1', text: 'On 3 March 2024, SDF forces clashed with ISIS cells near Deir ez-Zor, killing two.', source: 'North Press Agency', published: '2024-03-04' }),
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(body.results.map((r: { report_id: string; status: string }) => [r.report_id, r.status]), [['api-note-1', 'new']]);
    assert.ok(Array.isArray(body.events));
    const again = await (await f.app.request('/api/ingest', { method: 'POST', headers: jsonAuth, body: JSON.stringify({ id: 'api-note-1', text: 'On 3 March 2024, SDF forces clashed with ISIS cells near Deir ez-Zor, killing two.', source: 'North Press Agency', published: '2024-03-04' }) })).json();
    assert.equal(again.results[0].status, 'unchanged');
    assert.ok(await f.store.getReport('api-note-1'));
  });

  test('multipart files in', async () => {
    const form = new FormData();
    form.append('files', new File(['Protesters gathered in Sweida city on Friday.'], 'upload-1.txt', { type: 'text/plain' }));
    form.append('files', new File(['<html><body><p>Shelling hit Ariha.</p></body></html>'], 'upload-2.html', { type: 'text/html' }));
    const res = await f.app.request('/api/ingest', { method: 'POST', headers: auth, body: form });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(body.results.map((r: { report_id: string }) => r.report_id).sort(), ['upload-1.txt', 'upload-2.html']);
  });

  test('bad documents are 400s naming the field; private URLs are refused', async () => {
    const post = (body: unknown) => f.app.request('/api/ingest', { method: 'POST', headers: jsonAuth, body: JSON.stringify(body) });
    const cases: [unknown, string][] = [
      [{ title: 'no text' }, 'text'],
      [{ text: 'a', html: '<p>b</p>' }, 'text'],
      [{ text: 'a', published: 'March' }, 'published'],
      [{ text: 'a', colour: 'red' }, 'colour'],
      [{ url: 'ftp://example.org/x' }, 'url'],
    ];
    for (const [body, parameter] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((await res.json()).parameter, parameter, JSON.stringify(body));
    }
    const local = await post({ url: 'http://127.0.0.1:9/secret' });
    assert.equal(local.status, 400);
    const b = await local.json();
    assert.equal(b.parameter, 'url');
  });
});

describe('the seeds through POST /api/ingest and the real pipeline', () => {
  test('uploads extract events whose evidence points into the stored report text; re-ingest keeps the ids', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '..', '..', 'samples', 'seeds');
    const g = await fixture({}, false);
    try {
      const upload = async () => {
        const form = new FormData();
        for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
          form.append('files', new File([readFileSync(join(dir, name))], name, { type: 'text/plain' }));
        }
        const res = await g.app.request('/api/ingest', { method: 'POST', headers: auth, body: form });
        assert.equal(res.status, 200);
        return res.json() as Promise<{ results: { report_id: string; status: string; events: number }[]; events: { id: string; docs: string[] }[] }>;
      };
      const first = await upload();
      assert.equal(first.results.length, 5);
      assert.ok(first.results.every((r) => r.status === 'new'));
      assert.ok(first.events.length > 0, 'the pipeline finds events in the seeds');
      const list = await (await g.app.request('/api/events?limit=1000')).json();
      assert.deepEqual(list.events.map((e: { id: string }) => e.id).sort(), first.events.map((e) => e.id).sort());
      const one = await (await g.app.request(`/api/events/${encodeURIComponent(first.events[0].id)}`)).json();
      assert.ok(one.sources.length >= 1);
      for (const s of one.sources) for (const span of s.evidence) assert.equal(s.report_text.slice(span.start, span.end), span.text);
      const second = await upload();
      assert.ok(second.results.every((r) => r.status === 'unchanged'));
      const again = await (await g.app.request('/api/events?limit=1000')).json();
      assert.deepEqual(again.events.map((e: { id: string }) => e.id).sort(), list.events.map((e: { id: string }) => e.id).sort());
    } finally {
      await g.close();
    }
  });
});
