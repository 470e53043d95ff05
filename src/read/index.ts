/**
 * Readers: files, directories (recursive), `-` or nothing for stdin; .txt, .html/.htm, .jsonl, and
 * the same gzipped (.jsonl.gz streams; the size limit applies to what comes out of a .gz).
 * Streams documents one at a time (JSON Lines line by line), so memory stays flat however many there are.
 * Bad input never stops a run: it becomes an error item with a one-line message naming the file (and line).
 */
import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { pipeline, type Readable } from 'node:stream';
import type { InputDocument } from '../model/index.js';
import { decode } from './decode.js';
import { splitLines } from './lines.js';

export { decode, guessEightBit, looksBinary } from './decode.js';
export { splitLines } from './lines.js';

/** One item out of the readers: a document, or a one-line error naming the file (and line). */
export type ReadItem =
  | { kind: 'document'; input: InputDocument; origin: string }
  | { kind: 'error'; origin: string; message: string };

export interface ReadOptions {
  /** a single file (or one JSON Lines record) larger than this is refused; default 100 MB */
  maxBytes?: number;
  /** where `-` reads from; default process.stdin */
  stdin?: Readable;
  /** a web page larger than this is refused (parsing one takes many times its size in memory); default 20 MB */
  maxHtmlBytes?: number;
  /** default `published` for documents that do not carry one */
  published?: string;
}

export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_HTML_BYTES = 20 * 1024 * 1024;
const KINDS: Record<string, 'text' | 'html' | 'jsonl'> = {
  '.txt': 'text',
  '.text': 'text',
  '': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The kind of a file by its name; `.gz` files by the name inside ("docs.jsonl.gz" is JSON Lines). */
function kindOf(name: string): { kind: 'text' | 'html' | 'jsonl' | undefined; gzip: boolean } {
  const lower = name.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const inner = gzip ? lower.slice(0, -3) : lower;
  const ext = extname(inner);
  return { kind: gzip && ext === '' ? undefined : KINDS[ext], gzip };
}

function fsMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'ERR_BUFFER_TOO_LARGE':
      return code === 'ERR_BUFFER_TOO_LARGE' ? 'too large once decompressed' : 'not a valid gzip file';
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read it (permission denied)';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return `cannot read it (${code ?? (err as Error)?.message ?? String(err)})`;
  }
}

/** Reads files, directories (recursive), `-` for stdin: .txt, .html/.htm, .jsonl. */
export async function* readInputs(paths: string[], opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const list = paths.length ? paths : ['-'];
  for (const p of list) {
    if (p === '-') yield* readStdin(opts);
    else yield* readPath(p, opts, true, new Set());
  }
}

async function* readPath(path: string, opts: ReadOptions, explicit: boolean, seenDirs: Set<string>): AsyncGenerator<ReadItem> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    yield { kind: 'error', origin: path, message: fsMessage(err) };
    return;
  }
  if (st.isDirectory()) {
    let real: string;
    let names: string[];
    try {
      real = await realpath(path);
      names = (await readdir(path)).sort();
    } catch (err) {
      yield { kind: 'error', origin: path, message: fsMessage(err) };
      return;
    }
    if (seenDirs.has(real)) return; // a symbolic link back up the tree
    seenDirs.add(real);
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const child = join(path, name);
      let cst;
      try {
        cst = await stat(child);
      } catch (err) {
        yield { kind: 'error', origin: child, message: fsMessage(err) };
        continue;
      }
      // inside a directory, only files of the known kinds are read; others are passed over
      if (cst.isDirectory() || (extname(name) !== '' && kindOf(name).kind)) {
        yield* readPath(child, opts, false, seenDirs);
      }
    }
    return;
  }
  if (!st.isFile()) {
    yield { kind: 'error', origin: path, message: 'not a regular file' };
    return;
  }
  const { kind, gzip } = kindOf(basename(path));
  if (!kind) {
    if (explicit) yield { kind: 'error', origin: path, message: `not a .txt, .html, .htm or .jsonl file` };
    return;
  }
  if (kind === 'jsonl') {
    yield* readJsonl(path, gzip ? pipeline(createReadStream(path), createGunzip(), () => {}) : createReadStream(path), opts);
    return;
  }
  const max = kind === 'html' ? Math.min(opts.maxHtmlBytes ?? DEFAULT_MAX_HTML_BYTES, opts.maxBytes ?? DEFAULT_MAX_BYTES) : (opts.maxBytes ?? DEFAULT_MAX_BYTES);
  if (st.size > max && !gzip) {
    yield { kind: 'error', origin: path, message: `too large (${mb(st.size)}; the limit for one document is ${mb(max)})` };
    return;
  }
  if (st.size === 0) {
    yield { kind: 'error', origin: path, message: 'empty file' };
    return;
  }
  let buf: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      buf = await fh.readFile();
      // a small file may hold a huge one: the limit applies to what comes out
      if (gzip) buf = gunzipSync(buf, { maxOutputLength: max });
    } finally {
      await fh.close();
    }
  } catch (err) {
    yield { kind: 'error', origin: path, message: fsMessage(err) };
    return;
  }
  if (buf.length === 0) {
    yield { kind: 'error', origin: path, message: 'empty file' };
    return;
  }
  yield docFromBytes(path, basename(path).replace(/\.gz$/i, ''), buf, kind, opts);
}

