export { API_ENV, MIN_CURSOR_SECRET_LENGTH } from './api-env.js';
export { renderApiReference } from './api-reference.js';
export {
  ATTACHMENTS_ENV,
  attachmentSettings,
  attachmentSettingsFromEnv,
  attachmentSettingsToEnv,
} from './attachment-settings.js';
export { requireUnexpiredToken, tokenFromAuthorization } from './authorization.js';
export { WEB_CLIENT, type WebClientDefinition, type WebClientUrls, webClientUrls } from './clients.js';
export {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  CorsPolicy,
} from './cors.js';
export {
  type Answer,
  ENTRYPOINT_ANSWERS,
  ENTRYPOINTS,
  type Entrypoint,
  type EntrypointAnswers,
  FRONT_DOOR_ANSWERS,
  GATEWAY_ANSWERS,
  type PlainAnswer,
} from './entrypoints.js';
export {
  ERROR_ANSWERS,
  type ErrorAnswer,
  type ErrorAnswerDefinition,
  type ErrorAnswerName,
  HttpProblem,
  type JsonBody,
  toErrorAnswer,
  validationFailedBody,
} from './error-answers.js';
export { ADDRESS_RATE_LIMIT, ADDRESS_RATE_LIMITED_ANSWER, STAGE_THROTTLING } from './gateway-limits.js';
export { etagOf, type IfMatch, parseIfMatch } from './if-match.js';
export { DEFAULT_BODY_LIMIT_BYTES, forbiddenKeyError, parseJsonBody, parseJsonText } from './json-body.js';
export {
  createNotesHttpHandler,
  DEFAULT_STORAGE_BUDGET_MS,
  IDEMPOTENT_REPLAYED_HEADER,
  type NotesHttpHandler,
  type NotesHttpHandlerOptions,
  type NotesHttpRequest,
} from './notes-http-handler.js';
export { createOpenApiDocument, type OpenApiDocumentOptions } from './openapi.js';
export {
  LAMBDA_RESPONSE_LIMIT_BYTES,
  MAX_PAGE_PROXY_BYTES,
  PROXY_RESULT_PAGE_BUDGET,
  proxyBodyBytes,
} from './page-budget.js';
export { pageQueryOf, type QueryReader, type QueryValue, singleQueryValue } from './page-query.js';
export { requestFingerprint } from './request-fingerprint.js';
export { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
export { errorResponse, type HttpResponse, JSON_CONTENT_TYPE, jsonResponse, noContentResponse } from './responses.js';
export {
  findRoute,
  type HttpMethod,
  NOTES_ROUTE_BY_ID,
  NOTES_ROUTES,
  type NotesRoute,
  type NotesRouteId,
  resourcesOf,
} from './routes.js';
export {
  type WebAppConfig,
  type WebAppConfigInput,
  type WebAppOidcMetadata,
  webAppConfig,
} from './web-app-config.js';
export {
  WEB_SECURITY_HEADERS,
  type WebAppOrigins,
  webCacheControl,
  webContentSecurityPolicy,
  webResponseHeaders,
} from './web-security-headers.js';
