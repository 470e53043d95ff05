/**
 * What `sitrep ingest` is given, turned into documents: files and folders (through the readers),
 * feed lists, and http(s) URLs, each either a feed (polled with ETag/Last-Modified, new items only)
 * or a single article page.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InputDocument } from '../model/index.js';
import { readInputs, type ReadItem } from '../read/index.js';
import type { FeedStateStore, FeedState } from './feed-state.js';
import { looksLikeFeed, parseFeed, type FeedItem } from './feeds.js';
import { FetchError, safeFetch, type FetchOptions } from './fetch.js';

export type Source =
  | { kind: 'paths'; paths: string[] }
  | { kind: 'url'; url: string; origin: string };

export interface SourceOptions {
  fetch?: FetchOptions;
  feedState: FeedStateStore;
  /** a line for the user about something that is not an error (e.g. "feed not modified") */
  onNote?: (message: string) => void;
  /** waited on before a feed's progress is saved: everything handed on must be stored by then */
  barrier?: { drain(): Promise<void> };
}

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** A feeds list: named *.feeds or feeds.txt, or given with --feeds. */
export function isFeedsListName(path: string): boolean {
  const name = basename(path).toLowerCase();
  return name.endsWith('.feeds') || name === 'feeds.txt' || name.endsWith('.feeds.txt');
}

/** URLs in a list file: one a line; blank lines and # comments skipped. */
export function parseUrlList(text: string): { urls: string[]; others: string[] } {
  const urls: string[] = [];
  const others: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    (isUrl(line) ? urls : others).push(line);
  }
  return { urls, others };
}

/** A top-level .txt argument holding nothing but URLs is a list of URLs, not a report. */
async function urlListIn(path: string): Promise<string[] | null> {
  if (!/\.txt$/i.test(path)) return null;
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const { urls, others } = parseUrlList(buf.subarray(0, bytesRead).toString('utf8'));
    return urls.length > 0 && others.length === 0 && bytesRead < buf.length ? urls : null;
  } finally {
    await fh.close();
  }
}

