/** Request bodies and the acting user, checked before a handler trusts them. */
import type { Context } from 'hono';
import { ApiError, badParameter } from './errors.js';

/** The JSON object a write request carries; 415 for another media type, 400 for bad JSON. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw badParameter('body', 'the body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badParameter('body', 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Who is acting, for the audit log: the X-Sitrep-User header, or "api". */
export function actingUser(c: Context): string {
  const u = c.req.header('X-Sitrep-User');
  if (u === undefined || u.trim() === '') return 'api';
  if (u.length > 64 || !/^[\p{L}\p{N} ._@-]+$/u.test(u)) {
    throw badParameter('X-Sitrep-User', 'X-Sitrep-User must be a name of at most 64 letters, digits, spaces or ._@-');
  }
  return u.trim();
}

/** A path id as the store gives them out. */
export function pathId(c: Context, name = 'id'): string {
  const id = c.req.param(name) ?? '';
  if (!id || id.length > 200 || /[\u0000-\u001f]/.test(id)) throw badParameter(name, `${name} is not an id this API gives out`);
  return id;
}

export function stringList(body: Record<string, unknown>, name: string, min: number, max = 1000): string[] {
  const v = body[name];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '' || x.length > 200)) {
    throw badParameter(name, `${name} must be a list of ids`);
  }
  if (v.length < min) throw badParameter(name, `${name} must name at least ${min} id${min === 1 ? '' : 's'}`);
  if (v.length > max) throw badParameter(name, `${name} may name at most ${max} ids`);
  if (new Set(v).size !== v.length) throw badParameter(name, `${name} names an id more than once`);
  return v as string[];
}
