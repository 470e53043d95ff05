/**
 * Ingestion: each document is extracted and kept in the store with its events. Re-ingesting the same
 * report changes nothing (the store answers 'unchanged', and a report already stored with the same
 * raw text by the same engine is not even extracted again); a new version replaces its events.
 */
import type { InputDocument } from '../model/index.js';
import * as pipeline from '../pipeline/extract.js';
import { extractBatch } from '../pipeline/batch.js';
import type { ReadItem } from '../read/index.js';
import { contentHash } from '../store/store.js';
import type { IngestResult, Store } from '../store/types.js';
import { engineVersion } from './version.js';

export interface IngestOptions {
  /** allow fetching private/loopback addresses (off by default) */
  allowPrivate?: boolean;
  onProgress?: (done: number, total: number | null) => void;
  /** called after each report is kept (or found unchanged) */
  onResult?: (result: IngestResult, origin: string) => void;
  /** called for an input that could not be read or extracted; the run goes on */
  onError?: (origin: string, message: string) => void;
  /** called for a report that is kept but not coded (a language Sitrep does not read yet) */
  onNote?: (origin: string, message: string) => void;
  /** extract and store again even reports the store holds unchanged (e.g. after editing data/) */
  force?: boolean;
  /** stop after the current document when aborted */
  signal?: AbortSignal;
  /** documents extracted and stored at once (default 1; only where the store has no putReports) */
  concurrency?: number;
  /** documents stored in one transaction where the store has putReports (default 200; 1: one by one) */
  batchSize?: number;
  /** a batch is stored at the latest this long after its first document (default 250 ms) */
  batchMs?: number;
  /** lets the sources wait until what they handed on is stored */
  barrier?: Barrier;
}

export interface IngestSummary {
  reports: number;
  new: number;
  updated: number;
  unchanged: number;
  events: number;
  errors: number;
  ms: number;
}

/** Reports stored in one transaction by default (`sitrep ingest --batch`). */
export const DEFAULT_BATCH = 200;
/**
 * A batch is cut sooner once its reports' raw texts reach this many characters (16–32 MB in memory, with
 * what extraction builds from them): 200 saved web pages of a few MB each would otherwise all wait at once.
 */
export const MAX_BATCH_CHARS = 16 * 1024 * 1024;

/** The engine version stored with each report: code and knowledge (see version.ts). */
export const ENGINE_VERSION: string = engineVersion((pipeline as unknown as { ENGINE_VERSION?: string }).ENGINE_VERSION);

/**
 * A storage failure: the run stops. Nothing is half-written: a batch of reports is one transaction in the
 * store, and a batch the store refused is stored again report by report; the run stops at the report the
 * store failed on, and that report and those after it are not written (a rerun stores them).
 */
export class StoreFailure extends Error {
  constructor(message: string, readonly origin: string) {
    super(message);
    this.name = 'StoreFailure';
  }
}

let warm = false;
/**
 * Loads the extraction knowledge (places, actors: seconds) once, before any database work starts:
 * done inside the first document it would block the event loop while a database connection is
 * being opened, and the connection would time out.
 */
export function warmUp(): void {
  if (warm) return;
  warm = true;
  pipeline.extract({ id: 'warm-up', text: 'Regime forces shelled Kafr Nabl town in southern Idleb on 3 July 2018, killing two civilians.' });
}

/** The text kept as the report's raw form. */
export function rawOf(input: InputDocument): string {
  return input.html ?? input.text ?? '';
}

function describeStoreError(err: unknown): string {
  const e = err as { code?: string; message?: string; name?: string };
  const msg = (e?.message ?? String(err)).split('\n')[0];
  if (e?.name === 'StoreError') return msg; // already one line a user can act on
  if (e?.code === 'SQLITE_BUSY' || /database is locked/i.test(msg)) return `the database is locked by another process (${msg})`;
  if (e?.code === 'SQLITE_FULL' || e?.code === 'ENOSPC' || /disk is full|no space/i.test(msg)) return `the disk is full (${msg})`;
  if (e?.code === 'SQLITE_READONLY') return `the database is read-only (${msg})`;
  if (e?.code === 'ECONNREFUSED' || e?.code === '57P01' || /terminat|connection/i.test(msg)) return `lost the database connection (${msg})`;
  return msg;
}

