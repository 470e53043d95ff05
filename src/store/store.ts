/**
 * The store: every query, written once over Kysely. Knows no dialect; the few engine differences
 * (JSON columns, full text, write locking, error messages) come through `DialectAdapter`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CompiledQuery, sql, type Compilable, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { CleanDocument, SitrepEvent, Span } from '../model/index.js';
import { blockAndProbeKeys, blockKeys, combine, credibility, findMatch, outletsOfAccounts, sourceAccounts, type Account, type Cluster } from '../merge/index.js';
import { actorsOf, cellOf, cellsOfBox, hashKey } from './keys.js';
import type { DialectAdapter, Db } from './adapter.js';
import { invalid, notFound, StoreError } from './errors.js';
import { OUTLET_GRADES_MIGRATION, runMigrations } from './migrations/index.js';
import { defaultGrade } from './outlets.js';
import type { AccountRow, Database, EventRow, NewEventRow } from './schema.js';
import type {
  AuditEntry,
  EventFilter,
  EventSource,
  IngestResult,
  Page,
  Store,
  StoredEvent,
  StoredReport,
} from './types.js';
import { checkFilter, checkPatch, isDate } from './validate.js';
import { resolveActor } from './actors.js';
import { resolveAdmin1 } from './places.js';

export const DEFAULT_LIMIT = 100;
export { EXPORT_PROPERTIES, FEATURE_PROPERTIES } from './features.js';
import { EXPORT_PROPERTIES, FEATURE_PROPERTIES } from './features.js';
export const MAX_LIMIT = 10_000;
/** a write cache is carried to the next batch while it holds at most this many events, accounts and key hashes (~100 MB) */
const CARRY_EVENTS = 10_000;
const CARRY_ACCOUNTS = 25_000;
const CARRY_KEYS = 400_000;
/** the most candidate events one account is compared with */
const MAX_CANDIDATES = 500;

/** one report for putReports */
export interface PutReportItem {
  doc: CleanDocument;
  raw: string;
  events: SitrepEvent[];
  engineVersion: string;
  force?: boolean;
}

/** An account as a write transaction keeps it: what the merger reads, and what recompute needs besides. */
interface CachedAccount extends Account {
  /** accounts.id: an event's accounts are kept in this order */
  id: number;
  match_reason: string;
  /** its block keys, hashed */
  keys: number[];
}

/** An event's accounts as a write transaction keeps them, with the reports they come from. */
interface CachedEvent {
  accounts: CachedAccount[];
  reports: Set<string>;
  /** its row, its merge keys and its actor index entries as the transaction last wrote them (when it has) */
  row?: Record<string, unknown> & { seq: number; deleted: number; verified: number; corrections: string };
  keys?: Set<number>;
  actors?: { actor: string; event_date: string }[];
}
const cachedEvent = (): CachedEvent => ({ accounts: [], reports: new Set() });
function addAccount(e: CachedEvent | undefined, a: CachedAccount): void {
  if (!e) return;
  e.accounts.push(a);
  e.reports.add(a.report_id);
}

/**
 * What one write transaction keeps between the reports it stores, kept in step with what it writes:
 * outlet grades; every account of the events it has read or created (in account id order); the events
 * indexed under the key hashes it has looked up, and back; the ids of the live events it has seen.
 * Nothing outside the transaction writes these rows meanwhile: SQLite has one writer at a time, and
 * PostgreSQL writers hold advisory locks on every key they probe or index (lockKeys).
 */
interface WriteCache {
  grades: Map<string, string | null>;
  accounts: Map<string, CachedEvent>;
  keys: Map<number, Set<number>>;
  keysOf: Map<number, Set<number>>;
  ids: Map<number, string | null>;
  /** outlets this transaction has made sure exist */
  outlets: Set<string>;
}
const newWriteCache = (): WriteCache => ({ grades: new Map(), accounts: new Map(), keys: new Map(), keysOf: new Map(), ids: new Map(), outlets: new Set() });

/** Records that `seq` is indexed under `hash`, where the transaction keeps that hash. */
function cacheKey(cache: WriteCache, hash: number, seq: number): void {
  const seqs = cache.keys.get(hash);
  if (!seqs) return;
  seqs.add(seq);
  let hs = cache.keysOf.get(seq);
  if (!hs) cache.keysOf.set(seq, (hs = new Set()));
  hs.add(hash);
}

/** Forgets every key of `seq` (its event_keys rows were deleted). */
function uncacheKeys(cache: WriteCache, seq: number): void {
  const hs = cache.keysOf.get(seq);
  if (!hs) return;
  for (const h of hs) cache.keys.get(h)?.delete(seq);
  cache.keysOf.delete(seq);
}

interface PreparedReport {
  doc: CleanDocument;
  raw: string;
  events: SitrepEvent[];
  engineVersion: string;
  force: boolean;
  hash: string;
  outlet: string;
  keysOf: string[][];
  probesOf: string[][];
  /** what lockKeys locks (PostgreSQL: every key the report probes or indexes) */
  locks: () => string[];
}

type EB = ExpressionBuilder<Database, 'events'>;

const nowIso = (): string => new Date().toISOString();

/** A short id that sorts roughly by creation time and survives edits, merges and re-extraction. */
let pool = Buffer.alloc(0);
let poolAt = 0;
export function newEventId(): string {
  if (poolAt + 5 > pool.length) {
    pool = randomBytes(5 * 1024);
    poolAt = 0;
  }
  const r = pool.toString('hex', poolAt, poolAt + 5);
  poolAt += 5;
  return `ev_${Date.now().toString(36)}${r}`;
}

export function contentHash(raw: string, clean: string): string {
  return createHash('sha256').update(raw || clean).digest('hex');
}

function words(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .join(' ')
    .toLowerCase()
    .slice(0, 20_000);
}

/** What `q` searches: notes, location, actors, source and evidence. */
export function searchText(e: SitrepEvent): string {
  return words(
    e.notes, e.location, e.admin1, e.admin2, e.admin3, e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2, e.source,
    ...(Array.isArray(e.evidence) ? e.evidence.map((s) => s?.text) : []),
  );
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The event columns of a record (everything but ids, flags and timestamps); `evidence`: its evidence as JSON, where known. */
function eventColumns(e: SitrepEvent, evidence?: string) {
  return {
    doc: str(e.doc),
    event_date: e.event_date ?? '',
    time_precision: Number(e.time_precision ?? 1),
    event_type: str(e.event_type),
    sub_event_type: str(e.sub_event_type),
    actor1: str(e.actor1),
    assoc_actor_1: str(e.assoc_actor_1),
    inter1: num(e.inter1),
    actor2: str(e.actor2),
    assoc_actor_2: str(e.assoc_actor_2),
    inter2: num(e.inter2),
    interaction: num(e.interaction),
    civilian_targeting: str(e.civilian_targeting),
    country: str(e.country),
    admin1: str(e.admin1),
    admin2: str(e.admin2),
    admin3: str(e.admin3),
    location: str(e.location),
    latitude: num(e.latitude),
    longitude: num(e.longitude),
    geo_precision: Number(e.geo_precision ?? 1),
    source: str(e.source),
    notes: str(e.notes),
    fatalities: Number(e.fatalities ?? 0) || 0,
    injured: num(e.injured),
    arrested: num(e.arrested),
    fatalities_low: num(e.fatalities_low),
    fatalities_high: num(e.fatalities_high),
    evidence: evidence ?? JSON.stringify(Array.isArray(e.evidence) ? e.evidence : []),
    confidence: Number(e.confidence ?? 0) || 0,
    sources_count: Number(e.sources_count ?? 1) || 0,
    search_text: searchText(e),
    cell: cellOf(num(e.latitude), num(e.longitude)),
  };
}

interface Cursor {
  d: string;
  s: number;
}
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.d, c.s])).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const [d, seq] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof d !== 'string' || typeof seq !== 'number') throw new Error('shape');
    return { d, s: seq };
  } catch {
    throw invalid(`bad cursor ${JSON.stringify(s.slice(0, 40))}: pass back the next_cursor of the previous page`);
  }
}

/** True when a filter selects by dates at most (as whereOf reads it): live events, no other condition. */
function onlyDates(f: EventFilter): boolean {
  return (
    !f.include_deleted && !f.bbox && !f.admin1 && !f.admin2 && !f.event_type && !f.sub_event_type && !f.actor?.trim() && !f.outlet &&
    !f.q?.trim() && f.min_fatalities === undefined && f.verified === undefined && !f.min_reliability &&
    f.max_credibility === undefined && !f.updated_since
  );
}

function mondayOf(day: string): string {
  if (!isDate(day)) return day;
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // 0 = Monday
  d.setUTCDate(d.getUTCDate() - dow);
  return d.toISOString().slice(0, 10);
}

function urlHost(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}


/** A page of Features from rows read one past the limit (the extra row says there is a next page). */
function featurePage(rows: { feature: string; event_date: string; seq: number }[], lim: number): { features: string[]; next_cursor: string | null } {
  const more = rows.length > lim;
  const pageRows = more ? rows.slice(0, lim) : rows;
  const last = pageRows[pageRows.length - 1];
  return { features: pageRows.map((r) => r.feature), next_cursor: more && last ? encodeCursor({ d: last.event_date, s: last.seq }) : null };
}

/** The columns a StoredEvent is built from (toStored), in the order listEvents selects them. */
const EVENT_COLUMNS = [
  'seq', 'id', 'doc', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'inter1', 'actor2',
  'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude',
  'longitude', 'geo_precision', 'source', 'notes', 'fatalities', 'injured', 'arrested', 'fatalities_low', 'fatalities_high', 'evidence',
  'confidence', 'sources_count', 'docs', 'verified', 'deleted', 'corrections', 'credibility', 'merge_reason', 'created_at', 'updated_at',
] as const satisfies readonly (keyof EventRow)[];