function docFromBytes(origin: string, id: string, buf: Buffer, kind: 'text' | 'html', opts: ReadOptions): ReadItem {
  const d = decode(buf, { html: kind === 'html' });
  if (!d.ok) return { kind: 'error', origin, message: d.reason };
  if (!d.text.trim()) return { kind: 'error', origin, message: 'empty file (only white space)' };
  const input: InputDocument = kind === 'html' ? { id, html: d.text } : { id, text: d.text };
  if (opts.published) input.published = opts.published;
  return { kind: 'document', input, origin };
}

async function* readStdin(opts: ReadOptions): AsyncGenerator<ReadItem> {
  const stream = opts.stdin ?? process.stdin;
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await it.next();
  if (first.done) {
    yield { kind: 'error', origin: 'stdin', message: 'nothing on standard input' };
    return;
  }
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const rest: AsyncIterable<Buffer | string> = {
    [Symbol.asyncIterator]: () => ({ next: () => it.next() }),
  };
  const all = (async function* () {
    yield head;
    yield* rest;
  })();
  const start = head.toString('latin1', 0, Math.min(head.length, 256)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (start.startsWith('{')) {
    yield* readJsonl('stdin', all, opts);
    return;
  }
  // one document: text or a web page
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of all) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    size += b.length;
    if (size > max) {
      yield { kind: 'error', origin: 'stdin', message: `too large (over ${mb(max)}, the limit for one document)` };
      return;
    }
    parts.push(b);
  }
  const buf = Buffer.concat(parts);
  yield docFromBytes('stdin', 'stdin', buf, /^<(!doctype|html|head|body)/i.test(start) ? 'html' : 'text', opts);
}

/** JSON Lines: `{"id", "text" | "html", "url"?, "title"?, "source"?, "published"?}` one a line. */
async function* readJsonl(origin: string, chunks: AsyncIterable<Buffer | string>, opts: ReadOptions): AsyncGenerator<ReadItem> {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const base = origin === 'stdin' ? 'stdin' : basename(origin);
  let any = false;
  try {
    for await (const line of splitLines(chunks, max)) {
      const at = `${origin}:${line.n}`;
      if ('tooLong' in line) {
        any = true;
        yield { kind: 'error', origin: at, message: `line too long (over ${mb(max)})` };
        continue;
      }
      let s = line.bytes.toString('utf8');
      if (line.n === 1) s = s.replace(/^\uFEFF/, '');
      if (!s.trim()) continue;
      any = true;
      yield parseRecord(s, at, `${base}:${line.n}`, opts);
    }
  } catch (err) {
    yield { kind: 'error', origin, message: fsMessage(err) };
    return;
  }
  if (!any) yield { kind: 'error', origin, message: 'empty file (no JSON Lines records)' };
}

function parseRecord(s: string, at: string, fallbackId: string, opts: ReadOptions): ReadItem {
  let o: unknown;
  try {
    o = JSON.parse(s);
  } catch (err) {
    // "Unterminated string in JSON at position 31" → "unterminated string at column 32"
    const why = (err as Error).message
      .split('\n')[0]
      .replace(/\s*(?:in JSON )?at position (\d+).*$/, (_, p: string) => ` at column ${Number(p) + 1}`)
      .replace(/^./, (c) => c.toLowerCase());
    return { kind: 'error', origin: at, message: `not valid JSON (${why})` };
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return { kind: 'error', origin: at, message: 'not a JSON object' };
  const r = o as Record<string, unknown>;
  for (const k of ['text', 'html', 'url', 'title', 'source', 'published']) {
    if (r[k] != null && typeof r[k] !== 'string') return { kind: 'error', origin: at, message: `"${k}" must be a string` };
  }
  if (r.id != null && typeof r.id !== 'string' && typeof r.id !== 'number') {
    return { kind: 'error', origin: at, message: '"id" must be a string or a number' };
  }
  const text = r.text as string | undefined;
  const html = r.html as string | undefined;
  if (!text?.trim() && !html?.trim()) return { kind: 'error', origin: at, message: 'no "text" or "html"' };
  const maxHtml = opts.maxHtmlBytes ?? DEFAULT_MAX_HTML_BYTES;
  if (!text?.trim() && html && html.length > maxHtml) {
    return { kind: 'error', origin: at, message: `"html" too large (${mb(html.length)}; the limit for a web page is ${mb(maxHtml)})` };
  }
  const published = (r.published as string | undefined)?.trim();
  if (published && !DATE.test(published.slice(0, 10))) {
    return { kind: 'error', origin: at, message: `"published" is not a date (YYYY-MM-DD): ${JSON.stringify(published).slice(0, 40)}` };
  }
  const input: InputDocument = { id: r.id != null && String(r.id).trim() ? String(r.id) : fallbackId };
  if (text?.trim()) input.text = text;
  else input.html = html;
  if (r.url) input.url = r.url as string;
  if (r.title) input.title = r.title as string;
  if (r.source) input.source = r.source as string;
  if (published) input.published = published.slice(0, 10);
  else if (opts.published) input.published = opts.published;
  return { kind: 'document', input, origin: at };
}
