import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

export interface AuthOptions {
  /** the write token; requests that change data must send `Authorization: Bearer <token>` */
  token: string;
  /** whether reads (GET, HEAD) need the token too: on when the server listens beyond loopback */
  readsNeedToken?: boolean;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bearer-token check: 401 when the token is missing, 403 when it is wrong. Reads pass without it
 * unless `readsNeedToken`.
 *
 * @example
 * app.use('/api/*', auth({ token: process.env.SITREP_TOKEN!, readsNeedToken: false }));
 */
export function auth(options: AuthOptions): MiddlewareHandler {
  if (!options.token) throw new Error('auth: a token is required');
  const expected = digest(options.token);
  return async function auth(c, next) {
    const isRead = READ_METHODS.has(c.req.method);
    if (isRead && !options.readsNeedToken) return next();
    const header = c.req.header('Authorization');
    const what = isRead ? 'reading from this server' : 'changing data';
    if (!header) {
      throw new ApiError('unauthorized', `${what} needs the token: send Authorization: Bearer <token>`, undefined, {
        'WWW-Authenticate': 'Bearer realm="sitrep"',
      });
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      throw new ApiError('unauthorized', 'the Authorization header must be "Bearer <token>"', undefined, {
        'WWW-Authenticate': 'Bearer realm="sitrep", error="invalid_request"',
      });
    }
    if (!timingSafeEqual(digest(m[1]), expected)) throw new ApiError('forbidden', 'the token is not the one this server accepts');
    return next();
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
