// The dashboard in a real browser (Debian's chromium through playwright-core) against the real API
// (createApp over a temporary SQLite store with the seeds ingested). Skipped, with a message, without chromium.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, HAVE_CHROMIUM, SKIP_MESSAGE, CHROMIUM, CHROMIUM_ARGS, TOKEN, HOSTILE_TEXT, ROOT, type Server } from './fixture.js';

const skip = HAVE_CHROMIUM ? false : SKIP_MESSAGE;
// screenshots go to docs/screenshots when SITREP_SCREENSHOTS=1 (to refresh the committed ones), else to a temp folder
const SHOTS = process.env.SITREP_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(tmpdir(), 'sitrep-dashboard-screenshots');

let server: Server;
let browser: Browser;
let context: BrowserContext;
const foreign: string[] = []; // requests to anywhere but the local server
const dialogs: string[] = [];
const pageErrors: string[] = [];

async function open(path: string, opts: { fresh?: boolean } = {}): Promise<Page> {
  if (opts.fresh) {
    await context.close();
    context = await newContext();
  }
  const page = await context.newPage();
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url + path);
  await page.waitForSelector('body[data-loaded="1"]', { timeout: 15000 });
  return page;
}

async function newContext(): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  ctx.on('request', (r) => { if (!r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url())) foreign.push(r.url()); });
  return ctx;
}

const rows = (page: Page) => page.$$eval('#event-list li.event-row', (els) => els.length);
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const app = <T>(page: Page, fn: string) => page.evaluate(fn) as Promise<T>;

