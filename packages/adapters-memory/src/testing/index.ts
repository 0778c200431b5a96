/**
 * Test support of the in-process adapters (`@secure-notes/adapters-memory/testing`): a clock that
 * moves only when told and a token verifier that knows a fixed set of tokens. Source only: no
 * build includes it, and no production code may import it.
 */
export { ManualClock } from './manual-clock.js';
export { StaticTokenVerifier } from './static-token-verifier.js';
