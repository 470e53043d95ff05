/**
 * A real store in a temp file, filled with the seed reports (samples/seeds) and events coded by hand
 * from them, each with its evidence span in the report's clean text. The extraction engine is not
 * needed: the events go in through store.putReport, as ingest would put them.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clean } from '../../src/clean/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import type { EventType, SitrepEvent, Span } from '../../src/model/index.js';
import { createApp, type AppOptions } from '../../src/api/app.js';
import type { Hono } from 'hono';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';
export const PG_URL = process.env.SITREP_TEST_PG || 'postgres://postgres@127.0.0.1:5432/sitrep_test';

/** null when PostgreSQL answers, else why its half of the API tests is skipped */
export async function pgSkip(): Promise<string | null> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return null;
  } catch (e) {
    return `PostgreSQL not reachable at ${PG_URL.replace(/\/\/[^@/]*@/, '//')} (${(e as Error).message}): PostgreSQL API tests skipped`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The engines the API suites run on, each with its skip reason (null: runs). */
export async function engines(): Promise<[Engine, string | null][]> {
  return [['sqlite', null], ['postgres', await pgSkip()]];
}

export const TOKEN = 'test-token-0123456789';
const SEEDS = join(import.meta.dirname, '..', '..', 'samples', 'seeds');

interface Coded {
  date: string;
  type: EventType;
  sub: string;
  actor1: string;
  actor2?: string;
  assoc2?: string;
  admin1: string;
  admin2?: string;
  location: string;
  lat: number | null;
  lon: number | null;
  fatalities: number;
  arrested?: number;
  /** words of the sentence the event rests on */
  evidence: string;
  notes: string;
}

/** seed file → outlet and the events it reports */
export const CODED: Record<string, { outlet: string; published: string; events: Coded[] }> = {
  '000_53fe2b7e4ae119fc.txt': {
    outlet: 'SOHR', published: '2023-07-08',
    events: [
      { date: '2023-07-06', type: 'Battles', sub: 'Armed clash', actor1: 'HTS: Hayat Tahrir al-Sham', actor2: 'Jund al-Sham', assoc2: 'Jund Allah', admin1: 'Lattakia', location: 'Jabal al-Turkman', lat: 35.7796, lon: 35.9613, fatalities: 34, evidence: 'Clashes escorted with heavy weapons', notes: 'Clashes between HTS and Jund al-Sham in Jabal al-Turkman.' },
      { date: '2023-07-07', type: 'Strategic developments', sub: 'Arrests', actor1: 'HTS: Hayat Tahrir al-Sham', admin1: 'Lattakia', location: 'Jabal al-Turkman', lat: 35.78, lon: 35.96, fatalities: 0, arrested: 3, evidence: 'HTS fighters', notes: 'HTS arrested three Chechen jihadists.' },
    ],
  },
  '001_0f983bf6e25fc61c.txt': {
    outlet: 'SouthFront', published: '2023-09-20',
    events: [
      { date: '2023-09-19', type: 'Explosions/Remote violence', sub: 'Air/drone strike', actor1: 'Military Forces of Russia (2000-)', actor2: 'HTS: Hayat Tahrir al-Sham', admin1: 'Idleb', location: 'Idleb', lat: 35.9306, lon: 36.6339, fatalities: 5, evidence: 'VKS warplanes carried out 17 strikes', notes: 'Russian warplanes struck HTS positions in Greater Idlib.' },
    ],
  },
  '002_efd4bc7f6b1928c4.txt': {
    outlet: 'SOHR', published: '2018-08-20',
    events: [
      { date: '2018-08-19', type: 'Strategic developments', sub: 'Agreement', actor1: 'HTS: Hayat Tahrir al-Sham', actor2: 'TIP: Turkistan Islamic Party', admin1: 'Idleb', location: 'Idleb', lat: 35.93, lon: 36.63, fatalities: 0, evidence: 'negotiations are underway', notes: 'Negotiations between Turkish intelligence and HTS, TIP.' },
      { date: '2018-08-18', type: 'Protests', sub: 'Peaceful protest', actor1: 'Protesters (Syria)', admin1: 'Idleb', location: 'Maarat al-Numan', lat: 35.6478, lon: 36.6739, fatalities: 0, evidence: 'Hayyaat Tahrir al-Sham', notes: 'A protest (synthetic, for the API tests).' },
    ],
  },
  '003_8f871535d99a6baf.txt': {
    outlet: 'The Cradle', published: '2023-07-08',
    events: [
      { date: '2023-07-07', type: 'Battles', sub: 'Armed clash', actor1: 'Military Forces of Syria (2000-2024)', actor2: 'HTS: Hayat Tahrir al-Sham', admin1: 'Lattakia', admin2: 'Al-Haffa', location: 'Kabani', lat: 35.7425, lon: 36.1919, fatalities: 2, evidence: 'confronted armed militants', notes: 'The Syrian army confronted HTS militants trying to infiltrate a checkpoint.' },
      { date: '2023-07-05', type: 'Violence against civilians', sub: 'Attack', actor1: 'Unidentified Armed Group (Syria)', actor2: 'Civilians (Syria)', admin1: 'Dar\'a', location: 'Dar\'a', lat: null, lon: null, fatalities: 1, evidence: 'Syrian Defense Ministry', notes: 'An attack without coordinates (synthetic, for the API tests).' },
    ],
  },
  '004_b87f130c9c7755af.txt': {
    outlet: 'SOHR', published: '2023-05-10',
    events: [
      { date: '2023-05-09', type: 'Strategic developments', sub: 'Arrests', actor1: 'HTS: Hayat Tahrir al-Sham', admin1: 'Idleb', admin2: 'Harim', location: 'Harim', lat: 36.2072, lon: 36.5197, fatalities: 0, arrested: 6, evidence: 'arrested six non-Syrian jihadists', notes: 'HTS arrested six non-Syrian jihadists in Harem.' },
      { date: '2023-05-08', type: 'Battles', sub: 'Armed clash', actor1: 'SDF: Syrian Democratic Forces', actor2: 'Military Forces of Turkey (2016-)', admin1: 'Aleppo', location: 'Manbij', lat: 36.5281, lon: 37.9549, fatalities: 4, evidence: 'Islamic Party of Liberation', notes: 'A clash (synthetic, for the API tests).' },
    ],
  },
};

export const ALL_CODED = Object.values(CODED).flatMap((r) => r.events);

function spanOf(text: string, words: string): Span {
  const at = text.indexOf(words);
  const start = at >= 0 ? at : 0;
  const end = at >= 0 ? Math.min(text.length, at + words.length + 60) : Math.min(text.length, 80);
  return { start, end, text: text.slice(start, end) };
}

function toEvent(doc: string, text: string, c: Coded, source: string): SitrepEvent {
  const evidence = [spanOf(text, c.evidence)];
  return {
    doc, event_date: c.date, time_precision: 1, event_type: c.type, sub_event_type: c.sub,
    actor1: c.actor1, assoc_actor_1: '', inter1: null, actor2: c.actor2 ?? '', assoc_actor_2: c.assoc2 ?? '', inter2: null,
    interaction: null, civilian_targeting: c.actor2?.startsWith('Civilians') ? 'Civilian targeting' : '',
    country: 'Syria', admin1: c.admin1, admin2: c.admin2 ?? '', admin3: '', location: c.location,
    latitude: c.lat, longitude: c.lon, geo_precision: 1, source, notes: c.notes, fatalities: c.fatalities,
    injured: null, arrested: c.arrested ?? null, fatalities_low: c.fatalities, fatalities_high: c.fatalities,
    evidence, confidence: 0.8, sources_count: 1,
  };
}

export interface Fixture {
  store: Store;
  app: Hono;
  dir: string;
  close: () => Promise<void>;
}

/** A temp store (a SQLite file, or a fresh PostgreSQL schema) with the seeds and their coded events, and an app over it. */
export async function fixture(options: Partial<AppOptions> = {}, withSeeds = true, engine: Engine = 'sqlite'): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-api-'));
  const schema = `api_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const store = engine === 'postgres' ? await openStore(PG_URL, { schema }) : await openStore(join(dir, 'test.db'));
  if (withSeeds) {
    for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()) {
      const coded = CODED[file];
      if (!coded) continue;
      const raw = readFileSync(join(SEEDS, file), 'utf8');
      const doc = clean({ id: file, text: raw, source: coded.outlet, published: coded.published });
      const events = coded.events.map((c) => toEvent(file, doc.text, c, coded.outlet));
      await store.putReport({ ...doc, outlets: [coded.outlet] }, raw, events, 'test');
    }
  }
  const app = createApp({ store, token: TOKEN, dashboard: false, ...options });
  return {
    store, app, dir,
    close: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      if (engine === 'postgres') {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  };
}

export const auth = { Authorization: `Bearer ${TOKEN}` };
export const jsonAuth = { ...auth, 'Content-Type': 'application/json' };
