export { notesModule } from './notes-module.js';
export { TOKENS } from './tokens.js';