describe('dashboard in chromium', { skip }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await newContext();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (process.env.SITREP_SCREENSHOTS !== '1') rmSync(SHOTS, { recursive: true, force: true });
  });

  test('the map view renders the seeds offline: basemap, clusters, timeline, list', async () => {
    const page = await open('/');
    assert.ok((await rows(page)) >= 10, 'the list shows the seed events');
    assert.match(await page.textContent('#count') ?? '', /of \d+ events/);
    assert.match(await page.textContent('.leaflet-control-attribution') ?? '', /Who's On First.*GeoNames/);
    const drawn = await app<number>(page, 'window.__sitrep.map.drawnEvents');
    assert.ok(drawn >= 5, `events drawn on the map (${drawn})`);
    assert.ok(await page.$('canvas.sitrep-events'), 'events are drawn on a canvas');
    assert.ok(await page.$('.leaflet-overlay-pane canvas'), 'the basemap is drawn on a canvas');
    await shot(page, 'map');
    await page.close();
  });

  test('a filter narrows the map and the list, and the URL carries it', async () => {
    const page = await open('/');
    const allRows = await rows(page);
    const allDrawn = await app<number>(page, 'window.__sitrep.map.drawnEvents');
    await page.selectOption('#f-type', 'Strategic developments');
    await page.waitForFunction(() => location.search.includes('type=Strategic'));
    const typed = await rows(page);
    assert.ok(typed > 0 && typed < allRows, `list narrowed ${allRows} -> ${typed}`);
    const types = await page.$$eval('#event-list .swatch', (els) => els.map((e) => e.getAttribute('title')));
    assert.ok(types.every((t) => t === 'Strategic developments'));
    const drawn = await app<number>(page, 'window.__sitrep.map.drawnEvents');
    assert.ok(drawn < allDrawn, `map narrowed ${allDrawn} -> ${drawn}`);
    // the legend picks types: click for one, shift-click to add another
    await page.click('#legend .legend-item[data-type="Battles"]');
    await page.click('#legend .legend-item[data-type="Strategic developments"]', { modifiers: ['Shift'] });
    await page.waitForFunction(() => new URLSearchParams(location.search).get('type') === 'Battles,Strategic developments');
    const two = await page.$$eval('#event-list .swatch', (els) => [...new Set(els.map((e) => e.getAttribute('title')))].sort());
    assert.deepEqual(two, ['Battles', 'Strategic developments']);
    // an alias finds the actor's events; full text search narrows further
    await page.selectOption('#f-type', '');
    await page.fill('#f-actor', 'Hayyaat Tahrir al-Sham');
    await page.waitForFunction(() => location.search.includes('actor='));
    const hts = await rows(page);
    assert.ok(hts >= 3 && hts < allRows, `alias filter (${hts} of ${allRows})`);
    const named = await app<string[]>(page, `Array.from(window.__sitrep.idx, (i) => { const e = window.__sitrep.ds.events[i]; return [e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2].join('; '); })`);
    assert.ok(named.every((t) => /HTS|Hayat Tahrir/.test(t)), 'every event shown involves the actor');
    await page.fill('#f-q', 'Kabani');
    await page.waitForFunction(() => location.search.includes('q=Kabani'));
    const kab = await rows(page);
    assert.ok(kab >= 1 && kab < hts, `full text narrows (${kab})`);
    // the whole state comes back from the URL
    const url = page.url();
    const again = await open(url.slice(server.url.length));
    assert.equal(await rows(again), kab);
    assert.equal(await again.inputValue('#f-actor'), 'Hayyaat Tahrir al-Sham');
    await again.close();
    await page.close();
    // only the events inside the map as it is
    const zoomed = await open('/?map=10/35.75/36.1');
    const total = await app<number>(zoomed, 'window.__sitrep.idx.length');
    await zoomed.check('#f-inmap');
    await zoomed.waitForFunction(() => location.search.includes('bbox='));
    const inside = await app<number>(zoomed, 'window.__sitrep.idx.length');
    assert.ok(inside < total, `map view narrows ${total} -> ${inside}`);
    assert.equal(await rows(zoomed), Math.min(inside, 100));
    await zoomed.close();
  });

  test('a store larger than the dashboard holds: the newest events are loaded, and the page says so', async () => {
    const page = await open('/?max=3');
    assert.equal(await app<number>(page, 'window.__sitrep.ds.events.length'), 3, 'three events held');
    const dates = await app<string[]>(page, 'window.__sitrep.ds.events.map((e) => e.event_date)');
    const all = await (await fetch(`${server.url}/api/events?limit=3`)).json() as { events: { event_date: string }[] };
    assert.deepEqual(dates, all.events.map((e) => e.event_date), 'the newest three, as the API lists them');
    assert.match(await page.textContent('#status') ?? '', /newest 3 events loaded; the store holds older ones/);
    assert.match(await page.textContent('#count') ?? '', /of 3 events \(the newest\)/);
    await page.close();
    const full = await open('/');
    assert.ok((await app<number>(full, 'window.__sitrep.ds.events.length')) > 3);
    assert.doesNotMatch(await full.textContent('#status') ?? '', /newest/);
    await full.close();
  });

  test('brushing the timeline filters the list', async () => {
    const page = await open('/');
    const before = await app<number>(page, 'window.__sitrep.idx.length');
    const box = (await page.locator('#timeline').boundingBox())!;
    // drag across the right-hand end of the chart (the seeds run from 2018 to 2023: this keeps 2023)
    await page.mouse.move(box.x + box.width * 0.9, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width + 20, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => location.search.includes('b0='));
    const after = await app<number>(page, 'window.__sitrep.idx.length');
    assert.ok(after < before && after > 0, `brush narrowed ${before} -> ${after}`);
    const { b0, b1 } = await app<{ b0: string; b1: string }>(page, 'window.__sitrep.state');
    const dates = await page.$$eval('#event-list .date', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(dates.every((d) => d >= b0 && d <= b1), `listed events lie in ${b0}..${b1}`);
    const drawn = await app<number>(page, 'window.__sitrep.map.drawnEvents');
    assert.ok(drawn <= after, 'the map shows only the brushed period');
    await shot(page, 'timeline-brush');
    await page.click('#brush-clear');
    assert.equal(await app<number>(page, 'window.__sitrep.idx.length'), before);
    await page.close();
  });

  test('the event view shows every field, each source with highlighted evidence, and the figures side by side', async () => {
    const page = await open('/?q=fixture-sana-kabani');
    await page.click('#event-list li.event-row');
    await page.waitForSelector('#detail table.compare');
    const heads = await page.$$eval('#detail table.compare th', (els) => els.map((e) => e.textContent));
    assert.ok(heads.includes('SANA') && heads.includes('SOHR'), `a column per source: ${heads}`);
    const fat = await page.$$eval('#detail table.compare tr.differs th', (els) => els.map((e) => e.textContent));
    assert.ok(fat.includes('fatalities'), 'the conflicting death tolls are marked');
    assert.ok(await page.$('#detail .report-text mark.evidence'), 'evidence highlighted in the report text');
    assert.ok(await page.$('#detail a.original[href^="https://sana.sy/"]'), 'the original link');
    const fields = await page.$$eval('#detail table.fields th', (els) => els.map((e) => e.textContent));
    for (const f of ['event_date', 'geo_precision', 'fatalities', 'credibility', 'merge_reason']) assert.ok(fields.includes(f), f);
    await shot(page, 'event');
    await page.close();
  });

  test('a source that only recalls the event in its background says so in the event view', async () => {
    const list = await (await fetch(`${server.url}/api/events?limit=1000`)).json() as { events: { id: string }[] };
    let id = '';
    for (const e of list.events) {
      const full = await (await fetch(`${server.url}/api/events/${e.id}`)).json() as { sources?: { event?: { recalled?: boolean } }[] };
      if (full.sources?.some((s) => s.event?.recalled)) { id = e.id; break; }
    }
    assert.ok(id, 'the seeds recall an event in passing ("A day earlier, SOHR activists reported that an agreement had been reached")');
    const page = await open(`/?event=${id}`);
    await page.waitForSelector('#detail details.source');
    assert.match(await page.textContent('#detail details.source summary') ?? '', /recalls it in passing/);
    await page.close();
  });

  test('the actor view shows aliases, affiliations and the network; the source view shows naming side by side', async () => {
    const page = await open('/?view=actors&an=HTS%3A+Hayat+Tahrir+al-Sham');
    await page.waitForSelector('svg.network g.node');
    assert.ok((await page.$$('svg.network g.node')).length >= 3);
    assert.ok((await page.$$('svg.network line.edge')).length >= 2);
    await page.waitForSelector('.actor-knowledge tr[data-field="aliases"]');
    assert.match(await page.textContent('.actor-knowledge') ?? '', /Hayyaat Tahrir al-Sham/);
    assert.match(await page.textContent('.actor-knowledge') ?? '', /Jabhat al-Nusra/, 'former names with dates');
    await shot(page, 'actors');
    await page.click('#tab-sources');
    // all actors: one row per actor, one column per outlet, the words each outlet uses
    await page.waitForSelector('#naming-table tr[data-actor]');
    const cols = await page.$$eval('#naming-table tr:first-child th', (els) => els.map((e) => e.textContent));
    assert.ok(cols.length >= 3, `outlets side by side: ${cols}`);
    await page.waitForSelector('table.outlets tr[data-outlet="SOHR"]');
    await shot(page, 'sources');
    // one actor: a column per outlet
    await page.selectOption('#naming-actor', 'HTS: Hayat Tahrir al-Sham');
    await page.waitForSelector('.naming-col');
    const outlets = await page.$$eval('.naming-col h3', (els) => els.map((e) => e.textContent));
    assert.ok(outlets.length >= 2, `outlets side by side: ${outlets}`);
    assert.match(page.url(), /na=HTS/);
    await page.close();
  });

  test('review: a correction and a verification made with the keyboard persist across a reload, with the audit', async () => {
    const page = await open('/?view=review&q=fixture-sana-kabani', { fresh: true });
    await page.waitForSelector('#review-panel table.compare');
    await page.keyboard.press('v');
    // no token yet: the dashboard asks for one in the page
    await page.waitForSelector('#token-dialog[open]');
    await page.fill('#token-input', TOKEN);
    await page.fill('#user-input', 'analyst-ana');
    await page.click('#token-ok');
    await page.waitForFunction(() => /Verified/.test(document.getElementById('review-msg')?.textContent ?? ''));
    await page.keyboard.press('e');
    await page.waitForSelector('#edit-form');
    await page.fill('#edit-form input[name="fatalities"]', '12');
    await page.press('#edit-form input[name="fatalities"]', 'Enter');
    await page.waitForFunction(() => /Saved fatalities/.test(document.getElementById('review-msg')?.textContent ?? ''));
    await shot(page, 'review');
    await page.reload();
    await page.waitForSelector('body[data-loaded="1"]');
    await page.waitForSelector('#review-panel .audit-list li');
    const sub = await page.textContent('#review-panel .event-sub');
    assert.match(sub ?? '', /12 fatalities/);
    assert.match(sub ?? '', /verified/);
    const audit = await page.textContent('#review-panel .audit-list');
    assert.match(audit ?? '', /analyst-ana/);
    assert.match(audit ?? '', /edit/);
    assert.match(audit ?? '', /verify/);
    await page.close();
  });

  test('review: merge two events, split them again and delete one, with the keyboard', async () => {
    const page = await open(`/?view=review&q=fixture-#token=${TOKEN}&user=analyst-bo`, { fresh: true });
    await page.waitForSelector('#review-panel table.compare');
    const n0 = await page.$$eval('#review-list li', (els) => els.length);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('m');
    await page.waitForFunction(() => /Merged 2/.test(document.getElementById('review-msg')?.textContent ?? ''));
    await page.waitForFunction((n) => document.querySelectorAll('#review-list li').length === n - 1, n0);
    // the merged event has two sources; split the second one off again
    await page.waitForFunction(() => document.querySelectorAll('#review-panel details.source').length >= 2);
    await page.keyboard.press('s');
    await page.waitForSelector('#split-picker');
    await page.keyboard.press('2');
    await page.waitForSelector('#split-picker input:checked');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Split 1/.test(document.getElementById('review-msg')?.textContent ?? ''));
    await page.waitForFunction((n) => document.querySelectorAll('#review-list li').length === n, n0);
    // delete asks first; y confirms (not the hostile report's event: the last test needs it)
    const isHostile = () => page.evaluate(() => {
      const a = (window as unknown as { __sitrep: { ds: { get(id: string): { docs: string[] } } } }).__sitrep;
      const id = document.querySelector('#review-list li.current')?.getAttribute('data-id') ?? '';
      return a.ds.get(id).docs.includes('fixture-hostile');
    });
    if (await isHostile()) await page.keyboard.press('j');
    if (await isHostile()) await page.keyboard.press('k');
    assert.equal(await isHostile(), false);
    const doomed = await page.getAttribute('#review-list li.current', 'data-id');
    await page.keyboard.press('d');
    await page.waitForFunction(() => /Press y/.test(document.getElementById('review-msg')?.textContent ?? ''));
    await page.keyboard.press('y');
    await page.waitForFunction(() => /Deleted/.test(document.getElementById('review-msg')?.textContent ?? ''));
    await page.waitForFunction((n) => document.querySelectorAll('#review-list li').length === n - 1, n0);
    const gone = await fetch(`${server.url}/api/events/${doomed}`);
    assert.equal(gone.status, 404, 'the API no longer serves the deleted event');
    await page.close();
  });

  test('import: pasted text, a dropped file and a URL go through the API with progress, and their events are listed', async () => {
    const page = await open(`/?view=import#token=${TOKEN}`, { fresh: true });
    const before = await app<number>(page, 'window.__sitrep.ds.events.length');
    const text = readFileSync(join(ROOT, 'samples', 'seeds', '003_8f871535d99a6baf.txt'), 'utf8').replace(/Kabani/g, 'Kabana') + '\n(re-reported)';
    await page.fill('#import-text', text);
    await page.fill('#import-source', 'Enab Baladi');
    await page.click('#import-text-go');
    await page.waitForSelector('#import-log li.ok', { timeout: 20000 });
    const line = await page.textContent('#import-log li.ok .state');
    const m = /: (new|updated|unchanged), (\d+) event/.exec(line ?? '');
    assert.ok(m, `import result shown: ${line}`);
    assert.equal(await page.getAttribute('#import-progress', 'value'), await page.getAttribute('#import-progress', 'max'));
    if (Number(m[2]) > 0) {
      // the engine found events: they are listed under the import and held for the map
      await page.waitForSelector('#import-log li.ok ul.import-events li');
      const after = await app<number>(page, 'window.__sitrep.ds.events.length');
      assert.ok(after >= before);
    }
    // files dropped on the page go the same way
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['SOHR: On 3 March 2024 regime forces shelled Kafr Nabl in southern Idlib, killing two civilians.'], 'note.txt', { type: 'text/plain' }));
      document.getElementById('dropzone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelectorAll('#import-log li.ok, #import-log li.error').length >= 2, null, { timeout: 20000 });
    assert.match(await page.textContent('#import-log li:nth-child(2) .state') ?? '', /note\.txt: new/);
    // a URL: the server fetches it (here a page on this machine)
    const page3 = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<html><head><title>Shelling in Jisr al-Shughur</title></head><body><article><h1>Shelling in Jisr al-Shughur</h1>' +
        '<p>SOHR: On 12 March 2024 regime forces shelled Jisr al-Shughur in western Idlib, killing three civilians and injuring five.</p></article></body></html>');
    });
    await new Promise<void>((r) => page3.listen(0, '127.0.0.1', () => r()));
    try {
      await page.fill('#import-url', `http://127.0.0.1:${(page3.address() as AddressInfo).port}/report.html`);
      await page.click('#import-url-go');
      await page.waitForFunction(() => document.querySelectorAll('#import-log li.ok, #import-log li.error').length >= 3, null, { timeout: 20000 });
      assert.match(await page.textContent('#import-log li:nth-child(3) .state') ?? '', /: new, \d+ event/);
    } finally {
      page3.close();
    }
    // the events the imports produced are listed under them, and a click opens one on the map
    const listed = await page.$$('#import-log ul.import-events a');
    assert.ok(listed.length >= 1, 'the imported reports gave events');
    await shot(page, 'import');
    await listed[0].click();
    await page.waitForSelector('#detail table.compare');
    assert.match(page.url(), /event=/);
    await page.close();
  });

  test('exports of the current view: CSV, GeoJSON and a PNG of the map and timeline', async () => {
    const page = await open('/?type=Battles');
    const n = await rows(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    const lines = csvText.trim().split(/\r\n/);
    assert.ok(lines[0].startsWith('event_date,time_precision,event_type'));
    assert.ok(lines.length - 1 >= n && lines.slice(1).every((l) => l.includes(',Battles,')));
    const [gj] = await Promise.all([page.waitForEvent('download'), page.click('#export-geojson')]);
    const geo = JSON.parse(readFileSync((await gj.path())!, 'utf8'));
    assert.equal(geo.type, 'FeatureCollection');
    assert.ok(geo.features.length > 0 && geo.features.every((f: { properties: { event_type: string } }) => f.properties.event_type === 'Battles'));
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const buf = readFileSync((await png.path())!);
    assert.deepEqual([...buf.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(buf.length > 20000, `PNG has the map in it (${buf.length} bytes)`);
    await page.close();
  });

  test('a server that wants the token for reads: the page asks once, then loads', async () => {
    const guarded = await startServer({ seeds: false, readsNeedToken: true });
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    try {
      const page = await ctx.newPage();
      page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
      await page.goto(guarded.url + '/');
      await page.waitForSelector('#token-dialog[open]');
      await page.fill('#token-input', TOKEN);
      await page.click('#token-ok');
      await page.waitForSelector('body[data-loaded="1"]');
      assert.ok((await rows(page)) >= 2);
      assert.equal(await page.evaluate(() => document.querySelectorAll('#token-dialog[open]').length), 0);
    } finally {
      await ctx.close();
      await guarded.close();
    }
  });

  test('report text is inert: hostile markup runs nothing and fetches nothing', async () => {
    const page = await open(`/?view=import#token=${TOKEN}`);
    await page.fill('#import-text', HOSTILE_TEXT);
    await page.fill('#import-title', '<img src=x onerror=alert("xss-import-title")>');
    await page.click('#import-text-go');
    await page.waitForSelector('#import-log li.ok, #import-log li.error');
    // the stored hostile event in every view
    await page.click('#tab-events');
    await page.fill('#f-q', 'hostile');
    await page.waitForFunction(() => location.search.includes('q=hostile'));
    await page.click('#event-list li.event-row');
    await page.waitForSelector('#detail .report-text');
    assert.match(await page.textContent('#detail') ?? '', /<script>alert\("xss-script"\)<\/script>/, 'shown as text');
    for (const tab of ['#tab-actors', '#tab-sources', '#tab-review']) {
      await page.click(tab);
      await page.waitForTimeout(300);
    }
    await page.click('#tab-events');
    // hover over the map, where the tooltips name the hostile event's place
    const m = (await page.locator('#map').boundingBox())!;
    for (let k = 1; k < 12; k++) await page.mouse.move(m.x + (m.width * k) / 12, m.y + m.height * 0.3);
    await page.waitForTimeout(200);
    const bad = await page.evaluate(() => ({
      inlineScripts: document.querySelectorAll('script:not([src])').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(https?:|#|\?|blob:)/.test(a.getAttribute('href') ?? '')).length,
      imgs: document.querySelectorAll('#main img, #right img').length,
    }));
    assert.deepEqual(bad, { inlineScripts: 0, handlers: 0, jsLinks: 0, imgs: 0 });
    assert.deepEqual(dialogs, [], 'no alert/confirm/prompt ever opened');
    assert.deepEqual(foreign, [], 'no request left the local server');
    assert.deepEqual(pageErrors, [], 'no script errors');
    await page.close();
  });
});
