import { expect } from 'vitest';
import { createOpenApiDocument } from './openapi.js';
import { startMemoryServer } from './test-helpers/memory-server.js';
import { openApiConformance } from './test-helpers/openapi-conformance.js';
import { describeNotesApiScenarios } from './testing/index.js';

// The whole scenario suite against a real listening server over the in-memory adapters. Every
// response is checked against the OpenAPI document on its way out (one that breaks it fails
// the test that caused it), and the run's log must hold no token and no note content.
describeNotesApiScenarios('Notes API over Express and the in-memory adapters', async () => {
  const server = await startMemoryServer({ before: [openApiConformance(createOpenApiDocument())] });
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