/** A row of EVENT_COLUMNS */
type ListedRow = Pick<EventRow, (typeof EVENT_COLUMNS)[number]>;

/** toStored's JSON columns, in its order: the column, its key as JSON writes it before a 0, the fallback's text */
const JSON_FIELDS = (['evidence', 'docs', 'corrections'] as const).map(
  (col) => [col, `"${col}":0`, col === 'corrections' ? '{}' : '[]'] as const,
);

const objectMakers = new Map<string, (a: unknown[]) => Record<string, unknown>>();
/**
 * A function from an array of `columns`' values to an object of them, built once per list of columns as one
 * object literal (a third of the time of setting the keys one by one). The names are the store's own columns.
 */
function objectOf(columns: readonly string[]): (a: unknown[]) => Record<string, unknown> {
  const key = columns.join(',');
  let make = objectMakers.get(key);
  if (!make) {
    if (!columns.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))) throw new Error(`not a column name in ${key}`);
    make = new Function('a', `return { ${columns.map((c, i) => `${c}: a[${i}]`).join(', ')} };`) as (a: unknown[]) => Record<string, unknown>;
    objectMakers.set(key, make);
  }
  return make;
}

/** An event as the store hands it out, from its row; `json` reads a JSON column (with its fallback). */
function eventOf(r: ListedRow, json: <T>(value: unknown, fallback: T) => T): StoredEvent {
  return {
    id: r.id,
    doc: r.doc,
    event_date: r.event_date || null,
    time_precision: r.time_precision as 1 | 2 | 3,
    event_type: r.event_type as SitrepEvent['event_type'],
    sub_event_type: r.sub_event_type,
    actor1: r.actor1,
    assoc_actor_1: r.assoc_actor_1,
    inter1: r.inter1,
    actor2: r.actor2,
    assoc_actor_2: r.assoc_actor_2,
    inter2: r.inter2,
    interaction: r.interaction,
    civilian_targeting: r.civilian_targeting as '' | 'Civilian targeting',
    country: r.country,
    admin1: r.admin1,
    admin2: r.admin2,
    admin3: r.admin3,
    location: r.location,
    latitude: r.latitude === null ? null : Number(r.latitude),
    longitude: r.longitude === null ? null : Number(r.longitude),
    geo_precision: r.geo_precision as 1 | 2 | 3,
    source: r.source,
    notes: r.notes,
    fatalities: r.fatalities,
    injured: r.injured,
    arrested: r.arrested,
    fatalities_low: r.fatalities_low,
    fatalities_high: r.fatalities_high,
    evidence: json<Span[]>(r.evidence, []),
    confidence: Number(r.confidence),
    sources_count: r.sources_count,
    docs: json<string[]>(r.docs, []),
    verified: Boolean(r.verified),
    deleted: Boolean(r.deleted),
    corrections: json<Partial<SitrepEvent>>(r.corrections, {}),
    credibility: r.credibility,
    merge_reason: r.merge_reason,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export class KyselyStore implements Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly adapter: DialectAdapter,
  ) {}

  get dialect(): 'sqlite' | 'postgres' {
    return this.adapter.name;
  }

  /** Brings the schema to the newest migration (or to `target`). */
  async migrate(target?: string): Promise<void> {
    const applied = await this.guard(() => runMigrations(this.db, this.adapter, target));
    // outlets were just given their default grades: events they carry are rated again
    if (applied.includes(OUTLET_GRADES_MIGRATION)) await this.tx((trx) => this.refreshCredibility(trx));
  }

  /** Recomputes the credibility of every live event from its outlets' grades (only where it changes). */
  private async refreshCredibility(trx: Db): Promise<void> {
    const grades = new Map((await trx.selectFrom('outlets').select(['name', 'grade']).execute()).map((g) => [g.name, g.grade]));
    const rows = await trx
      .selectFrom('accounts')
      .innerJoin('events', 'events.id', 'accounts.event_id')
      .where('events.deleted', '=', 0)
      .select(['accounts.event_id', 'accounts.outlet', 'events.credibility'])
      .execute();
    const byEvent = new Map<string, { outlets: Set<string>; was: number }>();
    for (const r of rows) {
      let e = byEvent.get(r.event_id);
      if (!e) byEvent.set(r.event_id, (e = { outlets: new Set(), was: r.credibility }));
      e.outlets.add(r.outlet);
    }
    const now = nowIso();
    for (const [id, e] of byEvent) {
      const cred = credibility([...e.outlets].map((name) => ({ name, grade: grades.get(name) ?? null })));
      const value = Math.min(6, Math.max(1, Math.round(Number(cred) || 6)));
      if (value !== e.was) await trx.updateTable('events').set({ credibility: value, updated_at: now }).where('id', '=', id).execute();
    }
  }

  async close(): Promise<void> {
    await this.adapter.beforeClose(this.db).catch(() => undefined);
    await this.db.destroy();
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const mapped = this.adapter.mapError(err);
      throw mapped;
    }
  }

  /** One write transaction; any error rolls everything back. */
  private tx<T>(fn: (trx: Db) => Promise<T>, committed?: () => void): Promise<T> {
    return this.guard(() =>
      this.adapter.serialise(async () => {
        // any other write through this connection may change what a carried write cache holds
        if (!committed) this.carried = null;
        const out = await this.db.transaction().execute((trx) => fn(trx));
        committed?.(); // still this writer's turn: the next transaction sees what it leaves
        return out;
      }),
    );
  }

  /**
   * SQLite: the write cache of the last batch, carried into the next one while no other connection has
   * written (PRAGMA data_version is unchanged) and nothing else was written through this one: ingest's
   * batches mostly look up the same keys and candidate events as the ones before them.
   */
  private carried: { cache: WriteCache; version: number } | null = null;

  /** The write cache for a putReports transaction: the carried one where it is still exact, else a new one. */
  private async batchCache(trx: Db): Promise<{ cache: WriteCache; version: number | null }> {
    if (this.adapter.name !== 'sqlite') return { cache: newWriteCache(), version: null };
    const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(trx);
    const version = Number(rows[0]?.data_version);
    const carried = this.carried;
    this.carried = null; // until this transaction commits
    if (carried && carried.version === version) return { cache: carried.cache, version };
    return { cache: newWriteCache(), version };
  }

  /** Keeps a committed batch's cache for the next batch, within bounds (memory stays flat on long runs). */
  private carry(cache: WriteCache, version: number | null): void {
    if (version === null || cache.accounts.size > CARRY_EVENTS || cache.keys.size > CARRY_KEYS) return;
    let accounts = 0;
    for (const e of cache.accounts.values()) accounts += e.accounts.length;
    if (accounts > CARRY_ACCOUNTS) return;
    this.carried = { cache, version };
  }

  private json(v: unknown): string {
    return JSON.stringify(v ?? null);
  }

  /** SQL texts of ingest's hot queries by shape and number of values, compiled once (null: the shape cannot be reused) */
  private readonly texts = new Map<string, (string | null | undefined)[]>();

  /**
   * Runs a query of a fixed shape, building and compiling it with Kysely only the first time: ingest
   * runs ~20 small queries a report, and building them cost more CPU than running them. `params` are
   * the query's values in the order Kysely binds them; the first compile checks that they are, else the
   * shape is always built afresh.
   */
  private async fast<R>(db: Db, key: string, params: unknown[], build: () => Compilable<R>): Promise<R[]> {
    let byLength = this.texts.get(key);
    if (!byLength) this.texts.set(key, (byLength = []));
    const text = byLength[params.length];
    if (text) {
      const run = this.adapter.runInTransaction;
      if (run && db.isTransaction) return run(text, params) as R[];
      return (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
    }
    const compiled = build().compile();
    if (text === undefined) {
      const same = compiled.parameters.length === params.length && compiled.parameters.every((v, i) => v === params[i]);
      byLength[params.length] = same ? compiled.sql : null;
    }
    return (await db.executeQuery(compiled)).rows;
  }

  // ─── reports ────────────────────────────────────────────────────────────────

  async putReport(
    doc: CleanDocument,
    raw: string,
    events: SitrepEvent[],
    engineVersion: string,
    options: { force?: boolean } = {},
  ): Promise<IngestResult> {
    const p = this.prepareReport(doc, raw, events, engineVersion, options.force === true);
    return this.tx(async (trx) => {
      if (this.adapter.name !== 'sqlite') await this.adapter.lockKeys(trx, p.locks()); // SQLite: BEGIN IMMEDIATE serialises writers
      return this.storeReport(trx, p, newWriteCache());
    });
  }

  /**
   * Many reports in one transaction, in order, each with putReport's semantics (idempotent on content
   * and engine version, merged with what is stored and with the reports before it in the batch,
   * corrections kept). Any error rolls the whole batch back.
   */
  async putReports(items: PutReportItem[]): Promise<IngestResult[]> {
    if (!Array.isArray(items)) throw invalid('putReports: expected an array of {doc, raw, events, engineVersion}');
    const prepared = items.map((it, i) => {
      if (!it || typeof it !== 'object') throw invalid(`putReports: item ${i} is not an object`);
      return this.prepareReport(it.doc, it.raw, it.events, it.engineVersion, it.force === true);
    });
    if (!prepared.length) return [];
    let kept: { cache: WriteCache; version: number | null } | null = null;
    return this.tx(
      async (trx) => {
        if (this.adapter.name !== 'sqlite') await this.adapter.lockKeys(trx, prepared.flatMap((p) => p.locks())); // SQLite: BEGIN IMMEDIATE serialises writers
        const { cache, version } = await this.batchCache(trx);
        const results: IngestResult[] = [];
        for (const p of prepared) results.push(await this.storeReport(trx, p, cache));
        kept = { cache, version };
        return results;
      },
      // committed: the cache holds what the database holds
      () => {
        const k = kept as { cache: WriteCache; version: number | null } | null;
        if (k) this.carry(k.cache, k.version);
      },
    );
  }

  /** What putReport works out before it opens a transaction: checks, hash, outlet, merge keys. */
  private prepareReport(doc: CleanDocument, raw: string, events: SitrepEvent[], engineVersion: string, force: boolean): PreparedReport {
    if (!Array.isArray(events)) throw invalid('putReport: events must be an array');
    if (!doc || typeof doc.id !== 'string' || !doc.id) throw invalid('putReport: the document has no id');
    const hash = contentHash(raw ?? '', doc.text ?? '');
    const outlet = doc.outlets?.[0] ?? urlHost(doc.url) ?? 'unknown';
    const keys = events.map((e) => blockAndProbeKeys({ ...e, doc: doc.id }));
    const keysOf = keys.map((k) => k.block);
    const probesOf = keys.map((k) => k.probe);
    return {
      doc, raw, events, engineVersion, force, hash, outlet, keysOf, probesOf,
      locks: () => [`report:${doc.id}`, ...keysOf.flat(), ...probesOf.flat()],
    };
  }

  /** One report inside a write transaction (putReport's body), with what the transaction has read so far. */
  private async storeReport(trx: Db, p: PreparedReport, cache: WriteCache): Promise<IngestResult> {
    const { doc, raw, events, engineVersion, hash, outlet, keysOf, probesOf } = p;
    const options = { force: p.force };
    const now = nowIso();
    const [existing] = await this.fast(trx, 'report', [doc.id], () =>
      trx.selectFrom('reports').select(['content_hash', 'engine_version', 'ingested_at']).where('id', '=', doc.id),
    );
    if (existing && !options.force && existing.content_hash === hash && existing.engine_version === engineVersion) {
      const n = await trx
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('report_id', '=', doc.id)
        .executeTakeFirstOrThrow();
      return { report_id: doc.id, status: 'unchanged', events: Number(n.n) };
    }
    const reportRow = {
      url: doc.url ?? null,
      title: doc.title ?? null,
      outlets: this.json(doc.outlets ?? []),
      published: doc.published ?? null,
      language: doc.language ?? '',
      raw_text: raw ?? '',
      clean_text: doc.text ?? '',
      content_hash: hash,
      engine_version: engineVersion,
      updated_at: now,
    };
    let old: AccountRow[] = [];
    if (existing) {
      old = await trx.selectFrom('accounts').selectAll().where('report_id', '=', doc.id).orderBy('ordinal').execute();
      await trx.deleteFrom('accounts').where('report_id', '=', doc.id).execute();
      await trx.deleteFrom('report_outlets').where('report_id', '=', doc.id).execute();
      await trx.updateTable('reports').set(reportRow).where('id', '=', doc.id).execute();
    } else {
      const row = { id: doc.id, ...reportRow, ingested_at: now };
      await this.fast(trx, 'insert report', Object.values(row), () => trx.insertInto('reports').values(row));
    }
    const outlets = [...new Set([...(doc.outlets ?? []), outlet])];
    if (outlets.length) {
      const links = outlets.map((o) => ({ report_id: doc.id, outlet: o }));
      await this.fast(trx, 'insert report_outlets', links.flatMap(Object.values), () => trx.insertInto('report_outlets').values(links));
      // an outlet this transaction has already inserted (or found) needs no second insert
      const rows = outlets.filter((o) => !cache.outlets.has(o)).map((o) => ({ name: o, grade: defaultGrade(o), updated_at: now }));
      if (rows.length) {
        await this.fast(trx, 'insert outlets', rows.flatMap(Object.values), () =>
          trx.insertInto('outlets').values(rows).onConflict((oc) => oc.column('name').doNothing()),
        );
        for (const r of rows) cache.outlets.add(r.name);
      }
    }

    const touched = new Set<string>(old.map((a) => a.event_id));
    /** events this report created, with the columns they were inserted with */
    const fresh = new Map<string, { row: Record<string, unknown>; seq: number }>();
    for (const id of touched) cache.accounts.delete(id); // their accounts from this report are gone
    // the previous version's accounts, each as its own cluster under its event: a re-extracted event
    // finds its old self here first, so its id (and the analyst's corrections on it) carry over
    const previous = old.map((a) => ({
      id: a.event_id,
      reason: a.match_reason,
      accounts: [{ report_id: `${doc.id}#previous`, outlet: a.outlet, event: this.adapter.fromJson<SitrepEvent>(a.event, {} as SitrepEvent) }],
    }));
    // the report's most precisely placed accounts find their events first: a report that tells one strike twice,
    // once at its town and once at a region ("in northwestern Idlib"), has the town's account join the strike's
    // event (an event takes one account a report), not the region's
    const order = [...events.keys()].sort((a, b) => (events[a].geo_precision ?? 3) - (events[b].geo_precision ?? 3) || a - b);
    for (const i of order) {
      const input = events[i];
      const ev: SitrepEvent = { ...input, doc: doc.id, sources_count: 1 };
      const account: Account = { report_id: doc.id, outlet, event: ev };
      let target: string | null = null;
      let reason = '';
      if (previous.length) {
        const same = previous.findIndex((p) => sameAccount(p.accounts[0].event, ev));
        const m = same >= 0 ? { cluster_id: previous[same].id } : findMatch(account, previous);
        if (m) {
          const at = same >= 0 ? same : previous.findIndex((p) => p.id === m.cluster_id);
          target = m.cluster_id;
          // the account keeps why it joined its event (a merge reason), else says where it came from
          reason = previous[at].reason || '';
          previous.splice(at, 1);
        }
      }
      if (!target) {
        const candidates = await this.candidates(trx, probesOf[i], doc.id, cache);
        const m = candidates.length ? findMatch(account, candidates) : null;
        if (m) {
          target = m.cluster_id;
          reason = m.reasons.join('; ') || `score ${m.score}`;
        }
      }
      const evidence = this.json(ev.evidence ?? []);
      const eventJson = Array.isArray(ev.evidence) ? jsonWithEvidence(ev, evidence) : this.json(ev);
      // the event as the account keeps it (read back from its JSON, as a later transaction reads it)
      const stored = this.adapter.fromJson<SitrepEvent>(eventJson, {} as SitrepEvent);
      if (!target) {
        target = newEventId();
        // the row recompute would make of this one account (JSON.stringify(stored.evidence) is `evidence`), with
        // its credibility: final (recompute has nothing to set)
        const row = this.newEventRow(target, stored, now, Array.isArray(stored.evidence) ? evidence : undefined);
        await this.loadGrades(trx, [outlet], cache.grades);
        row.credibility = this.credibilityOf([{ report_id: doc.id, outlet, event: stored }], cache.grades);
        const [ins] = await this.fast(trx, 'insert event', Object.values(row), () => trx.insertInto('events').values(row).returning('seq'));
        const seq = Number(ins!.seq);
        fresh.set(target, { row, seq });
        cache.ids.set(seq, target);
        cache.accounts.set(target, cachedEvent()); // it has no account yet: the one below is its first
      }
      const acc = {
        report_id: doc.id,
        event_id: target,
        ordinal: i,
        outlet,
        event: eventJson,
        evidence,
        block_keys: this.json(keysOf[i]),
        match_reason: reason,
        created_at: now,
      };
      const [insAcc] = await this.fast(trx, 'insert account', Object.values(acc), () => trx.insertInto('accounts').values(acc).returning('id'));
      touched.add(target);
      // where the transaction keeps the event's accounts, this one joins them (the newest account id comes last)
      addAccount(cache.accounts.get(target), this.cachedAccount(Number(insAcc!.id), doc.id, outlet, stored, reason, keysOf[i]));
    }
    for (const id of touched) await this.recompute(trx, id, now, cache, fresh.get(id));
    return { report_id: doc.id, status: existing ? 'updated' : 'new', events: events.length };
  }

  private newEventRow(id: string, e: SitrepEvent, now: string, evidence?: string): NewEventRow {
    return {
      id,
      ...eventColumns(e, evidence),
      docs: this.json([e.doc]),
      verified: 0,
      deleted: 0,
      corrections: '{}',
      credibility: 6,
      merge_reason: '',
      created_at: now,
      updated_at: now,
    };
  }

  /** An account row as the write cache keeps it. */
  private cachedAccount(id: number, reportId: string, outlet: string, event: unknown, reason: string, blockKeys: unknown): CachedAccount {
    return {
      id,
      report_id: reportId,
      outlet,
      event: this.adapter.fromJson<SitrepEvent>(event, {} as SitrepEvent),
      match_reason: reason,
      keys: (Array.isArray(blockKeys) ? (blockKeys as string[]) : this.adapter.fromJson<string[]>(blockKeys, [])).map(hashKey),
    };
  }

  /** Every account of these events, in account id order, into the write cache. */
  private async loadAccounts(trx: Db, ids: string[], cache: WriteCache): Promise<void> {
    if (!ids.length) return;
    for (const id of ids) cache.accounts.set(id, cachedEvent());
    const rows = await this.fast(trx, 'cached accounts', ids, () =>
      trx
        .selectFrom('accounts')
        .select(['id', 'event_id', 'report_id', 'outlet', 'event', 'match_reason', 'block_keys'])
        .where('event_id', 'in', ids)
        .orderBy('id'),
    );
    for (const r of rows) addAccount(cache.accounts.get(r.event_id), this.cachedAccount(Number(r.id), r.report_id, r.outlet, r.event, r.match_reason, r.block_keys));
  }

  /**
   * Live events sharing a block key with an account, as clusters; never those already holding this report.
   * Each key hash is read once a transaction (most reports of a batch probe keys an earlier one did),
   * and each event's accounts once (kept in step with what the transaction writes).
   */
  private async candidates(trx: Db, keys: string[], reportId: string, cache: WriteCache): Promise<Cluster[]> {
    if (!keys.length) return [];
    const hashes = [...new Set(keys.map(hashKey))].sort((a, b) => a - b);
    const missing = hashes.filter((h) => !cache.keys.has(h));
    if (missing.length) {
      const rows = await this.fast(trx, 'key events', missing, () =>
        trx.selectFrom('event_keys').select(['key_hash', 'event_seq']).where('key_hash', 'in', missing),
      );
      for (const h of missing) cache.keys.set(h, new Set());
      for (const r of rows) cacheKey(cache, Number(r.key_hash), Number(r.event_seq));
    }
    // at most MAX_CANDIDATES events (a safeguard: busy blocks hold far fewer)
    const seqs = new Set<number>();
    for (const h of hashes) {
      for (const seq of cache.keys.get(h)!) {
        seqs.add(seq);
        if (seqs.size >= MAX_CANDIDATES) break;
      }
      if (seqs.size >= MAX_CANDIDATES) break;
    }
    if (!seqs.size) return [];
    const unknownSeqs: number[] = [];
    for (const q of seqs) if (!cache.ids.has(q)) unknownSeqs.push(q);
    if (unknownSeqs.length) {
      const rows = await this.fast(trx, 'live events', [...unknownSeqs, 0], () =>
        trx.selectFrom('events').select(['seq', 'id']).where('seq', 'in', unknownSeqs).where('deleted', '=', 0),
      );
      for (const q of unknownSeqs) cache.ids.set(q, null);
      for (const r of rows) cache.ids.set(Number(r.seq), r.id);
    }
    const ids: string[] = [];
    const load: string[] = [];
    for (const q of seqs) {
      const id = cache.ids.get(q);
      if (typeof id !== 'string') continue;
      ids.push(id);
      if (!cache.accounts.has(id)) load.push(id);
    }
    if (!ids.length) return [];
    await this.loadAccounts(trx, load, cache);
    // in the order of their first accounts (each event's own: no two alike)
    const out: { id: string; accounts: CachedAccount[]; first: number }[] = [];
    let sorted = true;
    for (const id of ids) {
      const e = cache.accounts.get(id)!;
      if (!e.accounts.length || e.reports.has(reportId)) continue;
      const first = e.accounts[0].id;
      if (out.length && first < out[out.length - 1].first) sorted = false;
      out.push({ id, accounts: e.accounts, first });
    }
    return sorted ? out : out.sort((a, b) => a.first - b.first);
  }

  /**
   * Recomputes a merged event from its accounts (combine + credibility), re-applies the analyst's
   * corrections on top, and refreshes its merge blocks and text index. An event left with no accounts
   * is deleted (and listed in deletions) unless an analyst verified or corrected it.
   */
  private async recompute(
    trx: Db,
    id: string,
    now: string,
    /** the write transaction's cache (ingest): accounts, keys and grades it holds are read from there */
    cache?: WriteCache,
    /** the columns it was inserted with and its seq, when the event was created in this transaction (no keys, actors or text index yet) */
    inserted?: { row: Record<string, unknown>; seq: number },
  ): Promise<void> {
    // an event inserted or last written by this transaction: its row is known; else read it (to set only what changes)
    const known = inserted ? undefined : cache?.accounts.get(id)?.row;
    const [row] = inserted
      ? [{ seq: inserted.seq, deleted: 0, verified: 0, corrections: inserted.row.corrections as string }]
      : known
        ? [known]
        : await this.fast(trx, 'event row', [id], () => trx.selectFrom('events').selectAll().where('id', '=', id));
    if (!row) return;
    const seq = row.seq;
    let entry = cache?.accounts.get(id);
    let accs = entry?.accounts;
    if (!accs) {
      if (cache) {
        await this.loadAccounts(trx, [id], cache);
        entry = cache.accounts.get(id)!;
        accs = entry.accounts;
      } else {
        const rows = await this.fast(trx, 'event accounts', [id], () =>
          trx.selectFrom('accounts').select(['id', 'report_id', 'outlet', 'event', 'match_reason', 'block_keys']).where('event_id', '=', id).orderBy('id'),
        );
        accs = rows.map((r) => this.cachedAccount(Number(r.id), r.report_id, r.outlet, r.event, r.match_reason, r.block_keys));
      }
    }
    const corrections = this.adapter.fromJson<Partial<SitrepEvent>>(row.corrections, {});
    /** no merge keys any more (never a merge candidate again) */
    const dropKeys = async (): Promise<void> => {
      if (inserted) return;
      await this.fast(trx, 'delete event_keys', [seq], () => trx.deleteFrom('event_keys').where('event_seq', '=', seq));
      if (cache) uncacheKeys(cache, seq);
      if (entry) entry.keys = new Set();
    };
    if (!accs.length) {
      if (entry) entry.row = undefined; // written below, not kept
      await dropKeys();
      if (row.deleted) return;
      if (row.verified || Object.keys(corrections).length) {
        await trx.updateTable('events').set({ sources_count: 0, docs: '[]', updated_at: now }).where('id', '=', id).execute();
        return;
      }
      await trx.updateTable('events').set({ deleted: 1, sources_count: 0, docs: '[]', updated_at: now }).where('id', '=', id).execute();
      await trx.insertInto('deletions').values({ event_id: id, deleted_at: now, replaced_by: null }).execute();
      await this.adapter.unindexText(trx, seq);
      cache?.ids.set(seq, null);
      return;
    }
    const accounts: Account[] = accs;
    // the reports that tell the event (not those that only recall it in passing)
    const sources = sourceAccounts(accounts);
    const docs = [...new Set(sources.map((a) => a.report_id))];
    const merged = accounts.length === 1 ? { ...accounts[0].event } : combine(accounts);
    const final: SitrepEvent = { ...merged, ...corrections, doc: docs[0], sources_count: docs.length };
    const was = (inserted ? inserted.row : row) as Record<string, unknown>;
    const set: Record<string, unknown> = {};
    // a row this transaction inserted holds what its one account gives (storeReport builds it from that account): nothing to set
    if (!(inserted && accs.length === 1)) {
      // outlet grades change only in their own transactions: a batch may keep the ones it has read
      const gradeOf = cache?.grades ?? new Map<string, string | null>();
      await this.loadGrades(trx, accs.map((a) => a.outlet), gradeOf);
      const reasons = accs.filter((a) => a.match_reason).map((a) => `${a.report_id}: ${a.match_reason}`);
      const all: Record<string, unknown> = {
        ...eventColumns(final),
        docs: this.json(docs),
        credibility: this.credibilityOf(sources, gradeOf),
        merge_reason: reasons.join(' | '),
        updated_at: now,
      };
      // set only what differs from the row, so that fewer indexes are rewritten
      for (const k in all) if (all[k] !== was[k]) set[k] = all[k];
    }
    const text = ('search_text' in set ? set.search_text : was.search_text) as string;
    const cols = Object.keys(set);
    if (cols.length)
      await this.fast(trx, `update event ${cols.join()}`, [...Object.values(set), id], () =>
        trx.updateTable('events').set(set as Partial<NewEventRow>).where('id', '=', id),
      );
    if (entry) {
      // the row as it now stands (the object read or inserted is this call's own: updated in place)
      for (const k of cols) was[k] = set[k];
      Object.assign(was, { seq, deleted: Number(row.deleted), verified: Number(row.verified), corrections: row.corrections });
      entry.row = was as NonNullable<CachedEvent['row']>;
    }
    if (row.deleted) {
      await dropKeys();
      return; // removed by an analyst: keeps its accounts, never a merge candidate again
    }
    const keys = new Set<number>(blockKeys(final).map(hashKey));
    for (const a of accs) for (const k of a.keys) keys.add(k);
    await this.indexKeys(trx, seq, keys, cache, !inserted, entry);
    await this.indexActors(trx, seq, final, !inserted, entry);
    if (inserted) await this.adapter.indexNewText(trx, seq, text);
    // ingest: a row read or written by a committed or this transaction is indexed as it stands (every writer
    // indexes what it sets), so an unchanged search_text is indexed already
    else if (!cache || 'search_text' in set) await this.adapter.indexText(trx, seq, text);
  }

  /** Reads the grades of outlets not in `gradeOf` yet into it. */
  private async loadGrades(trx: Db, names: string[], gradeOf: Map<string, string | null>): Promise<void> {
    const unknown = [...new Set(names)].filter((n) => !gradeOf.has(n));
    if (!unknown.length) return;
    const rows = await trx.selectFrom('outlets').select(['name', 'grade']).where('name', 'in', unknown).execute();
    for (const n of unknown) gradeOf.set(n, null);
    for (const g of rows) gradeOf.set(g.name, g.grade);
  }

  /** An event's credibility (1..6) from its accounts' outlets; relays (a blog reposting SANA) count as their origin. */
  private credibilityOf(accounts: Account[], gradeOf: Map<string, string | null>): number {
    const cred = credibility(outletsOfAccounts(accounts, (name) => gradeOf.get(name) ?? null));
    return Math.min(6, Math.max(1, Math.round(Number(cred) || 6)));
  }

  /**
   * Makes an event's merge keys exactly `keys`: a new event's are inserted; an existing event's are
   * compared with what is stored, and only the difference is written (a merge mostly keeps them).
   */
  private async indexKeys(trx: Db, seq: number, keys: Set<number>, cache: WriteCache | undefined, existing: boolean, entry?: CachedEvent): Promise<void> {
    let add = [...keys];
    if (existing) {
      const had =
        entry?.keys ??
        new Set((await this.fast(trx, 'event keys', [seq], () => trx.selectFrom('event_keys').select('key_hash').where('event_seq', '=', seq))).map((r) => Number(r.key_hash)));
      const gone = [...had].filter((k) => !keys.has(k));
      add = add.filter((k) => !had.has(k));
      if (gone.length) {
        await this.fast(trx, 'delete some event_keys', [seq, ...gone], () =>
          trx.deleteFrom('event_keys').where('event_seq', '=', seq).where('key_hash', 'in', gone),
        );
        if (cache)
          for (const k of gone) {
            cache.keys.get(k)?.delete(seq);
            cache.keysOf.get(seq)?.delete(k);
          }
      }
    }
    if (add.length) {
      const params: number[] = [];
      for (const k of add) params.push(k, seq);
      await this.fast(trx, 'insert event_keys', params, () => trx.insertInto('event_keys').values(add.map((k) => ({ key_hash: k, event_seq: seq }))));
    }
    if (cache) for (const k of add) cacheKey(cache, k, seq);
    if (entry) entry.keys = keys;
  }

  /** Makes an event's actor index entries those of `e` (an existing event's: only the difference is written). */
  private async indexActors(trx: Db, seq: number, e: SitrepEvent, existing: boolean, entry?: CachedEvent): Promise<void> {
    const date = e.event_date ?? '';
    const all = actorsOf(e);
    let actors = all;
    if (existing) {
      const had =
        entry?.actors ??
        (await this.fast(trx, 'event actors', [seq], () => trx.selectFrom('event_actors').select(['actor', 'event_date']).where('event_seq', '=', seq)));
      const keep = new Set(actors);
      const gone = had.filter((r) => r.event_date !== date || !keep.has(r.actor));
      for (const r of gone)
        await this.fast(trx, 'delete event_actor', [r.actor, r.event_date, seq], () =>
          trx.deleteFrom('event_actors').where('actor', '=', r.actor).where('event_date', '=', r.event_date).where('event_seq', '=', seq),
        );
      const still = new Set(had.filter((r) => r.event_date === date).map((r) => r.actor));
      actors = actors.filter((a) => !still.has(a));
    }
    const rows = actors.map((a) => ({ actor: a, event_date: date, event_seq: seq }));
    if (rows.length) await this.fast(trx, 'insert event_actors', rows.flatMap(Object.values), () => trx.insertInto('event_actors').values(rows));
    if (entry) entry.actors = all.map((actor) => ({ actor, event_date: date }));
  }

  async reportStamp(id: string): Promise<{ content_hash: string; engine_version: string; published: string | null; title: string | null } | undefined> {
    return this.guard(async () => {
      const [r] = await this.fast(this.db, 'report stamp', [id], () =>
        this.db.selectFrom('reports').select(['content_hash', 'engine_version', 'published', 'title']).where('id', '=', id),
      );
      return r;
    });
  }

  async getReport(id: string): Promise<StoredReport | undefined> {
    return this.guard(async () => {
      const r = await this.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.id,
        url: r.url,
        title: r.title,
        outlets: this.adapter.fromJson<string[]>(r.outlets, []),
        published: r.published,
        language: r.language,
        raw_text: r.raw_text,
        clean_text: r.clean_text,
        content_hash: r.content_hash,
        engine_version: r.engine_version,
        ingested_at: r.ingested_at,
      };
    });
  }

  // ─── queries ────────────────────────────────────────────────────────────────

  toStored(r: ListedRow): StoredEvent {
    const j = this.adapter;
    return eventOf(r, (value, fallback) => j.fromJson(value, fallback));
  }

  /**
   * JSON.stringify(this.toStored(r)), byte for byte, with the JSON columns' texts as the driver reads them
   * (adapter.fromJsonText) put in place of 0s, instead of parsed and written again.
   */
  private eventJson(r: ListedRow): string {
    const j = this.adapter;
    const s = JSON.stringify(eventOf(r, () => 0 as never));
    const parts: string[] = [];
    let at = 0;
    // a key's text can only stand for that key (inside a string every '"' is escaped), so the first is the one
    for (const [col, marker, fallback] of JSON_FIELDS) {
      const i = s.indexOf(marker, at);
      parts.push(s.slice(at, i + marker.length - 1), j.fromJsonText(r[col], fallback));
      at = i + marker.length;
    }
    parts.push(s.slice(at));
    return parts.join('');
  }

  /**
   * How a filter is read: the rows to start from and the WHERE clause over `events`, and the columns
   * that give the listing order (event_date desc, seq desc). A known actor starts from its range of
   * the actor index, already in that order; everything else starts from `events`. `limit`: the filter
   * reads pages of that many in listing order (the text search then may test rows read in that order).
   */
  private async plan(f: EventFilter, limit?: number): Promise<{
    from: () => SelectQueryBuilder<Database, 'events', object>;
    where: (eb: EB) => Expression<SqlBool>;
    /** the whole filter over `events` alone (the actor as a subquery), for queries that start elsewhere */
    whereAll: (eb: EB) => Expression<SqlBool>;
    date: string;
    seq: string;
  }> {
    checkFilter(f);
    // any spelling of a governorate ("Idlib", "Latakia") finds the OCHA name the events carry
    if (f.admin1?.trim()) f = { ...f, admin1: await resolveAdmin1(f.admin1.trim()) };
    const actor = f.actor?.trim() ? await resolveActor(f.actor.trim()) : null;
    const known = actor?.canonical ?? null;
    const q = f.q?.trim();
    const inOrder = q && limit !== undefined ? await this.guard(() => this.adapter.textInOrder(this.db, q, limit)) : false;
    const whereAll = this.whereOf(f, actor, inOrder);
    const where = known ? this.whereOf(f, null, inOrder) : whereAll;
    if (!known) return { from: () => this.db.selectFrom('events'), where, whereAll, date: 'events.event_date', seq: 'events.seq' };
    return {
      from: () => {
        let q = this.db
          .selectFrom('event_actors')
          .innerJoin('events', 'events.seq', 'event_actors.event_seq')
          .where('event_actors.actor', '=', known);
        if (f.from) q = q.where('event_actors.event_date', '>=', f.from);
        if (f.to) q = q.where('event_actors.event_date', '<=', f.to);
        return q as unknown as SelectQueryBuilder<Database, 'events', object>;
      },
      where,
      whereAll,
      date: 'event_actors.event_date',
      seq: 'event_actors.event_seq',
    };
  }

  /**
   * The WHERE clause of a filter over the `events` table (the actor only when it is not a known name);
   * `textInOrder`: the text search tests rows read in listing order (adapter.textMatch).
   */
  private whereOf(
    f: EventFilter,
    actor: { text: string; canonical: string | null } | null,
    textInOrder = false,
  ): (eb: EB) => Expression<SqlBool> {
    const adapter = this.adapter;
    return (eb: EB) => {
      const c: Expression<SqlBool>[] = [];
      if (!f.include_deleted) c.push(eb('events.deleted', '=', 0));
      if (f.from) c.push(eb('events.event_date', '>=', f.from));
      if (f.to) c.push(eb('events.event_date', '<=', f.to), eb('events.event_date', '<>', ''));
      if (f.bbox) {
        const [minLon, minLat, maxLon, maxLat] = f.bbox;
        const cells = cellsOfBox(f.bbox);
        if (cells) c.push(eb('events.cell', 'in', cells));
        c.push(
          eb('events.latitude', '>=', minLat),
          eb('events.latitude', '<=', maxLat),
          eb('events.longitude', '>=', minLon),
          eb('events.longitude', '<=', maxLon),
        );
      }
      if (f.admin1) c.push(eb('events.admin1', '=', f.admin1));
      if (f.admin2) c.push(eb('events.admin2', '=', f.admin2));
      if (f.event_type) c.push(eb('events.event_type', '=', f.event_type));
      if (f.sub_event_type) c.push(eb('events.sub_event_type', '=', f.sub_event_type));
      if (actor) {
        const pat = `%${actor.text.toLowerCase().replace(/[%_]/g, '')}%`;
        const sub = eb.selectFrom('event_actors').select('event_actors.event_seq');
        c.push(
          eb(
            'events.seq',
            'in',
            actor.canonical
              ? sub.where('event_actors.actor', '=', actor.canonical)
              : sub.where((se) => se(se.fn('lower', ['event_actors.actor']), 'like', pat)),
          ),
        );
      }
      if (f.outlet)
        c.push(eb('events.id', 'in', eb.selectFrom('accounts').select('accounts.event_id').where('accounts.outlet', '=', f.outlet)));
      if (f.q && f.q.trim()) c.push(adapter.textMatch(f.q, textInOrder));
      if (f.min_fatalities !== undefined) c.push(eb('events.fatalities', '>=', f.min_fatalities));
      if (f.verified !== undefined) c.push(eb('events.verified', '=', f.verified ? 1 : 0));
      if (f.min_reliability)
        c.push(
          eb(
            'events.id',
            'in',
            eb
              .selectFrom('accounts')
              .innerJoin('outlets', 'outlets.name', 'accounts.outlet')
              .select('accounts.event_id')
              .where('outlets.grade', '<=', f.min_reliability.toUpperCase()),
          ),
        );
      if (f.max_credibility !== undefined) c.push(eb('events.credibility', '<=', f.max_credibility));
      if (f.updated_since) c.push(eb('events.updated_at', '>=', new Date(f.updated_since).toISOString()));
      return c.length ? eb.and(c) : sql<SqlBool>`1 = 1`;
    };
  }

  private static pageSize(page: Page): number {
    const limit = page.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw invalid(`limit must be a whole number from 1 to ${MAX_LIMIT}, got ${page.limit}`);
    return Math.min(limit, MAX_LIMIT);
  }

  /** rows of a filter after a cursor, in listing order */
  private after(plan: Awaited<ReturnType<KyselyStore['plan']>>, cursor: Cursor | null) {
    let q = plan.from().where(plan.where);
    if (cursor)
      q = q.where((eb) =>
        eb.or([
          eb(sql.ref(plan.date), '<', cursor.d),
          eb.and([eb(sql.ref(plan.date), '=', cursor.d), eb(sql.ref(plan.seq), '<', cursor.s)]),
        ]),
      );
    return q.orderBy(sql.ref(plan.date), 'desc').orderBy(sql.ref(plan.seq), 'desc');
  }

  async listEvents(filter: EventFilter, page: Page = {}): Promise<{ events: StoredEvent[]; next_cursor: string | null }> {
    const { rows, next_cursor } = await this.listRows(filter, page);
    return { events: rows.map((r) => this.toStored(r)), next_cursor };
  }

  async listEventText(filter: EventFilter, page: Page = {}): Promise<{ text: string; count: number; next_cursor: string | null }> {
    const { rows, next_cursor } = await this.listRows(filter, page);
    return { text: rows.map((r) => this.eventJson(r)).join(','), count: rows.length, next_cursor };
  }

  /** The rows of a page of listEvents, and the cursor after it. */
  private async listRows(filter: EventFilter, page: Page): Promise<{ rows: ListedRow[]; next_cursor: string | null }> {
    const lim = KyselyStore.pageSize(page);
    const cursor = page.cursor ? decodeCursor(page.cursor) : null;
    const plan = await this.plan(filter ?? {}, lim);
    return this.guard(async () => {
      const columns = EVENT_COLUMNS.map((c) => `events.${c}` as const);
      const query = filter?.bbox
        ? // a box reads its cells one after another and sorts: the page's seqs first (the cell index holds all
          // a box tests), then only their rows
          this.db
            .selectFrom(
              this.after(plan, cursor)
                .select([sql.ref<number>(plan.seq).as('seq'), sql.ref<string>(plan.date).as('d')])
                .limit(lim + 1)
                .as('page'),
            )
            .innerJoin('events', 'events.seq', 'page.seq')
            .select(columns)
            .orderBy('page.d', 'desc')
            .orderBy('page.seq', 'desc')
        : this.after(plan, cursor).select(columns).limit(lim + 1);
      const rows = await this.selectRows<ListedRow>(query, EVENT_COLUMNS);
      const more = rows.length > lim;
      const pageRows = more ? rows.slice(0, lim) : rows;
      const last = pageRows[pageRows.length - 1];
      return { rows: pageRows, next_cursor: more && last ? encodeCursor({ d: last.event_date, s: last.seq }) : null };
    });
  }

  /**
   * A query's rows as objects of `columns` (the columns it selects, in order), read as arrays where the driver
   * can (adapter.arrayRows): a row of forty columns is built three times sooner so.
   */
  private async selectRows<T>(query: Compilable, columns: readonly string[]): Promise<T[]> {
    const { rows } = await this.db.executeQuery<unknown>(this.adapter.arrayRows(query.compile()));
    if (!rows.length || !Array.isArray(rows[0])) return rows as T[];
    return (rows as unknown[][]).map(objectOf(columns) as (a: unknown[]) => T);
  }

  /**
   * A page of GeoJSON Features (each one JSON text, built by the database) for the events with
   * coordinates that match a filter, in listEvents' order and with its cursor. Properties are the
   * map's fields (FEATURE_PROPERTIES), not the evidence: the fast path for maps and exports.
   */
  async listFeatures(
    filter: EventFilter,
    page: Page = {},
    options: { shape?: 'map' | 'export' } = {},
  ): Promise<{ features: string[]; next_cursor: string | null }> {
    const lim = KyselyStore.pageSize(page);
    const cursor = page.cursor ? decodeCursor(page.cursor) : null;
    const plan = await this.plan(filter ?? {}, lim);
    const a = this.adapter;
    const exporting = options.shape === 'export';
    if (exporting && a.featureTable && onlyDates(filter ?? {})) return this.listBuiltFeatures(filter ?? {}, lim, cursor);
    return this.guard(async () => {
      let q = this.after(plan, cursor);
      if (!exporting) q = q.where('events.latitude', 'is not', null).where('events.longitude', 'is not', null);
      const rows = await q
        .select((eb) => {
          const names: readonly string[] = exporting ? EXPORT_PROPERTIES : FEATURE_PROPERTIES;
          const props: [string, Expression<unknown>][] = names.map((p) => {
            const ref = eb.ref(`events.${p}` as 'events.id');
            if (p === 'docs') return [p, exporting ? a.jsonJoin(ref, '; ') : a.jsonValue(ref)];
            if (p === 'verified') return [p, a.jsonBool(ref)];
            if (p === 'event_date') return [p, sql`NULLIF(${ref}, '')`];
            return [p, ref];
          });
          // the engine's own text of the export shape, where it has one: the very text its triggers keep
          if (exporting && a.exportFeature) return ['events.seq', 'events.event_date', a.exportFeature('events').as('feature')];
          const point = a.jsonObject([['type', sql.lit('Point')], ['coordinates', a.jsonArray([eb.ref('events.longitude'), eb.ref('events.latitude')])]]);
          const feature: [string, Expression<unknown>][] = exporting
            ? [
                ['type', sql.lit('Feature')],
                ['id', eb.ref('events.id')],
                ['geometry', a.jsonOrNull(sql`events.latitude IS NOT NULL AND events.longitude IS NOT NULL`, point)],
                ['properties', a.jsonObject(props)],
              ]
            : [
                ['type', sql.lit('Feature')],
                ['geometry', point],
                ['properties', a.jsonObject(props)],
              ];
          return ['events.seq', 'events.event_date', a.jsonText(a.jsonObject(feature)).as('feature')];
        })
        .limit(lim + 1)
        .execute();
      return featurePage(rows, lim);
    });
  }

  /**
   * A page of listFeatures' export shape as one text (the Features joined with ',\n', in listing order),
   * built by the database from the Features it keeps built: the GeoJSON export's fast path. Null when the
   * store cannot for this filter (it selects by more than dates, or the engine keeps no Features).
   * `{ bytes: true }`: the text as UTF-8 bytes, as the database holds it (nothing decoded, for a response body).
   */
  async listFeatureText(filter: EventFilter, page?: Page): Promise<{ text: string; count: number; next_cursor: string | null } | null>;
  async listFeatureText(filter: EventFilter, page: Page, options: { bytes: true }): Promise<{ text: Uint8Array; count: number; next_cursor: string | null } | null>;
  async listFeatureText(
    filter: EventFilter,
    page: Page = {},
    options: { bytes?: boolean } = {},
  ): Promise<{ text: string | Uint8Array; count: number; next_cursor: string | null } | null> {
    const f = filter ?? {};
    const lim = KyselyStore.pageSize(page);
    const cursor = page.cursor ? decodeCursor(page.cursor) : null;
    checkFilter(f);
    if (!this.adapter.featureTable || !onlyDates(f)) return null;
    return this.guard(async () => {
      const conds = [sql`1 = 1`];
      if (f.from) conds.push(sql`event_date >= ${f.from}`);
      if (f.to) conds.push(sql`event_date <= ${f.to} AND event_date <> ''`);
      const where = (after: Cursor | null) => sql.join(after ? [...conds, sql`(event_date, seq) < (${after.d}, ${after.s})`] : conds, sql` AND `);
      const empty = { text: options.bytes ? new Uint8Array(0) : '', count: 0, next_cursor: null };
      let text: string | Uint8Array;
      let count: number;
      let last: Cursor;
      if (this.adapter.name === 'postgres') {
        // the subquery's order is the order of string_agg and array_agg (an aggregate over a LIMIT subquery
        // reads it in order; an ORDER BY in the aggregate would sort 10 MB again); its last row is the cursor
        const { rows } = await sql<{ text: string | null; n: number | string; d: string | null; s: number | null }>`SELECT
            string_agg(p.feature, ',' || chr(10)) AS text, count(*) AS n, (array_agg(p.event_date))[count(*)] AS d, (array_agg(p.seq))[count(*)] AS s
          FROM (SELECT feature, event_date, seq FROM event_features WHERE ${where(cursor)} ORDER BY event_date DESC, seq DESC LIMIT ${lim}) AS p`.execute(this.db);
        const r = rows[0];
        count = Number(r?.n ?? 0);
        if (!r || !count || r.d === null || r.s === null) return empty;
        last = { d: r.d, s: Number(r.s) };
        text = options.bytes ? Buffer.from(r.text ?? '', 'utf8') : (r.text ?? '');
      } else {
        // the subquery's order is the order of group_concat (an aggregate over a LIMIT subquery reads it in order)
        // Features joined by ',' and a line feed
        const joined = options.bytes ? sql`CAST(group_concat(feature, ',' || char(10)) AS BLOB)` : sql`group_concat(feature, ',' || char(10))`;
        const { rows } = await sql<{ text: string | Uint8Array | null; n: number; k: string | null }>`SELECT ${joined} AS text, count(*) AS n,
            min(printf('%s %015d', event_date, seq)) AS k
          FROM (SELECT feature, event_date, seq FROM event_features WHERE ${where(cursor)} ORDER BY event_date DESC, seq DESC LIMIT ${lim})`.execute(this.db);
        const r = rows[0];
        count = Number(r?.n ?? 0);
        if (!r || !count || !r.k) return empty;
        last = { d: r.k.slice(0, r.k.length - 16), s: Number(r.k.slice(-15)) };
        text = r.text ?? '';
      }
      const { rows: after } = await sql`SELECT 1 AS x FROM event_features WHERE ${where(last)} LIMIT 1`.execute(this.db);
      return { text, count, next_cursor: after.length ? encodeCursor(last) : null };
    });
  }

  /** listFeatures' export shape for a filter of dates at most, from the Features kept built in event_features. */
  private async listBuiltFeatures(f: EventFilter, lim: number, cursor: Cursor | null): Promise<{ features: string[]; next_cursor: string | null }> {
    return this.guard(async () => {
      let q = this.db.selectFrom('event_features').select(['seq', 'event_date', 'feature']);
      if (f.from) q = q.where('event_date', '>=', f.from);
      if (f.to) q = q.where('event_date', '<=', f.to).where('event_date', '<>', '');
      if (cursor)
        q = q.where((eb) => eb.or([eb('event_date', '<', cursor.d), eb.and([eb('event_date', '=', cursor.d), eb('seq', '<', cursor.s)])]));
      const rows = await q.orderBy('event_date', 'desc').orderBy('seq', 'desc').limit(lim + 1).execute();
      return featurePage(rows, lim);
    });
  }

  /** Every event matching a filter, page by page (for exports). */
  async *streamEvents(filter: EventFilter, pageSize = MAX_LIMIT): AsyncGenerator<StoredEvent> {
    let cursor: string | undefined;
    do {
      const page = await this.listEvents(filter, { cursor, limit: pageSize });
      yield* page.events;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  async getEvent(id: string): Promise<(StoredEvent & { sources: EventSource[] }) | undefined> {
    return this.guard(async () => {
      const row = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const accs = await this.db
        .selectFrom('accounts')
        .leftJoin('reports', 'reports.id', 'accounts.report_id')
        .select([
          'accounts.report_id',
          'accounts.outlet',
          'accounts.event',
          'accounts.evidence',
          'reports.url',
          'reports.title',
          'reports.published',
        ])
        .where('accounts.event_id', '=', id)
        .orderBy('accounts.id')
        .execute();
      const sources: EventSource[] = accs.map((a) => ({
        report_id: a.report_id,
        outlet: a.outlet,
        url: a.url ?? null,
        title: a.title ?? null,
        published: a.published ?? null,
        event: this.adapter.fromJson<SitrepEvent>(a.event, {} as SitrepEvent),
        evidence: this.adapter.fromJson<Span[]>(a.evidence, []),
      }));
      const stored: StoredEvent & { sources: EventSource[] } = { ...this.toStored(row), sources };
      if (row.deleted) {
        const d = await this.db
          .selectFrom('deletions')
          .select('replaced_by')
          .where('event_id', '=', id)
          .orderBy('deleted_at', 'desc')
          .executeTakeFirst();
        stored.replaced_by = d?.replaced_by ?? null;
      }
      return stored;
    });
  }

  async countEvents(
    filter: EventFilter,
    by: 'day' | 'week' | 'event_type' | 'actor' | 'admin1' | 'outlet',
  ): Promise<{ key: string; count: number; fatalities: number }[]> {
    const plan = await this.plan(filter ?? {});
    const where = plan.where;
    return this.guard(async () => {
      type Row = { key: string | null; count: number | string | bigint; fatalities: number | string | bigint | null };
      const run = async (col: 'event_date' | 'event_type' | 'admin1' | 'actor1' | 'actor2'): Promise<Row[]> =>
        (await plan
          .from()
          .where(where)
          .select((eb) => [
            eb.ref(`events.${col}`).as('key'),
            eb.fn.countAll().as('count'),
            eb.fn.sum('events.fatalities').as('fatalities'),
          ])
          .groupBy(`events.${col}`)
          .execute()) as Row[];
      let rows: Row[];
      if (by === 'day' || by === 'week') rows = await run('event_date');
      else if (by === 'event_type') rows = await run('event_type');
      else if (by === 'admin1') rows = await run('admin1');
      else if (by === 'actor') {
        // actor1 and actor2 in one pass over the events (each row read once, counted under both)
        rows = (await plan
          .from()
          .crossJoin(sql<{ n: number }>`(SELECT 1 AS n UNION ALL SELECT 2)`.as('k'))
          .where(where)
          .select((eb) => [
            sql<string>`CASE WHEN k.n = 1 THEN events.actor1 ELSE events.actor2 END`.as('key'),
            eb.fn.countAll().as('count'),
            eb.fn.sum('events.fatalities').as('fatalities'),
          ])
          .groupBy(sql`CASE WHEN k.n = 1 THEN events.actor1 ELSE events.actor2 END`)
          .execute()) as Row[];
      }
      else if (by === 'outlet') {
        const pairs = this.db.selectFrom('accounts').select(['accounts.event_id', 'accounts.outlet']).distinct().as('a');
        rows = (await this.db
          .selectFrom(pairs)
          .innerJoin('events', 'events.id', 'a.event_id')
          .where(plan.whereAll as never)
          .select((eb) => [
            eb.ref('a.outlet').as('key'),
            eb.fn.countAll().as('count'),
            eb.fn.sum('events.fatalities').as('fatalities'),
          ])
          .groupBy('a.outlet')
          .execute()) as Row[];
      } else throw invalid(`count by: expected day, week, event_type, actor, admin1 or outlet, got ${JSON.stringify(by)}`);
      const out = new Map<string, { key: string; count: number; fatalities: number }>();
      for (const r of rows) {
        let key = r.key ?? '';
        if (by === 'week') key = mondayOf(key);
        if (!key) continue;
        const cur = out.get(key) ?? { key, count: 0, fatalities: 0 };
        cur.count += Number(r.count);
        cur.fatalities += Number(r.fatalities ?? 0);
        out.set(key, cur);
      }
      const list = [...out.values()];
      if (by === 'day' || by === 'week') list.sort((a, b) => a.key.localeCompare(b.key));
      else list.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
      return list;
    });
  }

  async deletions(since: string): Promise<{ id: string; deleted_at: string; replaced_by: string | null }[]> {
    if (since && Number.isNaN(Date.parse(since))) throw invalid(`deletions since: expected an ISO timestamp, got ${JSON.stringify(since)}`);
    const from = since ? new Date(since).toISOString() : '';
    return this.guard(async () => {
      const rows = await this.db
        .selectFrom('deletions')
        .select(['event_id', 'deleted_at', 'replaced_by'])
        .where('deleted_at', '>=', from)
        .orderBy('deleted_at')
        .execute();
      return rows.map((r) => ({ id: r.event_id, deleted_at: r.deleted_at, replaced_by: r.replaced_by }));
    });
  }

  // ─── corrections ────────────────────────────────────────────────────────────

  private async mustGet(trx: Db, id: string, live = true): Promise<EventRow> {
    const row = await trx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`event ${id}`);
    if (live && row.deleted) throw new StoreError('conflict', `event ${id} was deleted`);
    return row;
  }

  private async writeAudit(trx: Db, user: string, action: AuditEntry['action'], eventId: string | null, before: unknown, after: unknown, at: string): Promise<void> {
    await trx
      .insertInto('audit')
      .values({ at, user, action, event_id: eventId, before: this.json(before), after: this.json(after) })
      .execute();
  }

  private checkUser(user: string): string {
    if (typeof user !== 'string' || !user.trim()) throw invalid('a user name is required for changes (audit)');
    return user.trim();
  }

  private async reload(trx: Db, id: string): Promise<StoredEvent> {
    return this.toStored(await this.mustGet(trx, id, false));
  }

  async verify(id: string, user: string): Promise<StoredEvent> {
    const who = this.checkUser(user);
    return this.tx(async (trx) => {
      const now = nowIso();
      const before = this.toStored(await this.mustGet(trx, id));
      await trx.updateTable('events').set({ verified: 1, updated_at: now }).where('id', '=', id).execute();
      const after = await this.reload(trx, id);
      await this.writeAudit(trx, who, 'verify', id, before, after, now);
      return after;
    });
  }

  async edit(id: string, patch: Partial<SitrepEvent>, user: string): Promise<StoredEvent> {
    const who = this.checkUser(user);
    return this.tx(async (trx) => {
      const now = nowIso();
      const row = await this.mustGet(trx, id);
      const before = this.toStored(row);
      const clean = checkPatch(patch as Record<string, unknown>, before);
      const corrections = { ...before.corrections, ...clean };
      await trx
        .updateTable('events')
        .set({ ...eventColumns({ ...before, ...clean }), corrections: this.json(corrections), updated_at: now })
        .where('id', '=', id)
        .execute();
      await this.recompute(trx, id, now);
      const after = await this.reload(trx, id);
      await this.writeAudit(trx, who, 'edit', id, before, after, now);
      return after;
    });
  }

  async remove(id: string, user: string): Promise<void> {
    const who = this.checkUser(user);
    await this.tx(async (trx) => {
      const now = nowIso();
      const row = await this.mustGet(trx, id);
      const before = this.toStored(row);
      await trx.updateTable('events').set({ deleted: 1, updated_at: now }).where('id', '=', id).execute();
      await trx.deleteFrom('event_keys').where('event_seq', '=', row.seq).execute();
      await this.adapter.unindexText(trx, row.seq);
      await trx.insertInto('deletions').values({ event_id: id, deleted_at: now, replaced_by: null }).execute();
      await this.writeAudit(trx, who, 'delete', id, before, { deleted: true }, now);
    });
  }

  async merge(ids: string[], user: string): Promise<StoredEvent> {
    const who = this.checkUser(user);
    const unique = [...new Set(ids ?? [])];
    if (unique.length < 2) throw invalid('merge: give at least two different event ids');
    return this.tx(async (trx) => {
      const now = nowIso();
      const rows: EventRow[] = [];
      for (const id of unique) rows.push(await this.mustGet(trx, id));
      rows.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.seq - b.seq);
      const [keeper, ...others] = rows;
      const before = rows.map((r) => this.toStored(r));
      let corrections: Partial<SitrepEvent> = {};
      for (const r of [...others].reverse()) corrections = { ...corrections, ...this.adapter.fromJson(r.corrections, {}) };
      corrections = { ...corrections, ...this.adapter.fromJson(keeper.corrections, {}) };
      const otherIds = others.map((r) => r.id);
      await trx
        .updateTable('accounts')
        .set({ event_id: keeper.id, match_reason: `merged by ${who}` })
        .where('event_id', 'in', otherIds)
        .execute();
      for (const r of others) {
        await trx.updateTable('events').set({ deleted: 1, sources_count: 0, docs: '[]', updated_at: now }).where('id', '=', r.id).execute();
        await trx.deleteFrom('event_keys').where('event_seq', '=', r.seq).execute();
        await this.adapter.unindexText(trx, r.seq);
        await trx.insertInto('deletions').values({ event_id: r.id, deleted_at: now, replaced_by: keeper.id }).execute();
      }
      await trx
        .updateTable('events')
        .set({ corrections: this.json(corrections), verified: rows.some((r) => r.verified) ? 1 : 0 })
        .where('id', '=', keeper.id)
        .execute();
      await this.recompute(trx, keeper.id, now);
      const after = await this.reload(trx, keeper.id);
      await this.writeAudit(trx, who, 'merge', keeper.id, before, after, now);
      return after;
    });
  }

  async split(id: string, reportIds: string[], user: string): Promise<StoredEvent[]> {
    const who = this.checkUser(user);
    const wanted = [...new Set(reportIds ?? [])];
    if (!wanted.length) throw invalid('split: give the ids of the reports to move out');
    return this.tx(async (trx) => {
      const now = nowIso();
      const row = await this.mustGet(trx, id);
      const before = this.toStored(row);
      const accs = await trx.selectFrom('accounts').select(['id', 'report_id', 'event']).where('event_id', '=', id).orderBy('id').execute();
      const moving = accs.filter((a) => wanted.includes(a.report_id));
      const missing = wanted.filter((r) => !accs.some((a) => a.report_id === r));
      if (missing.length) throw invalid(`split: event ${id} has no account from report(s) ${missing.join(', ')}`);
      if (moving.length === accs.length) throw invalid(`split: cannot move every report out of event ${id}; at least one must stay`);
      const newId = newEventId();
      const first = this.adapter.fromJson<SitrepEvent>(moving[0].event, {} as SitrepEvent);
      await trx.insertInto('events').values(this.newEventRow(newId, first, now)).execute();
      await trx
        .updateTable('accounts')
        .set({ event_id: newId, match_reason: `split out of ${id} by ${who}` })
        .where('id', 'in', moving.map((a) => a.id))
        .execute();
      await this.recompute(trx, id, now);
      await this.recompute(trx, newId, now);
      const after = [await this.reload(trx, id), await this.reload(trx, newId)];
      await this.writeAudit(trx, who, 'split', id, before, after, now);
      return after;
    });
  }

  async audit(eventId?: string): Promise<AuditEntry[]> {
    return this.guard(async () => {
      let q = this.db.selectFrom('audit').selectAll();
      if (eventId) q = q.where('event_id', '=', eventId);
      const rows = await q.orderBy('id').execute();
      return rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        user: r.user,
        action: r.action as AuditEntry['action'],
        event_id: r.event_id,
        before: this.adapter.fromJson<unknown>(r.before, null),
        after: this.adapter.fromJson<unknown>(r.after, null),
      }));
    });
  }

  // ─── outlets ────────────────────────────────────────────────────────────────

  async listOutlets(): Promise<{ name: string; grade: string | null; reports: number; events: number }[]> {
    return this.guard(async () => {
      const outlets = await this.db.selectFrom('outlets').select(['name', 'grade']).orderBy('name').execute();
      const reports = await this.db
        .selectFrom('report_outlets')
        .select((eb) => ['outlet', eb.fn.countAll().as('n')])
        .groupBy('outlet')
        .execute();
      const events = await this.db
        .selectFrom('accounts')
        .innerJoin('events', 'events.id', 'accounts.event_id')
        .where('events.deleted', '=', 0)
        .select((eb) => ['accounts.outlet', eb.fn.count('accounts.event_id').distinct().as('n')])
        .groupBy('accounts.outlet')
        .execute();
      const rc = new Map(reports.map((r) => [r.outlet, Number(r.n)]));
      const ec = new Map(events.map((r) => [r.outlet, Number(r.n)]));
      return outlets.map((o) => ({ name: o.name, grade: o.grade, reports: rc.get(o.name) ?? 0, events: ec.get(o.name) ?? 0 }));
    });
  }

  async setOutletGrade(name: string, grade: string, user: string): Promise<void> {
    const who = this.checkUser(user);
    if (typeof name !== 'string' || !name.trim()) throw invalid('outlet grade: the outlet name is empty');
    const g = typeof grade === 'string' ? grade.trim().toUpperCase() : '';
    if (!/^[A-F]$/.test(g)) throw invalid(`outlet grade: expected one letter A..F, got ${JSON.stringify(grade)}`);
    await this.tx(async (trx) => {
      const now = nowIso();
      const prev = await trx.selectFrom('outlets').select(['name', 'grade']).where('name', '=', name).executeTakeFirst();
      await trx
        .insertInto('outlets')
        .values({ name, grade: g, updated_at: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ grade: g, updated_at: now }))
        .execute();
      // credibility depends on the grades of the outlets carrying an event
      const affected = await trx.selectFrom('accounts').select('event_id').distinct().where('outlet', '=', name).execute();
      for (const a of affected) await this.recompute(trx, a.event_id, now);
      await this.writeAudit(trx, who, 'grade', null, { name, grade: prev?.grade ?? null }, { name, grade: g }, now);
    });
  }

  // ─── bulk ───────────────────────────────────────────────────────────────────

  /**
   * Loads already-merged events without merging (imports, benchmarks): each becomes one event whose
   * `doc` names its report. Returns the new ids.
   */
  async importEvents(events: SitrepEvent[]): Promise<string[]> {
    return this.tx(async (trx) => {
      const now = nowIso();
      const ids: string[] = [];
      const rows = events.map((e) => {
        const id = newEventId();
        ids.push(id);
        return this.newEventRow(id, e, now);
      });
      const chunk = 500;
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        const inserted = await trx.insertInto('events').values(part).returning(['seq', 'id']).execute();
        const keys = new Map<string, { key_hash: number; event_seq: number }>();
        const actors: { actor: string; event_date: string; event_seq: number }[] = [];
        for (const [k, r] of inserted.entries()) {
          const e = events[i + k];
          for (const key of blockKeys(e)) {
            const h = hashKey(key);
            keys.set(`${h}:${r.seq}`, { key_hash: h, event_seq: r.seq });
          }
          for (const a of actorsOf(eventColumns(e))) actors.push({ actor: a, event_date: e.event_date ?? '', event_seq: r.seq });
        }
        const kv = [...keys.values()];
        for (let j = 0; j < kv.length; j += 5000) await trx.insertInto('event_keys').values(kv.slice(j, j + 5000)).execute();
        for (let j = 0; j < actors.length; j += 5000) await trx.insertInto('event_actors').values(actors.slice(j, j + 5000)).execute();
        const seqs = inserted.map((r) => r.seq);
        await this.adapter.indexRange(trx, Math.min(...seqs), Math.max(...seqs));
      }
      return ids;
    });
  }
}

/** JSON.stringify(e), byte for byte, with `evidence` (JSON.stringify(e.evidence), an array) put in place, not written again. */
function jsonWithEvidence(e: SitrepEvent, evidence: string): string {
  const s = JSON.stringify({ ...e, evidence: 0 });
  // inside a string every '"' is escaped: the marker can only be the key itself (checked to be there once)
  const marker = '"evidence":0';
  const i = s.indexOf(marker);
  if (i < 0 || s.indexOf(marker, i + 1) >= 0) return JSON.stringify(e);
  return s.slice(0, i + marker.length - 1) + evidence + s.slice(i + marker.length);
}

/** Two accounts that say exactly the same thing (a re-ingest with an unchanged extraction). */
function sameAccount(a: SitrepEvent, b: SitrepEvent): boolean {
  return (
    a.event_type === b.event_type &&
    a.sub_event_type === b.sub_event_type &&
    a.event_date === b.event_date &&
    a.actor1 === b.actor1 &&
    a.actor2 === b.actor2 &&
    a.location === b.location
  );
}
