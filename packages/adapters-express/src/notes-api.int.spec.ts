import { describeNotesApiScenarios } from '@secure-notes/http-api/testing';
import { expect } from 'vitest';
import { startMemoryServer } from './testing/memory-server.js';

// The whole scenario suite against a real listening server over the in-memory adapters. Every
// response is checked against the OpenAPI document (by the suite), and the run's log must hold
// no token and no note content.
describeNotesApiScenarios('Notes API over Express and the in-memory adapters', async () => {
  const server = await startMemoryServer();
  return {
    ...server.environment,
    close: async () => {
      await server.close();
      const secrets = [server.roles.alice.token, server.roles.bob.token, server.roles.admin.token];
      for (const secret of [...secrets, 'Hello world', 'Buy milk', 'Alice only', 'Bob was here', 'Untouched']) {
        expect(server.log.text.includes(secret), `the log holds ${secret.slice(0, 12)}…`).toBe(false);
      }
    },
  };
});
