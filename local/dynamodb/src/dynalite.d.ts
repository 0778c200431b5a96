// dynalite ships no types; this is the part of its API that the tests use.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** A LevelDB directory to persist to; in memory when absent. */
    path?: string;
    /** How long a table stays CREATING / DELETING / UPDATING (default 500 ms). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
  }

  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