/** Sorts the command-line arguments into sources; feeds lists are read here. */
export async function classifySources(args: string[], feedsFiles: string[] = []): Promise<{ sources: Source[]; errors: string[] }> {
  const sources: Source[] = [];
  const errors: string[] = [];
  let paths: string[] = [];
  const flush = () => {
    if (paths.length) sources.push({ kind: 'paths', paths });
    paths = [];
  };
  const addList = async (file: string, required: boolean) => {
    let text: string;
    try {
      text = (await open(file, 'r').then(async (fh) => { try { return await fh.readFile('utf8'); } finally { await fh.close(); } }));
    } catch (err) {
      errors.push(`${file}: cannot read feeds list (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return;
    }
    const { urls, others } = parseUrlList(text);
    if (required || isFeedsListName(file)) others.forEach((o, i) => i < 3 && errors.push(`${file}: not an http(s) URL: ${o.slice(0, 80)}`));
    flush();
    for (const url of urls) sources.push({ kind: 'url', url, origin: `${file}: ${url}` });
  };
  for (const f of feedsFiles) await addList(f, true);
  for (const arg of args) {
    if (isUrl(arg)) {
      flush();
      sources.push({ kind: 'url', url: arg, origin: arg });
      continue;
    }
    const st = await stat(arg).catch(() => null);
    if (st?.isFile() && isFeedsListName(arg)) {
      await addList(arg, true);
      continue;
    }
    if (st?.isFile()) {
      const urls = await urlListIn(arg);
      if (urls) {
        flush();
        for (const url of urls) sources.push({ kind: 'url', url, origin: `${arg}: ${url}` });
        continue;
      }
    }
    paths.push(arg); // the readers say what is wrong with a missing or unreadable path
  }
  flush();
  return { sources, errors };
}

function pageDocument(id: string, url: string, contentType: string | null, text: string, extra: Partial<InputDocument> = {}): InputDocument | string {
  const type = (contentType ?? 'text/html').split(';')[0].trim().toLowerCase();
  if (type === 'text/plain') return { id, url, text, ...extra };
  if (type === 'text/html' || type === 'application/xhtml+xml' || type === '' || /xml/.test(type)) return { id, url, html: text, ...extra };
  return `unsupported content type ${type}`;
}

const itemKey = (item: FeedItem) => `${item.id}\u0000${item.version}`;
const SEEN_LIMIT = 5000;

async function* feedDocuments(url: string, origin: string, feedText: string, baseUrl: string, validators: { etag: string | null; lastModified: string | null }, previous: FeedState | undefined, opts: SourceOptions): AsyncGenerator<ReadItem> {
  let feed;
  try {
    feed = parseFeed(feedText, baseUrl);
  } catch (err) {
    yield { kind: 'error', origin, message: `${url}: ${(err as Error).message}` };
    return;
  }
  const seen = new Set(previous?.seen ?? []);
  const nowSeen: string[] = [];
  let fresh = 0;
  let failed = 0;
  for (const item of feed.items) {
    const key = itemKey(item);
    if (seen.has(key)) {
      nowSeen.push(key);
      continue;
    }
    const extra: Partial<InputDocument> = {};
    if (item.title) extra.title = item.title;
    if (item.published) extra.published = item.published;
    const id = item.link ?? item.id;
    let doc: InputDocument | string | null = null;
    let why = '';
    if (item.link) {
      try {
        const page = await safeFetch(item.link, opts.fetch);
        doc = pageDocument(id, page.url, page.contentType, page.text, extra);
        if (typeof doc === 'string') { why = doc; doc = null; }
      } catch (err) {
        why = err instanceof FetchError ? err.message : `${item.link}: ${(err as Error).message}`;
      }
    }
    if (!doc && item.html) {
      doc = { id, html: item.html, ...(item.link ? { url: item.link } : {}), ...extra };
      if (why) opts.onNote?.(`${why}; using the feed's own text`);
    }
    if (!doc || typeof doc === 'string') {
      failed++;
      yield { kind: 'error', origin: `${origin} item ${item.id}`, message: why || `${url}: item ${item.id} has no link and no text` };
      continue;
    }
    fresh++;
    yield { kind: 'document', input: doc, origin: `${url} item ${item.link ?? item.id}` };
    nowSeen.push(key);
  }
  // saved only once every new item has been handed on and stored: a run killed half-way polls again in full
  await opts.barrier?.drain();
  await opts.feedState.set(url, {
    etag: failed ? null : validators.etag,
    lastModified: failed ? null : validators.lastModified,
    seen: nowSeen.slice(-SEEN_LIMIT),
    lastPolledAt: new Date().toISOString(),
    lastStatus: `${fresh} new item(s)${failed ? `, ${failed} failed` : ''}`,
  });
}

/** One URL: a feed (conditional request when polled before) or a page. */
export async function* urlDocuments(url: string, origin: string, opts: SourceOptions): AsyncGenerator<ReadItem> {
  const previous = await opts.feedState.get(url);
  const headers: Record<string, string> = {};
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  let res;
  try {
    res = await safeFetch(url, { ...opts.fetch, headers: { ...(opts.fetch?.headers ?? {}), ...headers } });
  } catch (err) {
    yield { kind: 'error', origin, message: err instanceof FetchError ? err.message : `${url}: ${(err as Error).message}` };
    return;
  }
  if (res.notModified) {
    opts.onNote?.(`${url}: feed not modified`);
    if (previous) await opts.feedState.set(url, { ...previous, lastPolledAt: new Date().toISOString(), lastStatus: 'not modified' });
    return;
  }
  if (looksLikeFeed(res.contentType, res.text)) {
    yield* feedDocuments(url, origin, res.text, res.url, { etag: res.etag, lastModified: res.lastModified }, previous, opts);
    return;
  }
  const doc = pageDocument(url, res.url, res.contentType, res.text);
  if (typeof doc === 'string') {
    yield { kind: 'error', origin, message: `${url}: ${doc}` };
    return;
  }
  yield { kind: 'document', input: doc, origin: url };
}

/** Every document the sources hold, in order, with one-line errors in between. */
export async function* readSources(sources: Source[], opts: SourceOptions): AsyncGenerator<ReadItem> {
  for (const source of sources) {
    if (source.kind === 'paths') yield* readInputs(source.paths);
    else yield* urlDocuments(source.url, source.origin, opts);
  }
}
