/**
 * Careful fetching for feeds and pages: http(s) only, time-outs (connect and total), a size limit
 * enforced while streaming (and after decompression), a bounded number of redirects each checked
 * again, and no private, loopback or link-local addresses unless allowed. Addresses are checked
 * before connecting and again inside the connection's own DNS lookup, so a name that re-binds to a
 * private address between the two checks is still refused.
 */
import { lookup as dnsLookup, promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { restrictedKind } from './address.js';
import { decodeBody } from './charset.js';

export interface FetchOptions {
  /** allow private/loopback/link-local addresses (off by default) */
  allowPrivate?: boolean;
  /** whole request, redirects included (default 30 s) */
  timeoutMs?: number;
  /** TCP/TLS connect (default 10 s) */
  connectTimeoutMs?: number;
  /** largest body accepted, after decompression (default 10 MiB) */
  maxBytes?: number;
  /** default 5 */
  maxRedirects?: number;
  /** extra request headers, e.g. If-None-Match */
  headers?: Record<string, string>;
}

export interface FetchResult {
  /** the URL asked for */
  requestedUrl: string;
  /** the URL finally answered, after redirects */
  url: string;
  status: number;
  /** 304 to a conditional request: `text` is empty */
  notModified: boolean;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  text: string;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const USER_AGENT = 'sitrep/0.1 (conflict-report reader)';

/** A fetch that failed, with a one-line message that starts with the URL. */
export class FetchError extends Error {
  readonly url: string;
  constructor(url: string, reason: string) {
    super(`${url}: ${reason}`);
    this.name = 'FetchError';
    this.url = url;
  }
}

class RefusedAddress extends Error {
  readonly code = 'ESITREP_REFUSED';
}

function refusal(host: string, address: string, kind: string): string {
  const name = host === address ? '' : `resolves to `;
  return `refused: ${name}${kind} address ${address} (use --allow-private)`;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The DNS lookup the socket itself uses: refuses any restricted address it is handed. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as LookupAddress[];
    for (const a of list) {
      const kind = restrictedKind(a.address);
      if (kind) return callback(new RefusedAddress(refusal(hostname, a.address, kind)), '');
    }
    if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    if (options.all) callback(null, list);
    else callback(null, list[0].address, list[0].family);
  });
}

const agents = new Map<string, Agent>();
function agentFor(allowPrivate: boolean, connectTimeoutMs: number, timeoutMs: number): Agent {
  const key = `${allowPrivate}:${connectTimeoutMs}:${timeoutMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: allowPrivate ? { timeout: connectTimeoutMs } : { timeout: connectTimeoutMs, lookup: guardedLookup as never },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connections: 8,
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes pooled connections (lets a short CLI run exit promptly). */
export async function closeFetchAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close().catch(() => undefined)));
}

/** Checks a URL before any connection: scheme, and where its host name points. */
export async function checkUrl(raw: string, allowPrivate = false): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError(raw, 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError(raw, `refused: only http and https URLs are fetched, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw new FetchError(raw, 'refused: URLs with credentials are not fetched');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const kind = restrictedKind(host);
    if (kind) throw new FetchError(raw, refusal(host, host, kind));
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(host, { all: true });
  } catch (err) {
    throw new FetchError(raw, `cannot resolve ${host} (${(err as NodeJS.ErrnoException).code ?? 'DNS error'})`);
  }
  for (const a of addresses) {
    const kind = restrictedKind(a.address);
    if (kind) throw new FetchError(raw, refusal(host, a.address, kind));
  }
  return url;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : v;
}

function mb(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

function reason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  if (e instanceof RefusedAddress) return e.message;
  if (e?.cause instanceof RefusedAddress) return (e.cause as Error).message;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return `timed out after ${timeoutMs / 1000} s`;
  }
  if (e?.code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'host not found';
  if (e?.code === 'ECONNRESET' || e?.code === 'UND_ERR_SOCKET') return 'connection reset';
  const cause = e?.cause as { code?: string; message?: string } | undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  return e?.message ?? String(err);
}

/** Fetches a URL with every safeguard; throws FetchError with a one-line reason. */
export async function safeFetch(raw: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const allowPrivate = opts.allowPrivate ?? false;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const connectTimeoutMs = Math.min(opts.connectTimeoutMs ?? 10_000, timeoutMs);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? 5;
  const dispatcher = agentFor(allowPrivate, connectTimeoutMs, timeoutMs);
  const signal = AbortSignal.timeout(timeoutMs);
  let current = raw;
  for (let hop = 0; ; hop++) {
    let url: URL;
    try {
      url = await checkUrl(current, allowPrivate);
    } catch (err) {
      if (hop === 0 || !(err instanceof FetchError)) throw err;
      throw new FetchError(raw, `redirected to ${err.message}`);
    }
    let res;
    try {
      res = await request(url, {
        method: 'GET',
        dispatcher,
        signal,
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/*;q=0.8, */*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
          ...(opts.headers ?? {}),
        },
      });
    } catch (err) {
      throw new FetchError(raw, reason(err, timeoutMs));
    }
    const h = res.headers as Record<string, string | string[] | undefined>;
    if ([301, 302, 303, 307, 308].includes(res.statusCode) && header(h, 'location')) {
      await res.body.dump().catch(() => undefined);
      if (hop >= maxRedirects) throw new FetchError(raw, `too many redirects (more than ${maxRedirects})`);
      try {
        current = new URL(header(h, 'location')!, url).href;
      } catch {
        throw new FetchError(raw, `bad redirect location ${JSON.stringify(header(h, 'location'))}`);
      }
      continue;
    }
    const base = {
      requestedUrl: raw,
      url: url.href,
      status: res.statusCode,
      contentType: header(h, 'content-type'),
      etag: header(h, 'etag'),
      lastModified: header(h, 'last-modified'),
    };
    if (res.statusCode === 304) {
      await res.body.dump().catch(() => undefined);
      return { ...base, notModified: true, text: '' };
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump().catch(() => undefined);
      throw new FetchError(raw, `HTTP ${res.statusCode}`);
    }
    const declared = Number(header(h, 'content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.body.destroy();
      throw new FetchError(raw, `too large: ${mb(declared)} (limit ${mb(maxBytes)})`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          res.body.destroy();
          throw new FetchError(raw, `too large: more than ${mb(maxBytes)}`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof FetchError) throw err;
      throw new FetchError(raw, reason(err, timeoutMs));
    }
    let bytes = Buffer.concat(chunks);
    const encoding = (header(h, 'content-encoding') ?? '').trim().toLowerCase();
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
      else if (encoding === 'deflate') bytes = inflateSync(bytes, { maxOutputLength: maxBytes });
      else if (encoding === 'br') bytes = brotliDecompressSync(bytes, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new FetchError(raw, `too large: more than ${mb(maxBytes)} once decompressed`);
      }
      throw new FetchError(raw, `cannot decompress ${encoding} body`);
    }
    return { ...base, notModified: false, text: decodeBody(bytes, base.contentType) };
  }
}