/** True when the store already holds this exact report from this engine: nothing to do. */
async function alreadyStored(store: Store, input: InputDocument, raw: string): Promise<boolean> {
  if (raw && store.reportStamp) {
    // the stored content hash is the raw text's (contentHash): no need to read the texts back
    const stamp = await store.reportStamp(input.id);
    if (!stamp) return false;
    if (stamp.engine_version !== ENGINE_VERSION || stamp.content_hash !== contentHash(raw, '')) return false;
    if (input.published && stamp.published !== input.published) return false;
    if (input.title && stamp.title !== input.title) return false;
    return true;
  }
  const stored = await store.getReport(input.id);
  if (!stored) return false;
  if (stored.raw_text !== raw || stored.engine_version !== ENGINE_VERSION) return false;
  if (input.published && stored.published !== input.published) return false;
  if (input.title && stored.title !== input.title) return false;
  return true;
}

/** Extracts and stores one document. Throws StoreFailure when the store fails; other errors are the document's. */
/** The note for a report kept but not coded, or null. */
export function notCoded(language: string): string | null {
  return language === 'en' ? null : `language ${language}: not coded (Sitrep reads English only for now)`;
}

export async function ingestOne(store: Store, input: InputDocument, origin: string, force = false, onNote?: (origin: string, message: string) => void): Promise<IngestResult> {
  const raw = rawOf(input);
  try {
    if (!force && (await alreadyStored(store, input, raw))) return { report_id: input.id, status: 'unchanged', events: 0 };
  } catch (err) {
    throw new StoreFailure(describeStoreError(err), origin);
  }
  const { document, events } = pipeline.extract(input);
  const note = notCoded(document.language);
  if (note) onNote?.(origin, note);
  try {
    return await store.putReport(document, raw, events, ENGINE_VERSION, force ? { force: true } : undefined);
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    if (e?.name === 'StoreError' && (e.code === 'invalid' || e.code === 'conflict')) throw new Error(`not stored: ${e.message}`);
    throw new StoreFailure(describeStoreError(err), origin);
  }
}

/**
 * A point the sources wait at before they record progress (a feed's seen items): every document
 * handed on so far must be stored (or queued) first, so a run killed right after loses nothing.
 */
export class Barrier {
  private fn: () => Promise<void> = async () => undefined;
  set(fn: () => Promise<void>): void {
    this.fn = fn;
  }
  drain(): Promise<void> {
    return this.fn();
  }
}

/** One document on its way into a batch: stored already (the pre-check's answer) or extracted and waiting. */
interface Pending {
  input: InputDocument;
  origin: string;
  raw: string;
  /** set when the store already holds this exact report (nothing to write) */
  result?: IngestResult;
  extracted?: ReturnType<typeof pipeline.extract>;
  /** why the engine failed on this report (told in order, when its batch is stored) */
  failed?: string;
}

const storeErrorOf = (err: unknown, origin: string): Error => {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === 'StoreError' && (e.code === 'invalid' || e.code === 'conflict')) return new Error(`not stored: ${e.message}`);
  return new StoreFailure(describeStoreError(err), origin);
};

/**
 * Ingests reader items (documents and read errors). Errors in one document are reported through
 * onError and the run goes on; a store failure stops the run (StoreFailure) once the documents
 * already in flight are settled.
 *
 * Where the store has putReports, documents are extracted one after another and stored in batches
 * (`batchSize` documents or `batchMs` after a batch's first document, whichever comes first): one
 * transaction, one commit per batch. A run killed at any moment loses at most the batch not yet
 * committed, which the next run stores. A batch the store refuses (one bad report) is stored again
 * report by report, so the good ones are kept and the bad one is named. Results, progress and
 * errors come in input order, with the same answers as storing one report at a time.
 *
 * Without putReports, each document is one transaction; with `concurrency` > 1 several documents are
 * extracted and stored at once.
 */
