export * from './forged-tokens.js';
export * from './test-tokens.js';
