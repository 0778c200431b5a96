/**
 * The notes function's entrypoint (handler `index.handler`): everything is composed here, at
 * init, once per instance; the module's top-level await reads the page-token secret before the
 * first invocation.
 */
// The polyfill without its Map, Set and WeakMap fallbacks for runtimes older than ES2015: the
// entry point inversify imports itself, so the bundle carries (and the init evaluates) one copy.
import 'reflect-metadata/lite';
import { composeNotesFunction } from './composition.js';

export const handler = await composeNotesFunction(process.env);
