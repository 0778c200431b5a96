/**
 * The notes function's entrypoint (handler `index.handler`): everything is composed here, at
 * init, once per instance.
 */
import 'reflect-metadata';
import { composeNotesFunction } from './composition.js';

export const handler = composeNotesFunction(process.env);
