// A real Sitrep server for the dashboard's browser tests: the API's createApp over a temporary SQLite
// store, with the seed reports ingested through ingestDocuments. Where the extraction engine gives no
// events for a seed (while it is being built), the seed's gold events (samples/seeds.gold.jsonl) are
// stored as that report's events through the store's own putReport, so the views have data to show.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/api/app.js';
import { openStore } from '../../src/store/index.js';
import { ingestDocuments } from '../../src/ingest/index.js';
import type { SitrepEvent, CleanDocument, EventType } from '../../src/model/index.js';
import type { Store } from '../../src/store/types.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.SITREP_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_MESSAGE = `chromium not found at ${CHROMIUM}: install it (apt-get install chromium, or scripts/setup-system.sh) to run the dashboard's browser tests`;
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const TOKEN = 'dashboard-test-token';

/** Report text an attacker controls: nothing in it may run in the dashboard. */
export const HOSTILE_TEXT = [
  'Hostile report <script>alert("xss-script")</script> about clashes in Idlib.',
  'An image <img src="http://127.0.0.1:9/pwned.png" onerror="alert(\'xss-img\')"> and <svg onload="alert(\'xss-svg\')"></svg>.',
  'A link <a href="javascript:alert(\'xss-link\')">click here</a> and javascript:alert(1) in text.',
  'On 2023-07-09 HTS fighters clashed with regime forces near Sarmin, killing 4 fighters.',
].join('\n');

interface Gold {
  doc: string; event_type: string; sub_event_type: string; actor1?: string; actor2?: string; assoc_actor_2?: string; admin1?: string;
  location?: string; latitude?: number; longitude?: number; event_date?: string; fatalities?: number; arrested?: number; quote?: string; optional?: boolean;
}

const first = (s?: string) => (s ? s.split('|')[0] : '');

export function eventFrom(doc: string, text: string, g: Partial<Gold>, extra: Partial<SitrepEvent> = {}): SitrepEvent {
  const quote = (g.quote ?? '').split(' ... ')[0];
  const at = quote ? text.indexOf(quote) : -1;
  const evidence = at >= 0 ? [{ start: at, end: at + quote.length, text: quote }] : [];
  return {
    doc, event_date: g.event_date ?? '2023-07-08', time_precision: 1, event_type: g.event_type as EventType, sub_event_type: g.sub_event_type ?? '',
    actor1: first(g.actor1), assoc_actor_1: '', inter1: null, actor2: first(g.actor2), assoc_actor_2: g.assoc_actor_2 ?? '', inter2: null, interaction: null,
    civilian_targeting: '', country: 'Syria', admin1: g.admin1 ?? '', admin2: '', admin3: '', location: first(g.location),
    latitude: g.latitude ?? null, longitude: g.longitude ?? null, geo_precision: 1, source: '', notes: quote.slice(0, 200),
    fatalities: g.fatalities ?? 0, injured: null, arrested: g.arrested ?? null, fatalities_low: null, fatalities_high: null,
    evidence, confidence: 0.8, sources_count: 1, ...extra,
  };
}

export interface Server {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export async function startServer(opts: { seeds?: boolean; readsNeedToken?: boolean } = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-dashboard-'));
  const store = await openStore(join(dir, 'sitrep.db'));
  const seedDir = join(ROOT, 'samples', 'seeds');
  const seeds = opts.seeds === false ? [] : readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
  await ingestDocuments(store, seeds.map((f) => ({ id: f, text: readFileSync(join(seedDir, f), 'utf8') })));
  const gold: Gold[] = readFileSync(join(ROOT, 'samples', 'seeds.gold.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const { events: stored } = await store.listEvents({}, { limit: 1000 });
  for (const f of seeds) {
    if (stored.some((e) => e.docs.includes(f))) continue; // the engine found events: keep them
    const rep = await store.getReport(f);
    if (!rep) continue;
    const doc: CleanDocument = { id: f, url: rep.url, text: rep.clean_text, title: rep.title, outlets: rep.outlets.length ? rep.outlets : ['SOHR'], published: rep.published ?? '2023-07-08', language: 'en' };
    const evs = gold.filter((g) => g.doc === f && !g.optional).map((g, n) =>
      eventFrom(f, rep.clean_text, g, { source: doc.outlets.join('; '), ...(n === 0 && f.startsWith('000') ? { geo_precision: 2 as const, location: 'northern countryside of Latakia' } : {}) }));
    await store.putReport(doc, rep.raw_text, evs, 'dashboard-fixture');
  }
  // two outlets' accounts of one clash with different death tolls, kept as one event (merged by hand if the engine did not)
  const kabani = { event_type: 'Battles', sub_event_type: 'Armed clash', actor1: 'HTS: Hayat Tahrir al-Sham', actor2: 'Military Forces of Syria (2000-2024)', admin1: 'Lattakia', location: 'Kabani', latitude: 35.7187, longitude: 36.2331, event_date: '2023-07-06' };
  const accounts = [
    { id: 'fixture-sana-kabani', outlet: 'SANA', url: 'https://sana.sy/en/?p=300001', title: 'Army repels terrorist attack in Lattakia countryside', fat: 11,
      text: 'SANA: On 6 July 2023 army units repelled an attack by terrorists of Jabhat al-Nusra on Kabani in the northern countryside of Latakia, killing 11 terrorists.', quote: 'killing 11 terrorists' },
    { id: 'fixture-sohr-kabani', outlet: 'SOHR', url: 'https://www.syriahr.com/en/300002/', title: 'Clashes between HTS and regime forces on Kabani axis', fat: 7,
      text: 'SOHR: Fierce clashes broke out on 6 July 2023 between HTS rebels and regime forces on the Kabani axis in the northern countryside of Latakia, leaving 7 fighters dead.', quote: 'leaving 7 fighters dead' },
  ];
  for (const a of accounts) {
    await store.putReport({ id: a.id, url: a.url, text: a.text, title: a.title, outlets: [a.outlet], published: '2023-07-06', language: 'en' }, a.text,
      [eventFrom(a.id, a.text, { ...kabani, fatalities: a.fat, quote: a.quote }, { source: a.outlet, fatalities_low: a.fat, fatalities_high: a.fat })], 'dashboard-fixture');
  }
  const { events: all } = await store.listEvents({}, { limit: 5000 });
  const ids = all.filter((e) => e.docs.some((d) => d === 'fixture-sana-kabani' || d === 'fixture-sohr-kabani')).map((e) => e.id);
  if (ids.length > 1) await store.merge(ids, 'fixture');
  // a report whose text tries to run script: stored with an event, so its text reaches the event view
  await store.putReport(
    { id: 'fixture-hostile', url: 'javascript:alert("xss-url")', text: HOSTILE_TEXT, title: '<img src=x onerror=alert("xss-title")>', outlets: ['<b onmouseover=alert(1)>Evil Outlet</b>'], published: '2023-07-09', language: 'en' },
    HOSTILE_TEXT,
    [eventFrom('fixture-hostile', HOSTILE_TEXT, { event_type: 'Battles', sub_event_type: 'Armed clash', actor1: '<svg onload=alert("xss-actor")>', actor2: 'Military Forces of Syria (2000-2024)', admin1: 'Idleb', location: '<img src=x onerror=alert("xss-location")>', latitude: 35.86, longitude: 36.8, event_date: '2023-07-09', fatalities: 4, quote: 'killing 4 fighters' },
      { notes: '<script>alert("xss-notes")</script> <a href="javascript:alert(1)">x</a>', source: '<b onmouseover=alert(1)>Evil Outlet</b>' })],
    'dashboard-fixture',
  );
  // private addresses allowed so that the import test can give a URL on this machine
  const app = createApp({ store, token: TOKEN, readsNeedToken: opts.readsNeedToken ?? false, ingest: { allowPrivate: true } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
