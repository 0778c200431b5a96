export { authorizer, principalOf, tokenFromAuthorization } from './authorizer.js';
export {
  CachingTokenVerifier,
  type CachingTokenVerifierOptions,
  DEFAULT_TOKEN_CACHE_MAX,
  DEFAULT_TOKEN_CACHE_MAX_TTL_SECONDS,
} from './caching-token-verifier.js';
export {
  EXPIRED_TOKEN_BODY,
  errorMapping,
  type HttpErrorResponse,
  HttpProblem,
  NOT_FOUND_BODY,
  toHttpError,
  UNAUTHORIZED_BODY,
} from './error-mapping.js';
export { etagOf, type IfMatch, parseIfMatch } from './if-match.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './json-body.js';
export { createNotesApi, type NotesApiOptions } from './notes-api.js';
export { NOTES_API, type NotesApiModuleOptions, notesApiModule } from './notes-api-module.js';
export { createOpenApiDocument, type OpenApiDocumentOptions } from './openapi.js';
export { REDACTED_PATHS, REQUEST_ID_HEADER, requestLogging } from './request-logging.js';
export { JSON_CONTENT_TYPE } from './responses.js';
