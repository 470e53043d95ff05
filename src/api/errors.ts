/**
 * Errors the API answers with: one JSON shape, one status code per kind, never a stack.
 *
 *     { "error": "bad_parameter", "parameter": "min_fatalities", "message": "min_fatalities must be a non-negative integer" }
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

export type ErrorKind =
  | 'bad_parameter'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'quota'
  | 'maintenance'
  | 'internal';

export const STATUS: Record<ErrorKind, 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503> = {
  bad_parameter: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  quota: 429,
  maintenance: 503,
  internal: 500,
};

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly parameter?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get status(): number {
    return STATUS[this.kind];
  }
  toJSON(): { error: ErrorKind; message: string; parameter?: string } {
    return this.parameter === undefined
      ? { error: this.kind, message: this.message }
      : { error: this.kind, parameter: this.parameter, message: this.message };
  }
}

export const badParameter = (parameter: string, message: string): ApiError =>
  new ApiError('bad_parameter', message, parameter);
export const notFound = (message: string): ApiError => new ApiError('not_found', message);

/** Answers an error as JSON with its status code and any headers it carries. */
export function errorResponse(c: Context, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(err.toJSON(), err.status as 400);
}

/** Error codes of databases and sockets that mean "the store cannot answer now", not "the request is wrong". */
const UNAVAILABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_READONLY',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006',
]);

/**
 * Maps anything thrown inside a handler to an ApiError: ours pass through, Hono's HTTP exceptions keep
 * their status, store errors are recognised by their code or message (not found, conflict, bad cursor,
 * unavailable), and everything else becomes a 500 whose details go to the log, not to the client.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    const kind = (Object.keys(STATUS) as ErrorKind[]).find((k) => STATUS[k] === err.status);
    return new ApiError(kind ?? 'internal', err.message || 'request failed');
  }
  const e = err as { code?: unknown; status?: unknown; message?: unknown; name?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  const name = typeof e?.name === 'string' ? e.name : '';
  if (name === 'StoreError') {
    // the store's own errors (src/store/errors.ts) say what kind they are
    if (code === 'not_found') return new ApiError('not_found', firstLine(message));
    if (code === 'conflict') return new ApiError('conflict', firstLine(message));
    if (code === 'locked' || code === 'unavailable') {
      return new ApiError('maintenance', `the event store is unavailable (${firstLine(message)}); try again shortly`, undefined, { 'Retry-After': '30' });
    }
    if (code === 'invalid') {
      if (/\bcursor\b/i.test(message)) return badParameter('cursor', 'cursor is not one this API gave out; start again without it');
      const field = /^filter (\w+):/.exec(message)?.[1];
      return new ApiError('bad_parameter', firstLine(message), field);
    }
  }
  if (UNAVAILABLE.has(code) || /database is locked|connection terminated|connect ECONNREFUSED|store (is )?(closed|unavailable)|driver has already been destroyed|connection is not open|after calling end on the pool|pool (has )?(ended|closed)/i.test(message)) {
    return new ApiError('maintenance', 'the event store is unavailable; try again shortly', undefined, { 'Retry-After': '30' });
  }
  if (code === 'NOT_FOUND' || name === 'NotFoundError' || e?.status === 404 || /\bnot found\b|no such event|unknown event/i.test(message)) {
    return new ApiError('not_found', firstLine(message) || 'not found');
  }
  if (code === 'CONFLICT' || name === 'ConflictError' || e?.status === 409 || /\bconflict|already (deleted|merged)|is deleted\b|was deleted\b/i.test(message)) {
    return new ApiError('conflict', firstLine(message) || 'conflict');
  }
  if (/\bcursor\b/i.test(message) && /invalid|bad|malformed|unknown/i.test(message)) {
    return badParameter('cursor', 'cursor is not one this API gave out; start again without it');
  }
  if (code === 'BAD_INPUT' || name === 'ValidationError' || e?.status === 400) {
    return new ApiError('bad_parameter', firstLine(message) || 'bad request');
  }
  return new ApiError('internal', 'internal error');
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}
