/** POST /api/ingest: reports in (JSON or uploaded files), events out, through the same pipeline as the CLI. */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { InputDocument } from '../../model/index.js';
import type { StoredEvent } from '../../store/types.js';
import { FetchError, ingestDocuments, safeFetch } from '../../ingest/index.js';
import { decodeBody } from '../../ingest/charset.js';
import { ApiError, badParameter } from '../errors.js';
import { Query } from '../params.js';

const MAX_DOCUMENTS = 200;
const FIELDS = ['id', 'text', 'html', 'url', 'title', 'source', 'published'] as const;

export function ingestRoutes(deps: Deps): Hono {
  const app = new Hono();

  app.post('/ingest', async (c) => {
    new Query(c.req.url, []);
    const type = c.req.header('Content-Type') ?? '';
    const docs = /^multipart\/form-data/i.test(type)
      ? await fromUpload(c)
      : /^application\/(.+\+)?json\b/i.test(type)
        ? fromJson(await jsonBody(c))
        : unsupported();
    if (docs.length === 0) throw badParameter('body', 'no document to ingest');
    if (docs.length > MAX_DOCUMENTS) throw badParameter('body', `at most ${MAX_DOCUMENTS} documents per request`);
    const errors: { id: string; message: string }[] = [];
    const ready: InputDocument[] = [];
    for (const d of docs) {
      if (d.text !== undefined || d.html !== undefined || d.url === undefined) {
        ready.push(d);
        continue;
      }
      try {
        ready.push(await fetched(d, deps.ingest.allowPrivate ?? false));
      } catch (err) {
        const message = err instanceof FetchError || err instanceof Error ? err.message.split('\n')[0] : String(err);
        if (docs.length === 1) throw badParameter('url', message);
        errors.push({ id: d.id, message });
      }
    }
    const since = new Date(Date.now() - 1).toISOString();
    const results = await ingestDocuments(deps.store, ready, {
      ...deps.ingest,
      onError: (origin, message) => errors.push({ id: origin, message }),
    });
    if (results.length === 0 && errors.length > 0) {
      throw badParameter('body', `${errors[0].message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`);
    }
    // the events these reports now rest on: those changed since the request began (a few pages at most)
    const ids = new Set(results.filter((r) => r.status !== 'unchanged').map((r) => r.report_id));
    const events: StoredEvent[] = [];
    let cursor: string | undefined;
    for (let pages = 0; ids.size > 0 && pages < 20 && events.length < 10_000; pages++) {
      const p = await deps.store.listEvents({ updated_since: since }, cursor === undefined ? { limit: 1000 } : { cursor, limit: 1000 });
      for (const e of p.events) if (e.docs.some((d) => ids.has(d))) events.push(e);
      if (!p.next_cursor) break;
      cursor = p.next_cursor;
    }
    return c.json({ results, errors, events });
  });

  return app;
}

/** A URL's page, fetched safely (no private addresses unless allowed, size and time limits). */
async function fetched(d: InputDocument, allowPrivate: boolean): Promise<InputDocument> {
  const res = await safeFetch(d.url as string, { allowPrivate });
  const type = (res.contentType ?? 'text/html').split(';')[0].trim().toLowerCase();
  const doc: InputDocument = { ...d, url: res.url };
  if (type === 'text/plain') doc.text = res.text;
  else if (type === 'text/html' || type === 'application/xhtml+xml' || type === '' || /xml/.test(type)) doc.html = res.text;
  else throw new Error(`${d.url}: unsupported content type ${type}`);
  return doc;
}

function unsupported(): never {
  throw new ApiError('unsupported_media_type', 'send JSON ({"text": ...} or a list of such) or multipart/form-data files');
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw badParameter('body', 'the body is not valid JSON');
  }
}

/** One document object or a list of them: {text|html|url, title?, source?, published?, id?}. */
export function fromJson(body: unknown): InputDocument[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' && Array.isArray((body as { documents?: unknown }).documents) ? (body as { documents: unknown[] }).documents : [body];
  return list.map((item, i) => toInput(item, list.length > 1 ? `documents[${i}].` : ''));
}

function toInput(item: unknown, at: string): InputDocument {
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw badParameter(at ? at.slice(0, -1) : 'body', 'a document must be a JSON object');
  const o = item as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(FIELDS as readonly string[]).includes(k)) throw badParameter(`${at}${k}`, `unknown field ${k}; a document has ${FIELDS.join(', ')}`);
    if (typeof o[k] !== 'string') throw badParameter(`${at}${k}`, `${k} must be text`);
  }
  const s = o as Partial<Record<(typeof FIELDS)[number], string>>;
  const given = [s.text, s.html, s.url].filter((x) => x !== undefined && x !== '').length;
  if (given !== 1) throw badParameter(`${at}text`, 'a document needs exactly one of text, html or url');
  if (s.published !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(s.published)) {
    throw badParameter(`${at}published`, 'published must be a date YYYY-MM-DD');
  }
  if (s.url !== undefined) {
    let u: URL;
    try {
      u = new URL(s.url);
    } catch {
      throw badParameter(`${at}url`, 'url is not a valid URL');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badParameter(`${at}url`, 'url must be http or https');
  }
  if (s.id !== undefined && (s.id.length === 0 || s.id.length > 200)) throw badParameter(`${at}id`, 'id must be 1 to 200 characters');
  const content = s.url ?? s.html ?? s.text ?? '';
  const doc: InputDocument = { id: s.id ?? (s.url ? s.url : `api-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`) };
  for (const k of ['text', 'html', 'url', 'title', 'source', 'published'] as const) if (s[k] !== undefined && s[k] !== '') doc[k] = s[k];
  return doc;
}

/** Uploaded files: .html/.htm as pages, .jsonl as one document a line, anything else as plain text. */
async function fromUpload(c: Context): Promise<InputDocument[]> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw badParameter('body', 'the multipart body could not be read');
  }
  const docs: InputDocument[] = [];
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      fields[name] = value;
      continue;
    }
    const file = value as File;
    const fileName = (file.name || name).replace(/^.*[\\/]/, '');
    const text = decodeBody(Buffer.from(await file.arrayBuffer()), file.type || null);
    if (/\.jsonl$/i.test(fileName)) {
      text.split('\n').forEach((line, i) => {
        if (!line.trim()) return;
        let obj: unknown;
        try {
          obj = JSON.parse(line);
        } catch {
          throw badParameter(fileName, `${fileName} line ${i + 1} is not valid JSON`);
        }
        docs.push(toInput(obj, `${fileName}:${i + 1}.`));
      });
    } else if (/\.html?$/i.test(fileName) || /html/i.test(file.type)) {
      docs.push({ id: fileName, html: text });
    } else {
      docs.push({ id: fileName, text });
    }
  }
  const published = fields.published;
  if (published !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(published)) throw badParameter('published', 'published must be a date YYYY-MM-DD');
  for (const d of docs) {
    if (fields.source && !d.source) d.source = fields.source;
    if (published && !d.published) d.published = published;
  }
  return docs;
}
