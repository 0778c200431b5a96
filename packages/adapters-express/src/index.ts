export { authenticate, principalOf } from './authorizer.js';
export {
  CachingTokenVerifier,
  type CachingTokenVerifierOptions,
  DEFAULT_TOKEN_CACHE_MAX,
  DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS,
} from './caching-token-verifier.js';
export { errorMapping } from './error-mapping.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './json-body.js';
export { createNotesApi, type NotesApiOptions } from './notes-api.js';
export {
  addressKey,
  DEFAULT_RATE_LIMITS,
  type RateLimitCheck,
  type RateLimitOptions,
  type RateLimits,
  rateLimits,
} from './rate-limits.js';
export { REDACTED_PATHS, REQUEST_ID_HEADER, requestLogging } from './request-logging.js';
export { send } from './responses.js';
export { API_SECURITY_HEADERS, type HeaderList, securityHeaders } from './security-headers.js';
