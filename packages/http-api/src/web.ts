/**
 * What the browser app and the places that serve it share, without the rest of the contract:
 * the app's bundle imports this entry, so nothing of the domain or the OpenAPI document reaches it.
 */
export { WEB_CLIENT, type WebClientDefinition, type WebClientUrls, webClientUrls } from './clients.js';
export {
  WEB_SECURITY_HEADERS,
  type WebAppOrigins,
  webCacheControl,
  webContentSecurityPolicy,
  webResponseHeaders,
} from './web-security-headers.js';
