/**
 * What several packages' tests share, the way Powertools keeps `packages/testing`: one test
 * token issuer serving its JWKS, the keys and forged tokens behind it, one DynamoDB pass-through
 * that counts and injects faults, and the environment helpers. A private workspace package with
 * no build: tests load its source (the `source` condition), and so do the benchmarks under plain
 * `node` (its relative imports name `.ts` files for that). Never a dependency of production code.
 */
export { numberSetting, useEnvironment } from './environment.ts';
export { type ForgedToken, type ForgeryInputs, forgedTokens } from './forged-tokens.ts';
export {
  countsSince,
  type Fault,
  type RecordedRequest,
  type RefusingEndpoint,
  refusingEndpoint,
  type StorageCounts,
  type StorageProxy,
  type StorageProxyOptions,
  startStorageProxy,
  type UpstreamAnswer,
  WRITE_OPERATIONS,
} from './storage-proxy.ts';
export {
  type JwksMode,
  type SigningChoice,
  startTestIssuer,
  type TestIssuer,
  type TestIssuerOptions,
} from './token-issuer.ts';
export {
  accessTokenClaims,
  type Claims,
  encodePart,
  forgeHs256WithPublicKey,
  idTokenClaims,
  jwksOf,
  makeTestKey,
  nowSeconds,
  signToken,
  splitToken,
  type TestKey,
} from './tokens.ts';