export async function ingestItems(store: Store, items: AsyncIterable<ReadItem> | Iterable<ReadItem>, opts: IngestOptions = {}): Promise<IngestSummary> {
  if (typeof store.putReports === 'function' && opts.batchSize !== 1) return ingestBatched(store, items, opts);
  const started = Date.now();
  const summary: IngestSummary = { reports: 0, new: 0, updated: 0, unchanged: 0, events: 0, errors: 0, ms: 0 };
  const limit = Math.max(1, opts.concurrency ?? 1);
  const inFlight = new Set<Promise<void>>();
  let failure: StoreFailure | null = null;
  let done = 0;
  const tick = () => {
    done++;
    opts.onProgress?.(done, null);
  };
  const run = async (input: InputDocument, origin: string) => {
    try {
      const result = await ingestOne(store, input, origin, opts.force, opts.onNote);
      summary.reports++;
      summary[result.status]++;
      summary.events += result.events;
      opts.onResult?.(result, origin);
    } catch (err) {
      if (err instanceof StoreFailure) {
        failure ??= err;
        return;
      }
      summary.errors++;
      const msg = (err as Error).message?.split('\n')[0] ?? String(err);
      opts.onError?.(origin, msg.startsWith('not stored:') ? `${input.id}: ${msg}` : `${input.id}: extraction failed: ${msg}`);
    }
    tick();
  };
  const settle = async () => {
    while (inFlight.size) await Promise.all([...inFlight]);
  };
  opts.barrier?.set(settle);
  warmUp();
  try {
    for await (const item of items) {
      if (opts.signal?.aborted || failure) break;
      if (item.kind === 'error') {
        summary.errors++;
        opts.onError?.(item.origin, item.message);
        tick();
        continue;
      }
      const p = run(item.input, item.origin).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await settle();
  } finally {
    opts.barrier?.set(async () => undefined);
  }
  if (failure) throw failure;
  summary.ms = Date.now() - started;
  return summary;
}

type Entry = { kind: 'doc'; p: Pending } | { kind: 'error'; origin: string; message: string };

async function ingestBatched(store: Store, items: AsyncIterable<ReadItem> | Iterable<ReadItem>, opts: IngestOptions): Promise<IngestSummary> {
  const putReports = store.putReports!.bind(store);
  const started = Date.now();
  const summary: IngestSummary = { reports: 0, new: 0, updated: 0, unchanged: 0, events: 0, errors: 0, ms: 0 };
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH);
  const batchMs = Math.max(0, opts.batchMs ?? 250);
  let failure: StoreFailure | null = null;
  let done = 0;
  const tick = () => {
    done++;
    opts.onProgress?.(done, null);
  };
  const ok = (p: Pending, result: IngestResult) => {
    summary.reports++;
    summary[result.status]++;
    summary.events += result.events;
    opts.onResult?.(result, p.origin);
    tick();
  };
  const bad = (p: Pending, err: unknown) => {
    summary.errors++;
    const msg = (err as Error).message?.split('\n')[0] ?? String(err);
    opts.onError?.(p.origin, msg.startsWith('not stored:') ? `${p.input.id}: ${msg}` : `${p.input.id}: extraction failed: ${msg}`);
    tick();
  };

  /** ids in batches not yet committed: a repeat waits for them (the pre-check must see the first) */
  const unsettled = new Map<string, number>();
  const hold = (id: string) => unsettled.set(id, (unsettled.get(id) ?? 0) + 1);
  const release = (id: string) => {
    const k = (unsettled.get(id) ?? 1) - 1;
    if (k > 0) unsettled.set(id, k);
    else unsettled.delete(id);
  };

  /**
   * Stores one batch and reports its entries in order; never throws. A store failure sets `failure`:
   * the reports from there on in the batch are not written (the run stops; a rerun stores them).
   */
  const storeBatch = async (entries: Entry[]): Promise<void> => {
    const toWrite = entries.flatMap((e) => (e.kind === 'doc' && e.p.extracted ? [e.p] : []));
    let results: Map<Pending, IngestResult> | null = null;
    if (toWrite.length) {
      try {
        const out = await putReports(
          toWrite.map((p) => ({ doc: p.extracted!.document, raw: p.raw, events: p.extracted!.events, engineVersion: ENGINE_VERSION, force: opts.force === true })),
        );
        results = new Map(toWrite.map((p, i) => [p, out[i]!]));
      } catch {
        // one bad report (or a lost connection): store them one by one below, so the good ones are
        // kept, the bad one is named, and a store failure stops the run at the report it hit
      }
    }
    let stopped = false;
    for (const e of entries) {
      if (e.kind === 'error') {
        summary.errors++;
        opts.onError?.(e.origin, e.message);
        tick();
        continue;
      }
      const p = e.p;
      if (p.failed) {
        summary.errors++;
        opts.onError?.(p.origin, p.failed);
        tick();
        release(p.input.id);
        continue;
      }
      try {
        if (p.result) ok(p, p.result);
        else if (p.extracted && !stopped) {
          let r = results?.get(p);
          if (!r) {
            try {
              r = await store.putReport(p.extracted.document, p.raw, p.extracted.events, ENGINE_VERSION, opts.force ? { force: true } : undefined);
            } catch (err) {
              throw storeErrorOf(err, p.origin);
            }
          }
          ok(p, r);
        }
      } catch (err) {
        if (err instanceof StoreFailure) {
          failure ??= err;
          stopped = true;
        } else bad(p, err);
      } finally {
        release(p.input.id);
      }
    }
  };

  let batch: Entry[] = [];
  let batchChars = 0;
  let timer: NodeJS.Timeout | undefined;
  /** batches handed to the store, oldest first: at most two wait while the next is extracted */
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  /**
   * The batch's new reports extracted together (pipeline/batch.ts: a short note's place that its own text
   * leaves open is settled by where the batch's other reports are), in input order.
   */
  const extractEntries = (entries: Entry[]): void => {
    const todo = entries.flatMap((e) => (e.kind === 'doc' && !e.p.result && !e.p.extracted ? [e.p] : []));
    if (!todo.length) return;
    const results = extractBatch(todo.map((p) => p.input));
    results.forEach((r, i) => {
      const p = todo[i]!;
      if (!r.extraction) {
        p.failed = `${p.input.id}: ${r.error}`;
        return;
      }
      p.extracted = r.extraction;
      const note = notCoded(r.extraction.document.language);
      if (note) opts.onNote?.(p.origin, note);
    });
  };
  const cut = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!batch.length) return chain;
    const entries = batch;
    batch = [];
    batchChars = 0;
    extractEntries(entries);
    queued++;
    chain = chain.then(() => storeBatch(entries)).finally(() => queued--);
    return chain;
  };
  const add = (e: Entry) => {
    batch.push(e);
    if (e.kind === 'doc') batchChars += e.p.raw.length;
    if (batch.length >= batchSize || batchChars >= MAX_BATCH_CHARS) void cut();
    else if (!timer) {
      timer = setTimeout(() => void cut(), batchMs);
    }
  };
  const settle = async () => {
    await cut();
  };
  opts.barrier?.set(settle);
  warmUp();
  try {
    for await (const item of items) {
      if (opts.signal?.aborted || failure) break;
      if (item.kind === 'error') {
        // reported in order with the documents around it
        add({ kind: 'error', origin: item.origin, message: item.message });
        continue;
      }
      const { input, origin } = item;
      const p: Pending = { input, origin, raw: rawOf(input) };
      if (unsettled.has(input.id)) await cut();
      if (failure) break;
      hold(input.id);
      try {
        if (!opts.force && (await alreadyStored(store, input, p.raw))) p.result = { report_id: input.id, status: 'unchanged', events: 0 };
      } catch (err) {
        release(input.id);
        failure ??= new StoreFailure(describeStoreError(err), origin);
        break;
      }
      add({ kind: 'doc', p });
      if (queued >= 2) await chain;
    }
    await cut();
  } finally {
    if (timer) clearTimeout(timer);
    opts.barrier?.set(async () => undefined);
  }
  if (failure) throw failure;
  summary.ms = Date.now() - started;
  return summary;
}

/** Extracts each document and keeps it and its events in the store. */
export async function ingestDocuments(
  store: Store,
  inputs: AsyncIterable<InputDocument> | Iterable<InputDocument>,
  opts: IngestOptions = {},
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  async function* items(): AsyncGenerator<ReadItem> {
    for await (const input of inputs) yield { kind: 'document', input, origin: input.id };
  }
  const onResult = opts.onResult;
  await ingestItems(store, items(), {
    ...opts,
    onResult: (r, origin) => {
      results.push(r);
      onResult?.(r, origin);
    },
  });
  return results;
}

export { safeFetch, FetchError, checkUrl, closeFetchAgents, type FetchOptions, type FetchResult } from './fetch.js';
export { restrictedKind } from './address.js';
export { parseFeed, looksLikeFeed, type Feed, type FeedItem } from './feeds.js';
export { classifySources, readSources, type Source } from './sources.js';
export { openFeedState, type FeedState, type FeedStateStore } from './feed-state.js';
