export { createApp, type AppOptions } from './app.js';
export { ApiError, toApiError, type ErrorKind } from './errors.js';
export { OPENAPI } from './openapi.js';
export { auth } from './middleware/auth.js';
export { securityHeaders, DEFAULT_CSP } from './middleware/security-headers.js';
export { rateLimit } from './middleware/rate-limit.js';
export { maintenance } from './middleware/maintenance.js';
export { hostCheck, LOOPBACK_HOSTS } from './middleware/host-check.js';
